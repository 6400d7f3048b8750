"""The front page in the admin: placements in its slots (scheduled or now), the section
blocks, the breaking banner. Who changed what, when: each row says who placed it, and
the admin's history (LogEntry) keeps every add, change and removal."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, BreakingNews, FrontPlacement, FrontSection

from .timestamps import staff_time


class FrontPlacementForm(forms.ModelForm):
    class Meta:
        model = FrontPlacement
        fields = ("section", "slot", "article", "starts_at", "headline", "standfirst")

    def clean_article(self):
        article = self.cleaned_data["article"]
        section = self.cleaned_data.get("section")
        if section is not None and article.section_id != section.pk:
            raise forms.ValidationError(f"This story is not filed in {section}.")
        if not (article.is_published or Article.objects.scheduled().filter(pk=article.pk).exists()):
            raise forms.ValidationError(
                "Only a published or scheduled story can go on the front page."
            )
        return article


@admin.register(FrontPlacement)
class FrontPlacementAdmin(admin.ModelAdmin):
    form = FrontPlacementForm
    list_display = (
        "front",
        "slot",
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

    @admin.display(description="front", ordering="section")
    def front(self, placement):
        return placement.section.name if placement.section else "Home page"

    @admin.display(description="headline on the front")
    def front_headline(self, placement):
        return placement.headline or "(the article's)"

    @admin.display(description="shown from", ordering="starts_at")
    def shown_from(self, placement):
        return staff_time(placement.starts_at)

    @admin.display(description="state")
    def state(self, placement):
        if placement.starts_at > timezone.now():
            return "Scheduled"
        if placement.replaced:
            return "Replaced"
        if not placement.article.is_published:
            return "Story not published: skipped"
        return "On the front"


@admin.register(FrontSection)
class FrontSectionAdmin(admin.ModelAdmin):
    list_display = ("section", "position", "stories", "changed_by", "changed_at")
    list_editable = ("position", "stories")
    ordering = ("position", "pk")

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ("text", "switched_on", "shown_from", "shown_until", "state", "changed_by")
    list_editable = ("switched_on",)
    fields = ("text", "link", "switched_on", "starts_at", "expires_at")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("expires_at", timezone.now() + timedelta(hours=2))
        return initial

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="shown from", ordering="starts_at")
    def shown_from(self, banner):
        return staff_time(banner.starts_at)

    @admin.display(description="shown until", ordering="expires_at")
    def shown_until(self, banner):
        return staff_time(banner.expires_at)

    @admin.display(description="state")
    def state(self, banner):
        now = timezone.now()
        if not banner.switched_on or banner.expires_at <= now:
            return "Off"
        return "Scheduled" if banner.starts_at > now else "On the front"
