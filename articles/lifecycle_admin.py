"""
The admin side of an article's lifecycle: the publish, re-date and withdrawal
controls with the permissions behind them, the minor-change box and update note,
the corrections inline, and the record of editorial acts.

ArticleForm and ArticleAdmin (admin.py) mix these in.
"""

import copy

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from . import lifecycle
from .models import Correction


class LifecycleFormMixin(forms.Form):
    """
    The editor's date and withdrawal controls, and the permissions behind them.

    A field the user may not change is shown disabled with the reason; a browser
    never submits a disabled field, so a posted value for one is a crafted request
    and is refused with a form error (nothing is saved, nothing typed is lost).
    """

    # Field -> the permission needed to change it.
    GUARDED_FIELDS = {
        "published_at": ("articles.publish_article", "Only an editor can publish or schedule."),
        "withdrawn": ("articles.withdraw_article", "Only an editor can withdraw or reinstate."),
        "withdrawal_reason": (
            "articles.withdraw_article",
            "Only an editor can withdraw or reinstate.",
        ),
    }

    minor_change = forms.BooleanField(
        label="Minor change (typo, formatting) — keep 'Last updated'",
        required=False,
        help_text="Leave unticked when readers should know the article changed.",
    )
    withdrawn = forms.BooleanField(
        label="Withdrawn",
        required=False,
        help_text="Readers get a short page with the headline, date and reason (410 Gone); "
        "the article leaves every list. Untick to reinstate.",
    )

    user = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["withdrawn"] = self.instance.withdrawn_at is not None
        self.was_public = self.instance.pk is not None and (self.instance.is_public_since_published)
        for name, (perm, reason) in self.GUARDED_FIELDS.items():
            field = self.fields.get(name)
            if field is not None and self.user is not None and not self.user.has_perm(perm):
                field.disabled = True
                field.help_text = f"{reason} {field.help_text}"

    def clean(self):
        cleaned = super().clean()
        for name, (_perm, reason) in self.GUARDED_FIELDS.items():
            if name in self.fields and self.fields[name].disabled and self._posted_change(name):
                self.add_error(name, f"{reason} Your change was not saved.")
        if "published_at" in self.changed_data and self.was_public:
            self._clean_redate(cleaned.get("published_at"))
        self._clean_withdrawal(cleaned)
        if "update_note" in self.changed_data and cleaned.get("update_note"):
            reader_change = set(self.changed_data) & {"title", "summary", "body"}
            if not self.instance.pk or cleaned.get("minor_change") or not reader_change:
                self.add_error(
                    "update_note",
                    "An update note goes with a significant change to a published article: "
                    "change what readers see and leave 'Minor change' unticked.",
                )
        self.instance.keep_last_updated = bool(cleaned.get("minor_change"))
        return cleaned

    def _posted_change(self, name):
        key = self.add_prefix(name)
        if not any(k == key or k.startswith(f"{key}_") for k in self.data):
            return False
        field = copy.copy(self.fields[name])
        field.disabled = False
        posted = field.widget.value_from_datadict(self.data, self.files, key)
        return field.has_changed(self[name].initial, posted)

    def _clean_redate(self, published_at):
        if published_at is None:
            self.add_error(
                "published_at",
                "A published article cannot go back to being a draft; withdraw it instead.",
            )
        elif published_at > timezone.now():
            self.add_error(
                "published_at",
                "A published article cannot be rescheduled into the future; withdraw it "
                "instead, or choose a time that has passed.",
            )
        elif self.user is not None and not self.user.has_perm("articles.redate_article"):
            self.add_error("published_at", "Only an editor can re-date a published article.")

    def _clean_withdrawal(self, cleaned):
        if "withdrawn" not in self.fields or "withdrawn" not in self.changed_data:
            return
        if not cleaned.get("withdrawn"):
            self.instance.withdrawn_at = None
            return
        if not self.was_public:
            self.add_error("withdrawn", "Only a published article can be withdrawn.")
        elif not cleaned.get("withdrawal_reason", "").strip():
            self.add_error("withdrawal_reason", "Readers are told why: give a public reason.")
        else:
            self.instance.withdrawn_at = timezone.now()


class CorrectionInline(admin.StackedInline):
    """Append-only for writers: without change permission, saved corrections are read-only."""

    model = Correction
    extra = 0
    fields = ("kind", "text", "created_at", "amended_at", "amended_by")
    readonly_fields = ("created_at", "amended_at", "amended_by")


class LifecycleAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_inlines(self, request, obj):
        inlines = tuple(super().get_inlines(request, obj))
        # Corrections belong to articles readers have seen.
        if obj is not None and obj.is_public_since_published:
            return (*inlines, CorrectionInline)
        return inlines

    @admin.display(description="record of editorial acts")
    def editorial_record(self, article):
        events = article.events.select_related("actor") if article.pk else ()
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant separator
                "{} — {} by {}: {}",
                (
                    (
                        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M %Z"),
                        event.get_kind_display(),
                        event.actor or "someone",
                        event.detail,
                    )
                    for event in events
                ),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lifecycle.record_editorial_acts(
            obj,
            request.user,
            redated_from=(
                form.initial.get("published_at")
                if change and form.was_public and "published_at" in form.changed_data
                else None
            ),
            withdrawal_changed=change and "withdrawn" in form.changed_data,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            amended = correction.pk is not None
            if amended:
                correction.amended_at = timezone.now()
                correction.amended_by = request.user
            correction.save()
            if amended:
                lifecycle.record_correction_amended(correction, request.user)
        for correction in formset.deleted_objects:
            correction.delete()
