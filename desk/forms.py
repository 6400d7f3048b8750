"""
The article form: every field an editor sees, and every rule a save must pass.

Built per request by ArticleAdmin.get_form() with the user (for the role rules) and the
revision being restored, around the article as ArticleAdmin.get_object() locked and read
it; validation therefore runs under that lock. A rule that fails is a form error: nothing
is saved, and everything typed stays in the form.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.widgets import AdminMarkdownxWidget
from taggit.models import Tag

from articles.models import REVISION_FIELDS, Article, Author

from . import conflicts, diffs, photo_rules, revisions, translations, workflow
from .timestamps import staff_time
from .uploads import images_without_alt_text

# Field -> the permission needed to change it, and what the editor is told otherwise.
GUARDED_FIELDS = {
    "published_at": ("articles.publish_article", _("Only an editor can publish or schedule.")),
    "embargo_until": ("articles.publish_article", _("Only an editor can set an embargo.")),
    "expires_at": ("articles.publish_article", _("Only an editor can schedule an unpublish.")),
    "withdrawn": ("articles.withdraw_article", _("Only an editor can withdraw or reinstate.")),
    "withdrawal_reason": (
        "articles.withdraw_article",
        _("Only an editor can withdraw or reinstate."),
    ),
}
# Form fields a draft may carry without holding them: bookkeeping, not content. Any other
# changed field outside REVISION_FIELDS would act on the article at once, so "Save draft"
# refuses it instead of dropping it.
DRAFTABLE_FIELDS = {revisions.form_field_name(name) for name in REVISION_FIELDS}
DRAFT_NEUTRAL_FIELDS = {"version_token", "conflict_token", "restored_from", "revision_note"}


class ArticleBodyEditor(AdminMarkdownxWidget):
    """markdownx's editor with an "Insert image" control that asks for alt text."""

    class Media:
        # The desk's script catalog first: its labels are read as the editor is drawn.
        js = (reverse_lazy("desk:jsi18n"), "desk/image_upload.js")
        css = {"all": ("desk/image_upload.css",)}


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


