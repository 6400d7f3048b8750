from django import forms
from django.contrib import admin
from django.db.models import F
from markdownx.widgets import AdminMarkdownxWidget

from .admin_revisions import RevisionAdminMixin
from .models import Article


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
        return queryset


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ("title", "slug", "summary", "body", "published_at")
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": AdminMarkdownxWidget,
        }


@admin.register(Article)
class ArticleAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = ("title", "status_label", "published_at", "last_updated_label")
    list_filter = (StatusFilter,)
    search_fields = ("title", "summary", "slug")
    date_hierarchy = "published_at"
    # Drafts (no publish time) first, then newest.
    ordering = (F("published_at").desc(nulls_first=True), "-id")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("updated_at", "created", "modified")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Publishing", {"fields": ("published_at", "updated_at")}),
        ("Record", {"classes": ("collapse",), "fields": ("created", "modified")}),
    )

    @admin.display(description="status", ordering="published_at")
    def status_label(self, article):
        return article.get_status_display()

    @admin.display(description="last updated", ordering="updated_at")
    def last_updated_label(self, article):
        return article.last_updated
