from django import forms
from django.contrib import admin
from django.db.models import F, Q
from django.utils import timezone

from .admin_revisions import RevisionAdminMixin
from .filing_admin import FilingAdminMixin, FilingFormMixin
from .lifecycle_admin import LifecycleAdminMixin, LifecycleFormMixin
from .models import Article
from .pagination import BoundedPaginator
from .search import articles_query, uses_full_text_search
from .uploads import ArticleBodyEditor, ImageAltTextFormMixin


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


class ArticleForm(ImageAltTextFormMixin, LifecycleFormMixin, FilingFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = (
            "title",
            "slug",
            "summary",
            "body",
            "published_at",
            "update_note",
            "withdrawal_reason",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 2}),
            "body": ArticleBodyEditor,
        }


@admin.register(Article)
class ArticleAdmin(RevisionAdminMixin, LifecycleAdminMixin, FilingAdminMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ("title", "status_label", "published_at", "last_updated_label")
    list_filter = (StatusFilter,)
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
    readonly_fields = ("updated_at", "created", "modified", "editorial_record")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        FilingAdminMixin.FILING_FIELDSET,
        ("Publishing", {"fields": ("published_at", "updated_at", "minor_change", "update_note")}),
        ("Withdrawal", {"classes": ("collapse",), "fields": ("withdrawn", "withdrawal_reason")}),
        (
            "Record",
            {"classes": ("collapse",), "fields": ("created", "modified", "editorial_record")},
        ),
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
            when = timezone.localtime(article.published_at)
            return f"Scheduled for {when:%Y-%m-%d %H:%M} {when.tzname()}"
        return article.get_status_display()

    @admin.display(description="last updated", ordering="updated_at")
    def last_updated_label(self, article):
        return article.last_updated
