"""The front page in the admin: placements in its slots (scheduled or now), the section
blocks, the breaking banner. Who changed what, when: each row says who placed it, the
admin's history (LogEntry) keeps every add, change and removal, and the front's history
page lists them all. The preview shows the front as readers will see it at a chosen
moment, scheduled leads and banners included."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.cards import card
from articles.front import banner_at, build_front
from articles.models import Article, BreakingNews, FrontPlacement, FrontSection, Section

from . import translations
from .timestamps import staff_time

FRONT_MODELS = (FrontPlacement, FrontSection, BreakingNews)
HISTORY_PER_PAGE = 50


class FrontPlacementForm(forms.ModelForm):
    class Meta:
        model = FrontPlacement
        fields = ("section", "slot", "article", "starts_at", "headline", "standfirst", "crop")

    def clean_article(self):
        article = self.cleaned_data["article"]
        section = self.cleaned_data.get("section")
        if section is not None and article.section_id != section.pk:
            raise forms.ValidationError(
                _("This story is not filed in %(section)s.") % {"section": section}
            )
        if not (article.is_published or Article.objects.scheduled().filter(pk=article.pk).exists()):
            raise forms.ValidationError(
                _("Only a published or scheduled story can go on the front page.")
            )
        return article


@admin.register(FrontPlacement)
class FrontPlacementAdmin(admin.ModelAdmin):
    form = FrontPlacementForm
    list_display = (
        "front",
        "slot",
        "order",
        "article",
        "front_headline",
        "shown_from",
        "state",
        "placed_by",
    )
    list_display_links = ("article",)
    list_filter = ("section", "slot")
    autocomplete_fields = ("article",)
    date_hierarchy = "starts_at"
    search_fields = ("article__title", "headline")

    def get_queryset(self, request):
        now = timezone.now()
        newer = (
            FrontPlacement.objects.annotate(front=Coalesce("section_id", 0))
            .filter(front=OuterRef("front"), slot=OuterRef("slot"))
            .filter(starts_at__gt=OuterRef("starts_at"), starts_at__lte=now)
        )
        return (
            super()
            .get_queryset(request)
            .select_related("article", "placed_by", "section")
            .annotate(front=Coalesce("section_id", 0), replaced=Exists(newer))
        )

    def save_model(self, request, obj, form, change):
        obj.placed_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "preview/",
                self.admin_site.admin_view(lambda request: front_preview(request, self)),
                name=f"{name}_preview",
            ),
            path(
                "<int:pk>/move/<direction>/",
                self.admin_site.admin_view(
                    require_POST(
                        lambda request, pk, direction: move_placement(request, self, pk, direction)
                    )
                ),
                name=f"{name}_move",
            ),
            path(
                "front-history/",
                self.admin_site.admin_view(lambda request: front_history(request, self)),
                name=f"{name}_front_history",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("move"))
    def order(self, placement):
        """Buttons of the list's own form (formaction): up or down one slot, from now."""
        if not self.is_on_front(placement):
            return ""
        slots = 1 + settings.NEWSROOM_FRONT_TOP_STORIES
        return format_html_join(
            " ",
            '<button type="submit" class="button" formmethod="post" formaction="{}" '
            'aria-label="{} {}">{}</button>',
            (
                (
                    reverse("admin:articles_frontplacement_move", args=[placement.pk, direction]),
                    label,
                    placement.article.title,
                    arrow,
                )
                for direction, label, arrow, allowed in (
                    ("up", _("Move up:"), "▲", placement.slot > 1),
                    ("down", _("Move down:"), "▼", placement.slot < slots),
                )
                if allowed
            ),
        )

    def is_on_front(self, placement):
        return (
            placement.starts_at <= timezone.now()
            and not placement.replaced
            and placement.article.is_published
        )

    @admin.display(description=_("front"), ordering="section")
    def front(self, placement):
        return placement.section.name if placement.section else _("Home page")

    @admin.display(description=_("headline on the front"))
    def front_headline(self, placement):
        return placement.headline or _("(the article's)")

    @admin.display(description=_("shown from"), ordering="starts_at")
    def shown_from(self, placement):
        return staff_time(placement.starts_at)

    @admin.display(description=_("state"))
    def state(self, placement):
        if placement.starts_at > timezone.now():
            return _("Scheduled")
        if placement.replaced:
            return _("Replaced")
        if not placement.article.is_published:
            return _("Story not published: skipped")
        return _("On the front")