class ArticleForm(forms.ModelForm):
    byline = BylineField(
        label=_("Byline"),
        queryset=Author.objects.all(),
        required=False,
        widget=OrderedAutocompleteSelectMultiple(Article._meta.get_field("authors"), admin.site),
        help_text=_("The authors in the order readers see them: By A, B and C."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        help_text=Article._meta.get_field("tags").help_text,
    )
    minor_change = forms.BooleanField(
        label=_("Minor change (typo, formatting) — keep 'Last updated'"),
        required=False,
        help_text=_("Leave unticked when readers should know the article changed."),
    )
    withdrawn = forms.BooleanField(
        label=_("Withdrawn"),
        required=False,
        help_text=_(
            "Readers get a short page with the headline, date and reason (410 Gone); "
            "the article leaves every list. Untick to reinstate."
        ),
    )
    revision_note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=200,
        help_text=_("Optional: what changed and why, shown in the article's history."),
    )
    # The version the editor started from (see conflicts.version_token).
    version_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The version a conflict screen showed, for "Save anyway".
    conflict_token = forms.CharField(widget=forms.HiddenInput, required=False)
    restored_from = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = (
            "language",
            "title",
            "slug",
            "summary",
            "body",
            "section",
            "tags",
            "published_at",
            "embargo_until",
            "expires_at",
            "update_note",
            "withdrawal_reason",
            "translator",
            "seo_title",
            "seo_description",
            "social_headline",
            "social_description",
            "social_photo",
            "lead_photo",
            "lead_alt_text",
            "lead_caption",
            "lead_decorative",
        )
        widgets = {
            "lead_caption": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 2}),
            "seo_description": forms.Textarea(attrs={"rows": 2}),
            "social_description": forms.Textarea(attrs={"rows": 2}),
            "body": ArticleBodyEditor,
        }

    def __init__(self, *args, user=None, restoring=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and workflow.WITHDRAW in self.data:
            # The "Withdraw" button ticks the box, under the same rules as the box.
            self.data = self.data.copy()
            self.data[self.add_prefix("withdrawn")] = "on"
        self.user = user
        self.restoring = restoring
        self._add_tag_picker()
        article = self.instance
        self._limit_languages(user, article)
        # As the database holds it: read once, under the admin's lock (Article.save and
        # the revision record reuse it).
        self.stored = copy.copy(article) if article.pk else None
        self.was_public = article.pk is not None and article.is_public_since_published
        self.is_live = article.pk is not None and article.is_published
        self.conflict = None
        self.saved_over = None
        self.stored_snapshot = self.latest = self.draft = None
        self.initial["withdrawn"] = article.withdrawn_at is not None
        for name, (perm, reason) in GUARDED_FIELDS.items():
            field = self.fields.get(name)
            if field is not None and user is not None and not user.has_perm(perm):
                field.disabled = True
                field.help_text = f"{reason} {field.help_text}"
        if not article.pk:
            return
        self.initial.setdefault("byline", [author.pk for author in article.byline_authors])
        self.stored_snapshot = revisions.take_snapshot(article)
        self.latest = revisions.latest_revision(article)
        self.draft = revisions.pending_draft(article, self.latest)
        self.current_token = conflicts.version_token(article, self.latest)
        self.initial["version_token"] = self.current_token
        # Editors continue from the pending draft, never from the older published text.
        if self.draft is not None:
            self.initial.update(revisions.form_initial(self.draft.snapshot))
        if restoring is not None and not self.is_bound:
            self.initial.update(revisions.form_initial(restoring.snapshot))
            self.initial["restored_from"] = restoring.pk

    def _limit_languages(self, user, article):
        language = self.fields.get("language")
        if language is None:
            return  # the read-only view of a version the user may not change
        # Scripts and older posts that name no language write in the default one.
        language.required = False
        if article.pk:
            # Another language would move the version's address: translate instead.
            language.disabled = True
            language.help_text = _(
                "A version keeps its language: to publish this story in another language, "
                "use “Translate”."
            )
        else:
            allowed = translations.working_languages(user)
            language.choices = [(code, name) for code, name in language.choices if code in allowed]
            if settings.LANGUAGE_CODE not in allowed:
                self.initial.setdefault("language", allowed[0])

    def clean_language(self):
        language = self.cleaned_data.get("language") or self.initial.get("language")
        language = language or settings.LANGUAGE_CODE
        refused = translations.refusal_for(self.user, language)
        if refused is not None:
            raise ValidationError(refused, code="language_not_allowed")
        return language

    def _add_tag_picker(self):
        # TaggableManager is not a ManyToManyField, so autocomplete_fields cannot name it:
        # the admin's widget is built here, once the admin knows its models (the + button
        # adds a new tag).
        model_field = Article._meta.get_field("tags")
        tags = self.fields["tags"]
        tags.widget = RelatedFieldWidgetWrapper(
            AutocompleteSelectMultiple(model_field, admin.site),
            model_field.remote_field,
            admin.site,
        )
        tags.widget.choices = tags.choices

    @property
    def working_snapshot(self):
        """What the editors currently have: the pending draft, else the article."""
        return self.draft.snapshot if self.draft is not None else self.stored_snapshot

    def clean_restored_from(self):
        revision_id = self.cleaned_data.get("restored_from")
        if revision_id is None or not self.instance.pk:
            return None
        return self.instance.revisions.filter(pk=revision_id).first()

    def clean(self):
        cleaned = super().clean()
        self._clean_guarded_fields()
        self._clean_workflow(cleaned)
        self._clean_embargo_and_expiry(cleaned)
        self._clean_slug(cleaned.get("slug"), cleaned.get("language", self.instance.language))
        if "published_at" in self.changed_data and self.was_public:
            self._clean_redate(cleaned.get("published_at"))
        self._clean_withdrawal(cleaned)
        self._clean_update_note(cleaned)
        self._clean_alt_text(cleaned)
        photo_rules.clean_photos(self, cleaned)
        # Forms always carry the token; a scripted post without one is not checked.
        if self.instance.pk and "version_token" in self.data:
            self._check_version(cleaned)
        if workflow.saves_as_draft(self, self.data):
            self._check_draftable()
        return cleaned

    def _clean_workflow(self, cleaned):
        """The button pressed, against this user's role and the article's state."""
        action = workflow.pressed(self.data, self.is_live)
        refused = workflow.refusal(self, action, cleaned)
        if refused is not None:
            field, message = refused
            self.add_error(field, message)
        elif action == workflow.PUBLISH:
            workflow.publish_now(self, cleaned)

    # --- Roles ---------------------------------------------------------------------

    def _clean_guarded_fields(self):
        # A browser never submits a disabled field, so a posted value for one is a
        # crafted request.
        for name, (_perm, reason) in GUARDED_FIELDS.items():
            if name in self.fields and self.fields[name].disabled and self._posted_change(name):
                self.add_error(name, f"{reason} {_('Your change was not saved.')}")

    def _posted_change(self, name):
        key = self.add_prefix(name)
        if not any(k == key or k.startswith(f"{key}_") for k in self.data):
            return False
        field = copy.copy(self.fields[name])
        field.disabled = False
        posted = field.widget.value_from_datadict(self.data, self.files, key)
        return field.has_changed(self[name].initial, posted)

    # --- Dates and withdrawal --------------------------------------------------------

    def _clean_slug(self, slug, language):
        """Slugs are unique per language (a constraint the form cannot check by itself
        when the language is not one of its fields)."""
        if not slug:
            return
        holder = (
            Article.objects.filter(slug=slug, language=language)
            .exclude(pk=self.instance.pk)
            .only("trashed_at")
            .first()
        )
        if holder is None:
            return
        if holder.trashed_at is not None:
            # Django's "already exists" would point at an article the list does not show.
            self.add_error(
                "slug",
                _(
                    "A deleted article in the trash still holds this address: choose another, "
                    "or ask an administrator to restore it or empty the trash."
                ),
            )
        else:
            self.add_error(
                "slug",
                _("Another article in this language already has this address: choose another."),
            )

    def _clean_embargo_and_expiry(self, cleaned):
        """An embargo holds the publish time back to its end (the database insists too);
        an unpublish time comes after the publish time."""
        embargo, expires = cleaned.get("embargo_until"), cleaned.get("expires_at")
        late = embargo is not None and self.was_public and embargo > timezone.now()
        if late and "embargo_until" in self.changed_data:
            self.add_error(
                "embargo_until",
                _(
                    "Readers have already seen this article: an embargo cannot take it back. "
                    "Withdraw it instead."
                ),
            )
            return
        published_at = cleaned.get("published_at")
        held_back = embargo is not None and (published_at is None or published_at < embargo)
        # "Goes live at the embargo time": the dateline says when readers got it.
        if held_back and not self.fields["published_at"].disabled:
            cleaned["published_at"] = published_at = embargo
            if "published_at" not in self.changed_data:
                self.changed_data.append("published_at")
        if expires is not None:
            if published_at is None:
                self.add_error(
                    "expires_at",
                    _(
                        "An unpublish time needs a publish time before it: set when readers "
                        "see the article first."
                    ),
                )
            elif expires <= published_at:
                self.add_error(
                    "expires_at",
                    ValidationError(
                        _("The unpublish time must come after the publish time (%(published)s)."),
                        params={"published": staff_time(published_at)},
                    ),
                )

    def _clean_redate(self, published_at):
        if published_at is None:
            self.add_error(
                "published_at",
                _("A published article cannot go back to being a draft; withdraw it instead."),
            )
        elif published_at > timezone.now():
            self.add_error(
                "published_at",
                _(
                    "A published article cannot be rescheduled into the future; withdraw it "
                    "instead, or choose a time that has passed."
                ),
            )
        elif self.user is not None and not self.user.has_perm("articles.redate_article"):
            self.add_error("published_at", _("Only an editor can re-date a published article."))

    def _clean_withdrawal(self, cleaned):
        if "withdrawn" not in self.changed_data:
            return
        if not cleaned.get("withdrawn"):
            self.instance.withdrawn_at = None
        elif not self.was_public:
            self.add_error("withdrawn", _("Only a published article can be withdrawn."))
        elif not cleaned.get("withdrawal_reason", "").strip():
            self.add_error("withdrawal_reason", _("Readers are told why: give a public reason."))
        else:
            self.instance.withdrawn_at = timezone.now()

    def _clean_update_note(self, cleaned):
        if "update_note" not in self.changed_data or not cleaned.get("update_note"):
            return
        reader_change = set(self.changed_data) & {"title", "summary", "body"}
        if not self.instance.pk or cleaned.get("minor_change") or not reader_change:
            self.add_error(
                "update_note",
                _(
                    "An update note goes with a significant change to a published article: "
                    "change what readers see and leave 'Minor change' unticked."
                ),
            )

    def _clean_alt_text(self, cleaned):
        """An article that readers will see may not carry an image without alt text."""
        if not cleaned.get("published_at") or "body" not in cleaned:
            return
        missing = images_without_alt_text(cleaned["body"])
        if missing:
            self.add_error(
                "body",
                ValidationError(
                    _(
                        "Every image needs alt text before the article is published: "
                        "write a description between the brackets, ![like this](%(src)s)."
                    ),
                    code="image_without_alt_text",
                    params={"src": missing[0] or "…"},
                ),
            )

    # --- Edit conflicts and drafts -----------------------------------------------------

    def _check_version(self, cleaned):
        if cleaned.get("version_token") == self.current_token:
            return
        if "_save_anyway" in self.data and cleaned.get("conflict_token") == self.current_token:
            self.saved_over = self.latest
            return
        seen_revision = conflicts.token_revision_id(cleaned.get("version_token") or "")
        if self.latest is not None and self.latest.pk != seen_revision:
            changed_by, changed_at = self.latest.author, self.latest.created
        else:
            changed_by, changed_at = None, self.instance.modified
        self.conflict = conflicts.EditConflict(
            token=self.current_token,
            changed_by=changed_by,
            changed_at=changed_at,
            comparison=diffs.compare(
                self.working_snapshot, revisions.take_snapshot(self.instance, form=self)
            ),
        )
        raise ValidationError(
            _(
                "%(name)s changed this article at %(time)s, after you opened it. Nothing was "
                "saved; your text is still in the form below."
            ),
            code="edit_conflict",
            params={
                "name": self.conflict.changed_by_name,
                "time": staff_time(changed_at, time_of_day=True),
            },
        )

    def _check_draftable(self):
        not_draftable = [
            str(self.fields[name].label or name)
            for name in self.changed_data
            if name not in DRAFTABLE_FIELDS and name not in DRAFT_NEUTRAL_FIELDS
        ]
        if not_draftable:
            raise ValidationError(
                _(
                    "A draft keeps content changes only; readers would see a change to "
                    "%(fields)s right away. Use “Publish changes”, or undo that change to save "
                    "a draft."
                ),
                code="not_draftable",
                params={"fields": ", ".join(not_draftable)},
            )

    def _save_m2m(self):
        super()._save_m2m()
        if "byline" in self.cleaned_data:
            self.instance.set_byline(self.cleaned_data["byline"])
