import functools
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import (
    Article,
    Author,
    Correction,
    ReviewState,
    Revision,
    Section,
    TrashedArticle,
)
from articles.models.story import staff_language_name
from articles.pagination import BoundedPaginator
from articles.search import matches_in_any_language, uses_full_text_search

from . import (
    autosave,
    bulk,
    conflicts,
    previews,
    revisions,
    translation_views,
    translations,
    views,
    workflow,
)
from .forms import ArticleForm
from .front_admin import BreakingNewsAdmin, FrontPlacementAdmin  # noqa: F401 - registers them
from .import_admin import ImportRunAdmin  # noqa: F401 - registers it
from .photo_admin import ExpiredPicturesFilter, PhotoAdmin  # noqa: F401 - registers it
from .saving import save_article
from .site_page_admin import SitePageAdmin  # noqa: F401 - registers it
from .timestamps import staff_time

admin.site.site_header = format_lazy(_("{site} admin"), site=settings.NEWSROOM_SITE_NAME)
admin.site.site_title = settings.NEWSROOM_SITE_NAME
SLUG_PLACEHOLDER = "slug-stands-here"
# The list's Translate action starts at most this many drafts per press.
TRANSLATE_AT_ONCE = 50


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return (
            *Article.Status.choices,
            ("in_review", _("In review")),
            ("approved", _("Approved, not scheduled")),
            ("embargoed", _("Embargoed")),
            ("pending", _("Live with pending changes")),
        )

    def queryset(self, request, queryset):
        match self.value():
            case Article.Status.DRAFT:
                return queryset.drafts()
            case Article.Status.SCHEDULED:
                return queryset.scheduled()
            case Article.Status.PUBLISHED:
                return queryset.published()
            case Article.Status.WITHDRAWN:
                return queryset.withdrawn()
            case "in_review":
                return queryset.filter(review_state=ReviewState.IN_REVIEW)
            case "approved":
                return queryset.drafts().filter(review_state=ReviewState.APPROVED)
            case "embargoed":
                return queryset.embargoed()
            case "pending":  # annotated by ArticleAdmin.get_queryset()
                return queryset.published().filter(
                    Q(latest_revision_kind=Revision.Kind.DRAFT) | Q(has_waiting_corrections=True)
                )
        return queryset