def move_placement(request, model_admin, pk, direction):
    """Swap a story on the front with its neighbour's slot, from now on: new placements
    (recorded with who and when), so the front's history keeps what was there before."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    placement = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    slots = 1 + settings.NEWSROOM_FRONT_TOP_STORIES
    target = placement.slot + {"up": -1, "down": 1}.get(direction, 0)
    if target == placement.slot or not 1 <= target <= slots:
        return HttpResponseBadRequest(_("A story moves up or down within the front's slots."))
    if not model_admin.is_on_front(placement):
        messages.error(request, _("Only a story on the front now can be moved."))
        return redirect("admin:articles_frontplacement_changelist")
    # Swapped with what readers see in that slot: the desk's placement there, or the
    # latest news filling it (which then gets a placement of its own).
    front = build_front(placement.section)
    shown = [front.lead, *front.top] if front.lead else []
    if len(shown) < target:
        messages.error(
            request, _("Slot %(slot)d is empty: there is nothing to swap with.") % {"slot": target}
        )
        return redirect("admin:articles_frontplacement_changelist")
    neighbour = (
        FrontPlacement.objects.current()
        .on_front(placement.section)
        .filter(slot=target, article_id=shown[target - 1].pk)
        .first()
    ) or FrontPlacement(section=placement.section, slot=target, article_id=shown[target - 1].pk)
    now = timezone.now()
    with transaction.atomic():
        for moving, slot in ((placement, target), (neighbour, placement.slot)):
            moved = FrontPlacement.objects.create(
                slot=slot,
                section=moving.section,
                article_id=moving.article_id,
                headline=moving.headline,
                standfirst=moving.standfirst,
                crop=moving.crop,
                starts_at=now,
                placed_by=request.user,
            )
            model_admin.log_addition(request, moved, f"Moved from slot {moving.slot} to {slot}.")
    messages.success(
        request,
        _("“%(article)s” is now in slot %(slot)d.")
        % {"article": placement.article, "slot": target},
    )
    return redirect("admin:articles_frontplacement_changelist")


@admin.register(FrontSection)
class FrontSectionAdmin(admin.ModelAdmin):
    list_display = ("section", "position", "stories", "changed_by", "changed_at")
    list_editable = ("position", "stories")
    ordering = ("position", "pk")

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


class BreakingNewsForm(forms.ModelForm):
    """A banner in one of the languages the editor works in (desk/translations.py)."""

    class Meta:
        model = BreakingNews
        fields = ("text", "language", "link", "switched_on", "starts_at", "expires_at")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        language = self.fields["language"]
        # Scripts and older posts that name no language put it on the default one's pages.
        language.required = False
        allowed = translations.working_languages(user)
        if self.instance.pk and self.instance.language not in allowed:
            # Shown as it is, and the save refused (clean_language): offering only the
            # editor's languages would move the banner to another language's pages.
            language.disabled = True
            return
        language.choices = [(code, name) for code, name in language.choices if code in allowed]
        if not self.instance.pk and settings.LANGUAGE_CODE not in allowed:
            self.initial.setdefault("language", allowed[0])

    def clean_language(self):
        language = self.cleaned_data.get("language") or settings.LANGUAGE_CODE
        refused = translations.refusal_for(self.user, language)
        if refused is not None:
            raise forms.ValidationError(refused, code="language_not_allowed")
        return language


class BannerSwitchForm(forms.ModelForm):
    """The banner list's on/off checkbox, under the banner form's language rule: a banner
    in a language the editor does not work in is shown, not switched."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not translations.may_work_in(user, self.instance.language):
            self.fields["switched_on"].disabled = True


def _for_user(form, user):
    """`form` made with the editor's user, as the admin itself makes it without one."""

    class WithUser(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, user=user, **kwargs)

    return WithUser


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    form = BreakingNewsForm
    list_display = (
        "text", "language", "switched_on", "shown_from", "shown_until", "state", "changed_by",
    )  # fmt: skip
    list_editable = ("switched_on",)
    list_filter = ("language",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _for_user(super().get_form(request, obj, change, **kwargs), request.user)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", BannerSwitchForm)
        return _for_user(super().get_changelist_form(request, **kwargs), request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("expires_at", timezone.now() + timedelta(hours=2))
        return initial

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("shown from"), ordering="starts_at")
    def shown_from(self, banner):
        return staff_time(banner.starts_at)

    @admin.display(description=_("shown until"), ordering="expires_at")
    def shown_until(self, banner):
        return staff_time(banner.expires_at)

    @admin.display(description=_("state"))
    def state(self, banner):
        now = timezone.now()
        if not banner.switched_on or banner.expires_at <= now:
            return _("Off")
        return _("Scheduled") if banner.starts_at > now else _("On the front")


class PreviewForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Readers will see it at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Home page"),
        label=_("Front"),
    )


def front_preview(request, model_admin):
    """The front as readers will see it at a moment (now by default): the placements and
    banner in force then, the articles published by then. For the desk only; never
    cached, never indexed."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    data = request.GET.copy()
    data.setdefault("at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    form = PreviewForm(data)
    if form.is_valid():
        at, section = form.cleaned_data["at"], form.cleaned_data["section"]
        front = build_front(section, at=at)
        listed = Article.objects.published(at).select_related("lead_photo")
        if section is not None:
            listed = listed.filed_under(section)
        more_news = [
            card(article)
            for article in listed.exclude(pk__in=front.shown)
            .defer("body", "body_html", "search_vector")
            .order_by("-published_at")[:10]
        ]
        context = {"front": front, "more_news": more_news, "breaking_news": banner_at(at)}
        status = 200
    else:
        context, status = {"front": None, "articles": []}, 400
    response = render(
        request,
        "articles/home.html",
        {**context, "preview_form": form, "preview_at": form.cleaned_data.get("at")},
        status=status,
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def front_history(request, model_admin):
    """Every change to the front, newest first: who, when, what (the admin's own log of
    placements, section blocks and banners, removals included)."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    types = ContentType.objects.get_for_models(*FRONT_MODELS).values()
    entries = (
        LogEntry.objects.filter(content_type__in=types)
        .select_related("user", "content_type")
        .order_by("-action_time", "-pk")
    )
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "admin/articles/frontplacement/front_history.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": _("History of the front page"),
            "page_obj": page,
            "rows": [
                {
                    "when": staff_time(entry.action_time),
                    "who": entry.user.get_username() if entry.user else "",
                    "action": (
                        _("Added")
                        if entry.is_addition()
                        else _("Changed")
                        if entry.is_change()
                        else _("Removed")
                    ),
                    "kind": entry.content_type.name if entry.content_type else "",
                    "what": entry.object_repr,
                    "url": None if entry.is_deletion() else entry.get_admin_url(),
                    "message": entry.get_change_message(),
                }
                for entry in page
            ],
        },
    )
