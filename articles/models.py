from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .markdown import render_markdown

# The fields a reader sees; only a change to one of these moves "Last updated".
READER_CONTENT_FIELDS = ("title", "summary", "body")

# The fields a revision keeps and a draft of a live article may change. Add new editable
# content here (plain, foreign-key and many-to-many fields all work); old snapshots
# without the new key keep working.
REVISION_FIELDS = ("title", "summary", "body")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "readers may see this"."""
        return self.filter(published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def scheduled(self):
        return self.filter(published_at__gt=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField("headline", max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text="The last part of the article's address: /articles/<slug>/. "
        "Letters, numbers, hyphens and underscores.",
    )
    summary = models.TextField(
        "standfirst",
        max_length=500,
        help_text="One or two sentences under the headline; also shown in lists, "
        "search results and link previews.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown. The preview beside the editor shows what readers will see.",
    )
    body_html = models.TextField(editable=False, default="")
    published_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Readers see the article from this moment on. Leave empty to keep it a "
        "draft; a time in the future schedules it.",
    )
    updated_at = models.DateTimeField(
        "last updated",
        editable=False,
        help_text="Shown to readers. Moves only when the headline, standfirst or body change.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    # Part of every share-preview link; raising it revokes all links to this article.
    preview_link_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        indexes = (models.Index(fields=("-published_at", "-id"), name="article_published_idx"),)
        constraints = (
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        touches_content = update_fields is None or bool(
            set(update_fields) & set(READER_CONTENT_FIELDS)
        )
        if touches_content:
            # A new article may arrive with its history (imports, demo content).
            if self.updated_at is None or (
                not self._state.adding and self._reader_content_changed()
            ):
                self.updated_at = timezone.now()
            self.body_html = render_markdown(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "updated_at", "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def status(self):
        if self.published_at is None:
            return self.Status.DRAFT
        if self.published_at > timezone.now():
            return self.Status.SCHEDULED
        return self.Status.PUBLISHED

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def last_updated(self):
        """ "Last updated" as readers see it: never earlier than the publish time."""
        if self.published_at and self.published_at > self.updated_at:
            return self.published_at
        return self.updated_at

    def _reader_content_changed(self):
        stored = (
            type(self)._base_manager.filter(pk=self.pk).values_list(*READER_CONTENT_FIELDS).first()
        )
        current = tuple(getattr(self, field) for field in READER_CONTENT_FIELDS)
        return stored != current


def editor_name(user):
    """How the admin names a member of staff; None is a change made without the editor."""
    if user is None:
        return "someone outside the editor"
    return user.get_full_name() or user.get_username()


class Revision(models.Model):
    """A snapshot of an article's content as one editor saved it."""

    class Kind(models.TextChoices):
        SAVED = "saved", "Saved"
        DRAFT = "draft", "Unpublished draft"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.SAVED,
        help_text="Saved: the article itself holds this content. Unpublished draft: "
        "changes to a live article that readers do not see yet.",
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
        ordering = ("-id",)
        indexes = (models.Index(fields=("article", "-id"), name="revision_article_latest_idx"),)
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
