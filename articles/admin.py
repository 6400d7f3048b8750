from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.db.models import F
from markdownx.widgets import AdminMarkdownxWidget
from taggit.models import Tag

from .models import Article, Author, Section


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


# --- Byline and tags on the article form --------------------------------------


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


def tags_form_field(db_field, admin_site):
    """Tags picked with the admin's autocomplete; the + button adds a new tag."""
    widget = AutocompleteSelectMultiple(db_field, admin_site)
    return forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        widget=RelatedFieldWidgetWrapper(widget, db_field.remote_field, admin_site),
        help_text=db_field.help_text,
    )


class BylineFormMixin(forms.Form):
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


class ArticleForm(BylineFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ("title", "slug", "summary", "body", "published_at")
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": AdminMarkdownxWidget,
        }


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ("title", "status_label", "published_at", "last_updated_label")
    list_filter = (StatusFilter,)
    search_fields = ("title", "summary", "slug")
    date_hierarchy = "published_at"
    # Drafts (no publish time) first, then newest.
    ordering = (F("published_at").desc(nulls_first=True), "-id")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("updated_at", "created", "modified")
    autocomplete_fields = ("section",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        ("Publishing", {"fields": ("published_at", "updated_at")}),
        ("Byline and filing", {"fields": ("byline", "section", "tags")}),
        ("Record", {"classes": ("collapse",), "fields": ("created", "modified")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return tags_form_field(db_field, self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # A writer's own author profile is preselected on a new article.
        author = Author.objects.filter(user=request.user).first()
        if author and "byline" not in initial:
            initial["byline"] = [author.pk]
        return initial

    @admin.display(description="status", ordering="published_at")
    def status_label(self, article):
        return article.get_status_display()

    @admin.display(description="last updated", ordering="updated_at")
    def last_updated_label(self, article):
        return article.last_updated


# --- Sections and authors ----------------------------------------------------


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
