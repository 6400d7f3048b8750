"""Editing history: revisions (snapshots), who has an article open, unsaved typing."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


def editor_name(user):
    """How the admin names a member of staff; None is a change made without the editor."""
    if user is None:
        return "someone outside the editor"
    return user.get_full_name() or user.get_username()


class Revision(models.Model):
    """A snapshot of an article's content as one editor saved it."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        DRAFT = "draft", _("Unpublished draft")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.SAVED,
        help_text=_(
            "Saved: the article itself holds this content. Unpublished draft: "
            "changes to a live article that readers do not see yet."
        ),
    )
    # JSON keyed by field name, so a field added later is simply absent from old snapshots.
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(max_length=200, blank=True)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ("-id",)
        indexes = (
            models.Index(fields=("article", "-id"), name="revision_article_latest_idx"),
            # The desk's "pending changes" panel looks among drafts only.
            models.Index(fields=("article",), condition=Q(kind="draft"), name="revision_draft_idx"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=("saved", "draft")), name="revision_kind_valid"
            ),
        )

    def __str__(self):
        return f"Revision {self.pk} of {self.article}"

    @property
    def author_name(self):
        return editor_name(self.author)


class EditingSession(models.Model):
    """Who has an article's change form open: for the "Also editing" notice, never a lock."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("article", "user"), name="one_session_per_editor"),
        )

    def __str__(self):
        return f"{self.user} editing {self.article}"


class Autosave(models.Model):
    """An editor's unsaved typing in the article form, kept for them alone.

    Not a revision: readers never see it, it never touches the article's row (so neither
    "Last updated" nor the version token moves), and the editor's next real save of the
    article clears it. Restoring it puts the text back in the form with the version it
    was typed against, so the edit-conflict check still decides.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # None: an article not saved yet (the add form).
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(encoder=DjangoJSONEncoder)
    version_token = models.CharField(max_length=64, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("user", "article"), name="one_autosave_per_article"),
            models.UniqueConstraint(
                fields=("user",),
                condition=Q(article__isnull=True),
                name="one_new_article_autosave",
            ),
        )

    def __str__(self):
        return f"Unsaved text of {self.user} ({self.saved_at:%Y-%m-%d %H:%M})"
