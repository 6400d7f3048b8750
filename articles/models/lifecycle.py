"""After publication: corrections, old addresses, deleted articles, editorial acts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article
from .story import default_language


class Correction(models.Model):
    """A public correction or clarification, appended under a published article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_("Public: shown under the article exactly as written, with its time."),
    )
    created_at = models.DateTimeField(_("appended"), default=timezone.now, editable=False)
    # A writer's correction waits for an editor (NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR);
    # readers see it once an editor publishes the article's changes.
    awaiting_editor = models.BooleanField(_("waiting for an editor"), default=False, editable=False)
    amended_at = models.DateTimeField(_("amended"), null=True, blank=True, editable=False)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("amended by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ("-created_at", "-id")
        # The desk's "pending changes" panel: the few corrections waiting for an editor.
        indexes = (
            models.Index(
                fields=("article",),
                condition=Q(awaiting_editor=True),
                name="correction_waiting_idx",
            ),
        )
        constraints = (
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_not_empty"),
        )

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.awaiting_editor:
            return  # nothing readers see has changed yet
        # Readers must see that the article changed: a correction is always significant.
        Article.objects.filter(pk=self.article_id).update(
            updated_at=self.amended_at or self.created_at, modified=timezone.now()
        )


class SlugRedirect(models.Model):
    """
    An address a published article had before its slug changed.

    It points at the article, not at a path, so a chain of renames collapses into
    one hop by construction, and deleting the article removes its redirects.
    """

    # Old slugs are kept per language, as slugs are unique per language.
    language = models.CharField(max_length=15, default=default_language)
    old_slug = models.SlugField(max_length=200, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("language", "old_slug"), name="slug_redirect_per_language"
            ),
        )

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class OldAddress(models.Model):
    """A path from the site the archive was imported from: an article's permalink
    (`/2012/07/09/slug/`, `/?p=123`), or a category's or tag's archive page. It answers a
    301 to the article, section or tag, whatever its slug is now (one hop)."""

    path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="old_addresses"
    )
    section = models.ForeignKey(
        "articles.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = (
            models.CheckConstraint(
                condition=Q(article__isnull=False, section__isnull=True, tag__isnull=True)
                | Q(article__isnull=True, section__isnull=False, tag__isnull=True)
                | Q(article__isnull=True, section__isnull=True, tag__isnull=False),
                name="old_address_has_one_target",
            ),
        )

    def __str__(self):
        return f"{self.path} → {self.target_url()}"

    def target_url(self):
        if self.article_id is not None:
            return self.article.get_absolute_url()
        if self.section_id is not None:
            return self.section.get_absolute_url()
        return reverse("articles:tag", kwargs={"slug": self.tag.slug})


class Tombstone(models.Model):
    """The address of a deleted article that readers could see: it answers 410, not 404."""

    language = models.CharField(max_length=15, default=default_language)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    title = models.CharField(_("headline"), max_length=200)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("language", "slug"), name="tombstone_per_language"),
        )

    def __str__(self):
        return self.slug


class LifecycleEvent(models.Model):
    """The record of an editorial act that readers can notice but a save would not explain."""

    class Kind(models.TextChoices):
        REDATED = "redated", _("Re-dated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REINSTATED = "reinstated", _("Reinstated")
        CORRECTION_AMENDED = "correction_amended", _("Correction amended")
        # The desk's workflow (desk/workflow.py).
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned to draft")
        SCHEDULED = "scheduled", _("Scheduled")
        UNSCHEDULED = "unscheduled", _("Unscheduled")
        PUBLISHED = "published", _("Published")
        CHANGES_PUBLISHED = "changes_published", _("Changes published")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("editorial act")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.detail}"
