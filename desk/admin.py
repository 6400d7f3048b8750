from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.models import Article, Author, Correction, Revision, Section
from articles.pagination import BoundedPaginator
from articles.search import articles_query, uses_full_text_search

from . import conflicts, previews, revisions, views
from .forms import ArticleForm
from .photo_admin import ExpiredPicturesFilter, PhotoAdmin  # noqa: F401 - registers it
from .saving import save_article
from .timestamps import staff_time

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} admin"
admin.site.site_title = settings.NEWSROOM_SITE_NAME


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

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
        return queryset


class CorrectionInline(admin.StackedInline):
    """Append-only for writers: without change permission, saved corrections are read-only."""

    model = Correction
    extra = 0
    fields = ("kind", "text", "created_at", "amended_at", "amended_by")
    readonly_fields = ("created_at", "amended_at", "amended_by")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "status_label",
        "published_at",
        "last_updated_label",
        "unpublished_changes",
    )
    list_filter = (StatusFilter, ExpiredPicturesFilter)
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
    autocomplete_fields = ("section", "lead_photo")
    readonly_fields = ("updated_at", "created", "modified", "editorial_record")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Byline and filing", {"fields": ("byline", "section", "tags")}),
        (
            "Lead image",
            {"fields": ("lead_photo", "lead_alt_text", "lead_caption", "lead_decorative")},
        ),
        ("Publishing", {"fields": ("published_at", "updated_at", "minor_change", "update_note")}),
        ("Withdrawal", {"classes": ("collapse",), "fields": ("withdrawn", "withdrawal_reason")}),
        (
            "Record",
            {"classes": ("collapse",), "fields": ("created", "modified", "editorial_record")},
        ),
    )

    # --- The change list -------------------------------------------------------------

    def get_queryset(self, request):
        latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_revision_kind=Subquery(latest.values("kind")[:1]),
                latest_revision_by=Subquery(latest.values("author__username")[:1]),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # On PostgreSQL the admin searches like readers do, through the GIN-indexed vector:
        # icontains over a million bodies would scan every row.
        if search_term.strip() and uses_full_text_search(queryset.db):
            matches = queryset.filter(
                Q(search_vector=articles_query(search_term)) | Q(slug=search_term.strip())
            )
            return matches, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="status", ordering="published_at")
    def status_label(self, article):
        if article.status == Article.Status.SCHEDULED:
            return f"Scheduled for {staff_time(article.published_at)}"
        return article.get_status_display()

    @admin.display(description="last updated", ordering="updated_at")
    def last_updated_label(self, article):
        return article.last_updated

    @admin.display(description="unpublished changes")
    def unpublished_changes(self, article):
        if getattr(article, "latest_revision_kind", None) != Revision.Kind.DRAFT:
            return ""
        return f"Draft by {article.latest_revision_by or 'someone'}"

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
            return Article._base_manager.select_for_update().get(**lookup)
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

    @admin.display(description="record of editorial acts")
    def editorial_record(self, article):
        events = article.events.select_related("actor") if article.pk else ()
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant separator
                "{} — {} by {}: {}",
                (
                    (
                        staff_time(event.at),
                        event.get_kind_display(),
                        event.actor or "someone",
                        event.detail,
                    )
                    for event in events
                ),
            )
            or "—"
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            # Someone who may only read the article is not "also editing" it.
            if request.method == "GET" and self.has_change_permission(request, obj):
                others = conflicts.note_editor(obj, request.user)
            else:
                others = conflicts.other_editors(obj, request.user)
            context["also_editing"] = conflicts.describe_editors(others)
            context["revision_urls"] = views.article_urls(self, obj)
            context["preview_link_hours"] = previews.link_lifetime().total_seconds() // 3600
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Saving: everything happens in save_article(), in order ----------------------

    def save_model(self, request, obj, form, change):
        pass  # saved with its relations, corrections and revision by save_related()

    def save_related(self, request, form, formsets, change):
        corrections = next((f for f in formsets if f.model is Correction), None)
        # The button pressed decides, by the rule the form checked the changes against.
        as_draft = revisions.is_draft_save(form.is_live, request.POST)
        save_article(form.instance, form, request.user, as_draft=as_draft, corrections=corrections)

    def response_change(self, request, obj):
        saved = revisions.latest_revision(obj)
        if saved is not None and saved.kind == Revision.Kind.DRAFT:
            self.message_user(
                request,
                "Draft saved. Readers still see the published version until you publish "
                "the changes.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if "_save_anyway" in request.POST:
            self.message_user(
                request,
                "Saved. The version you replaced stays in the history.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        response = super().response_change(request, obj)
        # Django keeps the query string on "Save and continue": the form would offer the
        # revision just restored once more.
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = _without_restore(response["Location"])
        return response

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
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        return views.history(request, self, object_id, extra_context)


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
