"""What editors leave for each other on an article: notes and share-preview links."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


class EditorNote(models.Model):
    """Internal: between writer and editor, never shown to readers."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editor_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        constraints = (
            models.CheckConstraint(condition=~models.Q(text=""), name="editor_note_not_empty"),
        )

    def __str__(self):
        return f"Note on “{self.article}”"


class SharedPreviewLinkQuerySet(models.QuerySet):
    def working(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class SharedPreviewLink(models.Model):
    """A share-preview link as it was handed out, so that it can be listed and revoked."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    # The link's path: a bearer secret, shown only to staff who may change the article.
    path = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who it was handed to: a partner reading under embargo, a source checking a quote.
    shared_with = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SharedPreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self):
        return f"Preview link to “{self.article}”"
