"""
Edit conflicts: a version token in the change form, checked in the save's transaction while
the admin holds the article's row lock, and the "Also editing" notice (never a lock).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import diffs, revisions
from .models import REVISION_FIELDS, EditingSession, editor_name

# Without a heartbeat from the open form for this long, an editor has left.
EDITING_NOTICE_TIMEOUT = timedelta(seconds=90)
# Form fields a draft may carry without holding them: bookkeeping, not content. Any other
# changed field outside REVISION_FIELDS would act on the article at once, so "Save draft"
# refuses it instead of dropping it.
DRAFTABLE_FORM_FIELDS = {revisions.form_field_name(name) for name in REVISION_FIELDS}
DRAFT_NEUTRAL_FIELDS = {"version_token", "conflict_token", "restored_from", "revision_note"}


def version_token(article, latest_revision):
    """Changes with every revision (drafts included) and with any write to the row."""
    revision_id = latest_revision.pk if latest_revision is not None else 0
    return f"{revision_id}-{article.modified.timestamp():.6f}"


def _token_revision_id(token):
    try:
        return int(token.split("-", 1)[0])
    except ValueError:
        return None


@dataclass
class EditConflict:
    token: str
    changed_by: object  # a user, or None for a change made outside the editor
    changed_at: datetime
    comparison: list

    @property
    def changed_by_name(self):
        return editor_name(self.changed_by)


class ArticleEditFormMixin(forms.Form):
    """Mixed into the admin's article form by RevisionAdminMixin.get_form()."""

    version_token = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict_token = forms.CharField(widget=forms.HiddenInput, required=False)
    restored_from = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision_note = forms.CharField(
        label="Note for the history",
        required=False,
        max_length=200,
        help_text="Optional: what changed and why, shown in the article's history.",
    )

    # Set per request by the admin: a restore asked for in the address (?restore=<id>).
    restoring = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        self.conflict = None
        self.saved_over = None
        self.is_live = bool(article.pk) and article.is_published
        self.stored_snapshot = None
        self.latest = self.draft = None
        if not article.pk:
            return
        # The admin locked the row before building this form, so this is the current state.
        self.stored_snapshot = revisions.take_snapshot(article)
        self.latest = revisions.latest_revision(article)
        self.draft = revisions.pending_draft(article, self.latest)
        self.current_token = version_token(article, self.latest)
        self.initial["version_token"] = self.current_token
        # Editors continue from the pending draft, never from the older published text.
        if self.draft is not None:
            self.initial.update(revisions.form_initial(self.draft.snapshot))
        if self.restoring is not None and not self.is_bound:
            self.initial.update(revisions.form_initial(self.restoring.snapshot))
            self.initial["restored_from"] = self.restoring.pk

    @property
    def working_snapshot(self):
        """What the editors currently have: the pending draft, else the article."""
        return self.draft.snapshot if self.draft is not None else self.stored_snapshot

    @property
    def saving_draft(self):
        return self.is_live and (
            "_save_draft" in self.data or self.data.get("_save_anyway") == "draft"
        )

    def clean_restored_from(self):
        revision_id = self.cleaned_data.get("restored_from")
        if revision_id is None or not self.instance.pk:
            return None
        return self.instance.revisions.filter(pk=revision_id).first()

    def clean(self):
        cleaned_data = super().clean()
        # Forms always carry the token; a scripted post without one is not checked.
        if self.instance.pk and "version_token" in self.data:
            self._check_version(cleaned_data)
        if self.saving_draft:
            self._check_draftable()
        return cleaned_data

    def _check_version(self, cleaned_data):
        if cleaned_data.get("version_token") == self.current_token:
            return
        if "_save_anyway" in self.data and cleaned_data.get("conflict_token") == self.current_token:
            self.saved_over = self.latest
            return
        seen_revision = _token_revision_id(cleaned_data.get("version_token") or "")
        if self.latest is not None and self.latest.pk != seen_revision:
            changed_by, changed_at = self.latest.author, self.latest.created
        else:
            changed_by, changed_at = None, self.instance.modified
        self.conflict = EditConflict(
            token=self.current_token,
            changed_by=changed_by,
            changed_at=changed_at,
            comparison=diffs.compare(
                self.working_snapshot, revisions.take_snapshot(self.instance, form=self)
            ),
        )
        raise ValidationError(
            "%(name)s changed this article at %(time)s, after you opened it. Nothing was "
            "saved; your text is still in the form below.",
            code="edit_conflict",
            params={
                "name": self.conflict.changed_by_name,
                "time": timezone.localtime(changed_at).strftime("%H:%M"),
            },
        )

    def _check_draftable(self):
        not_draftable = [
            str(self.fields[name].label or name)
            for name in self.changed_data
            if name not in DRAFTABLE_FORM_FIELDS and name not in DRAFT_NEUTRAL_FIELDS
        ]
        if not_draftable:
            raise ValidationError(
                "A draft keeps content changes only; readers would see a change to "
                "%(fields)s right away. Use “Publish changes”, or undo that change to save "
                "a draft.",
                code="not_draftable",
                params={"fields": ", ".join(not_draftable)},
            )


def note_editor(article, user):
    """Record that ``user`` has the article's form open; returns the others who do."""
    now = timezone.now()
    # Updates through the queryset send no post_save: a heartbeat is not a content change
    # for anything listening to saves (caches, search indexes).
    sessions = EditingSession.objects.filter(article=article, user=user)
    still_open = sessions.filter(last_seen__gte=now - EDITING_NOTICE_TIMEOUT)
    if not still_open.update(last_seen=now) and not sessions.update(since=now, last_seen=now):
        EditingSession.objects.get_or_create(
            article=article, user=user, defaults={"since": now, "last_seen": now}
        )
    return other_editors(article, user)


def other_editors(article, user):
    return list(
        EditingSession.objects.filter(
            article=article, last_seen__gte=timezone.now() - EDITING_NOTICE_TIMEOUT
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def describe_editors(sessions):
    """ "NAME (since HH:MM)" for each session, in the newsroom's time zone."""
    return [
        f"{editor_name(session.user)} (since {timezone.localtime(session.since).strftime('%H:%M')})"
        for session in sessions
    ]
