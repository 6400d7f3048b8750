"""
The admin side of filing an article: its byline (ordered authors), section and tags,
each picked with the admin's autocomplete; a writer's own author profile is
preselected on a new article. Also the section and author admins.

ArticleForm and ArticleAdmin (admin.py) mix these in.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from taggit.models import Tag

from .models import Article, Author, Section


class OrderedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    # Django draws the chosen options in database order; a byline keeps the editor's order.
    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        order = {str(v): i for i, v in enumerate(value)}
        for _group, options, _index in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class BylineField(forms.ModelMultipleChoiceField):
    """Authors in the order they were chosen: "By A, B and C"."""

    def clean(self, value):
        chosen = {str(author.pk): author for author in super().clean(value)}
        return [chosen[str(pk)] for pk in dict.fromkeys(value or ()) if str(pk) in chosen]


class FilingFormMixin(forms.Form):
    byline = BylineField(
        queryset=Author.objects.all(),
        required=False,
        widget=OrderedAutocompleteSelectMultiple(Article._meta.get_field("authors"), admin.site),
        help_text="The authors in the order readers see them: By A, B and C.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "byline" not in self.initial:
            self.initial["byline"] = [author.pk for author in self.instance.byline_authors]

    def _save_m2m(self):
        super()._save_m2m()
        if "byline" in self.cleaned_data:
            self.instance.set_byline(self.cleaned_data["byline"])


class FilingAdminMixin:
    FILING_FIELDSET = ("Byline and filing", {"fields": ("byline", "section", "tags")})
    autocomplete_fields = ("section",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # TaggableManager is not a ManyToManyField, so autocomplete_fields cannot
            # name it; the same widget is built by hand. The + button adds a new tag.
            widget = AutocompleteSelectMultiple(db_field, self.admin_site)
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                widget=RelatedFieldWidgetWrapper(widget, db_field.remote_field, self.admin_site),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author and "byline" not in initial:
            initial["byline"] = [author.pk]
        return initial


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