class CorrectionInline(admin.StackedInline):
    """Append-only for writers: without change permission, saved corrections are read-only."""

    model = Correction
    extra = 0
    fields = ("kind", "text", "created_at", "awaiting_editor", "amended_at", "amended_by")
    readonly_fields = ("created_at", "awaiting_editor", "amended_at", "amended_by")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "status_label",
        "next_scheduled",
        "published_at",
        "last_updated_label",
    )
    list_filter = (StatusFilter, "language", ExpiredPicturesFilter)
    actions = bulk.ACTIONS
    action_form = bulk.ArticleActionForm
    search_fields = ("title", "summary", "slug")
    # No date_hierarchy: its distinct-years query reads every article on each list view
    # (1.5 s at a million); the status filter and full-text search find articles instead.
    # One count per list view, not two, for the same reason.
    show_full_result_count = False
    # Counting stops at NEWSROOM_MAX_LIST_PAGES pages: a search for a common word matches
    # hundreds of thousands of articles, and counting them all took seconds.
    paginator = BoundedPaginator
    # Drafts (no publish time) first, then newest.
    ordering = (F("published_at").desc(nulls_first=True), "-id")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "lead_photo", "social_photo")
    readonly_fields = ("updated_at", "created", "modified", "editorial_record")
    fieldsets = (
        (None, {"fields": ("language", "title", "slug", "summary", "body")}),
        (_("Byline and filing"), {"fields": ("byline", "translator", "section", "tags")}),
        (
            _("Lead image"),
            {"fields": ("lead_photo", "lead_alt_text", "lead_caption", "lead_decorative")},
        ),
        (
            _("Publishing"),
            {
                "fields": (
                    "published_at",
                    "embargo_until",
                    "expires_at",
                    "updated_at",
                    "minor_change",
                    "update_note",
                )
            },
        ),
        (
            _("Search and sharing"),
            {
                "classes": ("search-and-sharing",),
                "fields": (
                    "seo_title",
                    "seo_description",
                    "social_headline",
                    "social_description",
                    "social_photo",
                ),
            },
        ),
        (_("Withdrawal"), {"classes": ("collapse",), "fields": ("withdrawn", "withdrawal_reason")}),
        (
            _("Record"),
            {"classes": ("collapse",), "fields": ("created", "modified", "editorial_record")},
        ),
    )

    class Media:
        css = {"all": ("desk/workflow.css",)}  # status badges: list and form

    # --- The change list -------------------------------------------------------------

    def get_queryset(self, request):
        latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-id")
        return (
            super()
            .get_queryset(request)
            .out_of_trash()  # deleted articles are listed in the trash (TrashAdmin)
            .annotate(
                latest_revision_kind=Subquery(latest.values("kind")[:1]),
                latest_revision_by=Subquery(latest.values("author__username")[:1]),
                has_waiting_corrections=Exists(
                    Correction.objects.filter(article=OuterRef("pk"), awaiting_editor=True)
                ),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # On PostgreSQL the admin searches like readers do, through the GIN-indexed vector:
        # icontains over a million bodies would scan every row. Editors search every
        # language version, whatever the language of the admin.
        if search_term.strip() and uses_full_text_search(queryset.db):
            matches = queryset.filter(
                matches_in_any_language(search_term) | Q(slug=search_term.strip())
            )
            return matches, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("status"), ordering="published_at")
    def status_label(self, article):
        status = _list_status(article)
        # The version's language, as a code: the list has no room for another column.
        badge = format_html(
            '<abbr class="language-code" title="{}" lang="{}">{}</abbr> '
            '<span class="status-badge status-{}">{}</span>',
            staff_language_name(article.language),
            article.language,
            article.language.upper(),
            status.key,
            status.label,
        )
        changes = self.unpublished_changes(article)
        if not changes:
            return badge
        return format_html('{}<br><span class="status-detail">{}</span>', badge, changes)

    @admin.display(description=_("next scheduled"))
    def next_scheduled(self, article):
        moment = _list_status(article).next_time
        return staff_time(moment) if moment is not None else ""

    @admin.display(description=_("last updated"), ordering="updated_at")
    def last_updated_label(self, article):
        return article.last_updated

    def unpublished_changes(self, article):
        if getattr(article, "latest_revision_kind", None) != Revision.Kind.DRAFT:
            return ""
        return _("Draft by %(name)s") % {"name": article.latest_revision_by or _("someone")}

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    def has_change_permission(self, request, obj=None):
        # Editors limited to some languages read the others (to translate from them).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or translations.may_work_in(request.user, obj.language))

    def get_actions(self, request):
        actions = super().get_actions(request)
        # The list's actions change what they select: only in the user's languages.
        actions = {
            name: (_in_working_languages(func), name, description)
            for name, (func, name, description) in actions.items()
        }
        if self.has_add_permission(request):
            for language in translations.working_languages(request.user):
                action = _translate_action(language)
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def response_action(self, request, queryset):
        # A writer's crafted approve/schedule/publish: refused by name, not "No action selected".
        refusal = bulk.refused(request.POST.get("action", ""), request.user)
        if refusal is not None:
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        # One transaction for the whole action: every article, or none.
        with transaction.atomic():
            return super().response_action(request, queryset)

    # --- The form ----------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        if request.method != "POST" or not self._in_transaction():
            return super().get_object(request, object_id, from_field)
        # A save reads the stored article once, under its row lock (PostgreSQL): the version
        # check and the save happen under it, so a second save of the same version waits
        # here, then sees the first one's revision.
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            lookup = {field.name: field.to_python(object_id)}
            return Article._base_manager.select_for_update().get(trashed_at=None, **lookup)
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    @staticmethod
    def _in_transaction():
        return transaction.get_connection().in_atomic_block

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        user, restoring = request.user, self._revision_to_restore(request, obj)

        class RequestArticleForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=user, restoring=restoring, **form_kwargs)

        return RequestArticleForm

    def _revision_to_restore(self, request, article):
        if article is None or "restore" not in request.GET:
            return None
        try:
            return article.revisions.get(pk=int(request.GET["restore"]))
        except (ValueError, Revision.DoesNotExist):
            raise Http404("This article has no such revision.") from None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author and "byline" not in initial:
            initial["byline"] = [author.pk]
        return initial

    def get_inlines(self, request, obj):
        # Corrections belong to articles readers have seen.
        if obj is not None and obj.is_public_since_published:
            return (CorrectionInline,)
        return ()

    @admin.display(description=_("record of editorial acts"))
    def editorial_record(self, article):
        events = article.events.select_related("actor") if article.pk else ()
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant separator
                _("{} — {} by {}: {}"),
                (
                    (
                        staff_time(event.at),
                        event.get_kind_display(),
                        event.actor or _("someone"),
                        event.detail,
                    )
                    for event in events
                ),
            )
            or "—"
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_type = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        if may_type:
            context["autosave"] = autosave.for_form(request, self, obj)
        # The search-result preview writes the address with the slug being typed.
        context["slug_placeholder"] = SLUG_PLACEHOLDER
        context["article_address"] = reverse("articles:article", kwargs={"slug": SLUG_PLACEHOLDER})
        if change and obj is not None:
            # Someone who may only read the article is not "also editing" it.
            if request.method == "GET" and self.has_change_permission(request, obj):
                others = conflicts.note_editor(obj, request.user)
            else:
                others = conflicts.other_editors(obj, request.user)
            context["also_editing"] = conflicts.describe_editors(others)
            context["revision_urls"] = views.article_urls(self, obj)
            context["preview_link_hours"] = previews.link_lifetime().total_seconds() // 3600
            form = context["adminform"].form
            pending = form.draft is not None or workflow.has_waiting_corrections(obj)
            context["workflow_status"] = workflow.status_of(obj, pending_changes=pending)
            context["preview_links"] = [
                (link, request.build_absolute_uri(link.path))
                for link in obj.preview_links.working().select_related("created_by")
            ]
            context["editor_notes"] = obj.editor_notes.select_related("author")[:50]
        else:
            context["workflow_status"] = workflow.status_of(Article())
        context["may_publish"] = workflow.may_publish(request.user)
        if change and obj is not None:
            context.update(self._language_versions(request, obj))
        context["in_review"] = obj is not None and obj.review_state == ReviewState.IN_REVIEW
        context["approved"] = obj is not None and obj.review_state == ReviewState.APPROVED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _language_versions(self, request, article):
        """The story's other versions, what this one was translated from, and the
        languages it can still be translated into."""
        versions = list(
            Article.objects.out_of_trash()
            .filter(story_id=article.story_id)
            .exclude(pk=article.pk)
            .only("pk", "title", "language", "story_id")
            .order_by("language")
        )
        present = {article.language, *(version.language for version in versions)}
        working = translations.working_languages(request.user)
        may_add = self.has_add_permission(request)
        source = article.translation_of
        return {
            "other_versions": [(staff_language_name(v.language), v) for v in versions],
            "translated_from": source,
            "translated_from_language": staff_language_name(source.language) if source else "",
            "translation_is_stale": translations.is_stale(article),
            "translate_into": [
                (code, staff_language_name(code))
                for code in translations.language_codes()
                if code not in present and code in working and may_add
            ],
            "translate_url": reverse("admin:articles_article_translate", args=[article.pk]),
            "up_to_date_url": reverse("admin:articles_article_up_to_date", args=[article.pk]),
        }

    # --- Deleting moves to the trash (TrashAdmin restores or deletes for good) --------

    def delete_model(self, request, obj):
        obj.move_to_trash()

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article.move_to_trash()

    def response_delete(self, request, obj_display, obj_id):
        # Django would say "deleted successfully"; the article waits in the trash.
        self.message_user(
            request,
            ngettext(
                "“%(article)s” is in the trash for %(days)d day; an administrator can restore "
                "it from there.",
                "“%(article)s” is in the trash for %(days)d days; an administrator can restore "
                "it from there.",
                settings.NEWSROOM_TRASH_DAYS,
            )
            % {"article": obj_display, "days": settings.NEWSROOM_TRASH_DAYS},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    # --- Saving: everything happens in save_article(), in order ----------------------

    def save_model(self, request, obj, form, change):
        pass  # saved with its relations, corrections and revision by save_related()

    def save_related(self, request, form, formsets, change):
        corrections = next((f for f in formsets if f.model is Correction), None)
        # The button pressed decides, by the rule the form checked the changes against.
        save_article(
            form.instance,
            form,
            request.user,
            as_draft=workflow.saves_as_draft(form, request.POST),
            action=workflow.pressed(request.POST, form.is_live),
            corrections=corrections,
        )

    def response_add(self, request, obj, post_url_continue=None):
        if workflow.button_pressed(request.POST):
            return self._workflow_response(request, obj, added=True)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        saved = revisions.latest_revision(obj)
        if saved is not None and saved.kind == Revision.Kind.DRAFT:
            if workflow.RETURN in request.POST:
                message = _(
                    "Changes returned to the writer, unpublished. Readers still see the "
                    "published version."
                )
            elif workflow.SUBMIT in request.POST:
                message = _(
                    "Changes submitted for review. Readers still see the published version "
                    "until an editor publishes them."
                )
            elif workflow.may_publish(request.user):
                message = _(
                    "Draft saved. Readers still see the published version until you publish "
                    "the changes."
                )
            else:
                message = _(
                    "Draft saved. Readers still see the published version until an editor "
                    "publishes the changes."
                )
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        if workflow.button_pressed(request.POST):
            return self._workflow_response(request, obj)
        if "_save_anyway" in request.POST:
            self.message_user(
                request,
                _("Saved. The version you replaced stays in the history."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        response = super().response_change(request, obj)
        # Django keeps the query string on "Save and continue": the form would offer the
        # revision just restored once more.
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = _without_restore(response["Location"])
        return response

    def _workflow_response(self, request, article, added=False):
        done = _("“%(article)s” was added.") if added else _("“%(article)s” was saved.")
        self.message_user(
            request,
            f"{done % {'article': article}} {workflow.done_message(request.POST, article)}",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(views.article_urls(self, article)["change"])

    # --- Extra pages (desk/views.py) ---------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"

        def page(view):
            return self.admin_site.admin_view(
                lambda request, object_id: view(request, self, object_id)
            )

        return [
            path(
                "<path:object_id>/history/compare/",
                page(views.compare),
                name=f"{name}_compare",
            ),
            path("<path:object_id>/preview/", page(views.draft_preview), name=f"{name}_preview"),
            path(
                "<path:object_id>/share-preview/",
                page(views.share_preview),
                name=f"{name}_share_preview",
            ),
            path(
                "<path:object_id>/share-preview/revoke/",
                page(views.revoke_preview),
                name=f"{name}_revoke_preview",
            ),
            path("<path:object_id>/editing/", page(views.heartbeat), name=f"{name}_editing"),
            # Before the object pages: "add" is not an article id.
            path(
                "add/autosave/",
                self.admin_site.admin_view(lambda request: views.autosave_article(request, self)),
                name=f"{name}_autosave_new",
            ),
            path(
                "<path:object_id>/autosave/", page(views.autosave_article), name=f"{name}_autosave"
            ),
            path("<path:object_id>/notes/", page(views.add_note), name=f"{name}_notes"),
            path(
                "<path:object_id>/translate/",
                page(translation_views.translate),
                name=f"{name}_translate",
            ),
            path(
                "<path:object_id>/up-to-date/",
                page(translation_views.mark_up_to_date),
                name=f"{name}_up_to_date",
            ),
            path(
                "translations/",
                self.admin_site.admin_view(lambda request: translation_views.board(request, self)),
                name=f"{name}_translations",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        return views.history(request, self, object_id, extra_context)


def _in_working_languages(action):
    @functools.wraps(action)
    def in_working_languages(modeladmin, request, queryset):
        languages = translations.working_languages(request.user)
        if queryset.exclude(language__in=languages).exists():
            modeladmin.message_user(
                request,
                _("You may only work in %(languages)s: select versions in those languages.")
                % {"languages": ", ".join(staff_language_name(code) for code in languages)},
                messages.ERROR,
            )
            return None
        return action(modeladmin, request, queryset)

    return in_working_languages


def _translate_action(language):
    def translate(modeladmin, request, queryset):
        made, opened = [], []
        for source in queryset.select_related("story")[:TRANSLATE_AT_ONCE]:
            version, created = translations.translate(source, language, request.user)
            (made if created else opened).append(version)
        if len(made) + len(opened) == 1:
            return HttpResponseRedirect(
                views.article_urls(modeladmin, (made or opened)[0])["change"]
            )
        message = ngettext(
            "Started %(count)d draft in %(language)s.",
            "Started %(count)d drafts in %(language)s.",
            len(made),
        ) % {"count": len(made), "language": staff_language_name(language)}
        if opened:
            message += " " + ngettext(
                "%(count)d story already had one.",
                "%(count)d stories already had one.",
                len(opened),
            ) % {"count": len(opened)}
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None

    translate.__name__ = f"translate_into_{language}"
    translate.short_description = _("Translate into %(language)s (a draft)") % {
        "language": staff_language_name(language)
    }
    translate.allowed_permissions = ("add",)
    return translate


def _list_status(article):
    pending = getattr(article, "latest_revision_kind", None) == Revision.Kind.DRAFT or getattr(
        article, "has_waiting_corrections", False
    )
    return workflow.status_of(article, pending_changes=pending)


def _without_restore(url):
    parts = urlsplit(url)
    kept = [(name, value) for name, value in parse_qsl(parts.query) if name != "restore"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "user")
    search_fields = ("name", "user__username")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)


@admin.register(TrashedArticle)
class TrashAdmin(admin.ModelAdmin):
    """Deleted articles: restorable by whoever may delete (administrators) until
    NEWSROOM_TRASH_DAYS have passed (manage.py purge_trash), or deleted for good here."""

    list_display = ("title", "trashed_at", "purged_after", "status_before")
    search_fields = ("title", "slug")
    actions = ("restore", "delete_for_good")
    ordering = ("-trashed_at", "-id")

    def get_queryset(self, request):
        return super().get_queryset(request).in_trash()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_module_permission(self, request):
        return request.user.has_perm("articles.delete_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.delete_article")

    has_delete_permission = has_view_permission

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        # The trashed article's own delete page deletes for good, as an Article.
        self._articles(TrashedArticle.objects.filter(pk=obj.pk)).get().delete()

    def delete_queryset(self, request, queryset):
        for article in self._articles(queryset):
            article.delete()

    @admin.display(description=_("deleted for good after"))
    def purged_after(self, article):
        return article.purged_after

    @admin.display(description=_("was"))
    def status_before(self, article):
        return article.get_status_display()

    @staticmethod
    def _articles(queryset):
        # As Articles, not the proxy: signals (cache invalidation, tombstones) are
        # connected for Article.
        return Article.objects.in_trash().filter(pk__in=queryset.values("pk"))

    @admin.action(description=_("Restore the selected articles"), permissions=("delete",))
    def restore(self, request, queryset):
        restored = 0
        for article in self._articles(queryset):
            article.restore_from_trash()
            restored += 1
        message = ngettext(
            # The English text keeps "(s)" (as it always read); other languages' plurals.
            "Restored %(count)d article(s), as they were.",
            "Restored %(count)d article(s), as they were.",
            restored,
        )
        self.message_user(request, message % {"count": restored}, messages.SUCCESS)

    @admin.action(
        description=_("Delete the selected articles for good (cannot be undone)"),
        permissions=("delete",),
    )
    def delete_for_good(self, request, queryset):
        count = 0
        for article in self._articles(queryset):
            article.delete()
            count += 1
        message = ngettext(
            "Deleted %(count)d article(s) for good.",
            "Deleted %(count)d article(s) for good.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
