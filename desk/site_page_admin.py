"""The site's own pages in the admin: editors write them in Markdown with the live preview
articles have; writers may read them. Saving renders the body once (SitePage.save())."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import AdminMarkdownxWidget

from articles.models import SitePage

from .timestamps import staff_time


class SitePageForm(forms.ModelForm):
    class Meta:
        model = SitePage
        fields = ("language", "title", "slug", "body", "show_in_footer", "footer_order")
        widgets = {"body": AdminMarkdownxWidget}


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    form = SitePageForm
    list_display = ("title", "language", "slug", "show_in_footer", "footer_order", "last_updated")
    list_filter = ("language", "show_in_footer")
    search_fields = ("title", "slug", "body")
    ordering = ("language", "footer_order", "title")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("language", "title", "slug", "body")}),
        (_("Footer"), {"fields": ("show_in_footer", "footer_order")}),
        (_("History"), {"fields": ("last_updated", "updated_by")}),
    )
    readonly_fields = ("last_updated", "updated_by")

    def save_model(self, request, obj, form, change):
        # Who last changed what readers read (the footer settings are not news).
        if not change or {"title", "body"} & set(form.changed_data):
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("last updated"), ordering="updated_at")
    def last_updated(self, page):
        return staff_time(page.updated_at) if page.updated_at else ""
