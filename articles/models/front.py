"""The front page the desk runs: placements in its slots, section blocks, the breaking
banner. Each is valid from a moment and read by comparing with now, like publishing, so
a scheduled change needs no cron job."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .filing import Section
from .photos import RATIOS
from .story import default_language, language_choices

LEAD_SLOT = 1


class FrontPlacementQuerySet(models.QuerySet):
    def on_front(self, section=None):
        """Placements on the home page's front, or on a section's."""
        return self.filter(section=section) if section else self.filter(section__isnull=True)

    def current(self, at=None):
        """The placement in force in each slot of each front: the latest that has started
        (at: another moment than now, for the desk's preview)."""
        now = at or timezone.now()
        newer = (
            self.model.objects.annotate(front=Coalesce("section_id", 0))
            .filter(front=OuterRef("front"), slot=OuterRef("slot"))
            .filter(starts_at__gt=OuterRef("starts_at"), starts_at__lte=now)
        )
        return (
            self.annotate(front=Coalesce("section_id", 0))
            .filter(starts_at__lte=now)
            .exclude(Exists(newer))
        )

    def scheduled(self):
        return self.filter(starts_at__gt=timezone.now())


class FrontPlacement(models.Model):
    """An article put in a slot of the front from a moment on, with the front's own
    headline and standfirst if the desk wants them (the article is never changed)."""

    slot = models.PositiveSmallIntegerField(
        _("slot"),
        default=LEAD_SLOT,
        help_text=_(
            "1 is the lead story; 2, 3, … the top stories in that order. "
            "Empty slots are filled with the latest news."
        ),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Empty: the home page. A section: that section's page, on top of its latest news."
        ),
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="front_placements",
    )
    headline = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the front instead of the headline."),
    )
    standfirst = models.CharField(
        _("standfirst"),
        max_length=300,
        blank=True,
        help_text=_("Shown on the front instead of the standfirst."),
    )
    crop = models.CharField(
        _("picture crop"),
        max_length=8,
        blank=True,
        choices=[(ratio, ratio) for ratio in RATIOS],
        help_text=_(
            "The shape of the story's picture in this slot (cut around the photo's "
            "focal point or the library's crop for that shape). Empty: the slot's own, 16:9 "
            "for the lead, 1:1 for the others."
        ),
    )
    starts_at = models.DateTimeField(
        _("shown from"),
        default=timezone.now,
        help_text=_(
            "Readers see this story in this slot from this moment until a later "
            "placement in the same slot starts. A story that stops being published leaves "
            "its slot at once; the stories below move up."
        ),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now=True)

    objects = FrontPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("front placement")
        verbose_name_plural = _("front placements")
        ordering = ("slot", "-starts_at")
        indexes = [models.Index(fields=["slot", "-starts_at"], name="front_placement_slot_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(slot__gte=1), name="front_slot_from_one"),
            models.UniqueConstraint(
                fields=["slot", "starts_at"],
                condition=Q(section__isnull=True),
                name="front_one_per_moment",
                violation_error_message="Another story takes this slot at the same moment.",
            ),
            models.UniqueConstraint(
                fields=["section", "slot", "starts_at"],
                name="section_front_one_per_moment",
                violation_error_message="Another story takes this slot at the same moment.",
            ),
        ]

    def __str__(self):
        return f"Slot {self.slot}: {self.article}"


class FrontSection(models.Model):
    """A block of a section's latest stories on the front."""

    section = models.OneToOneField(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Blocks go in this order.")
    )
    stories = models.PositiveSmallIntegerField(
        _("stories"),
        default=3,
        help_text=_("How many of the section's latest stories the block shows."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("front section")
        verbose_name_plural = _("front sections")
        ordering = ("position", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(stories__gte=1, stories__lte=12), name="front_section_stories"
            )
        ]

    def __str__(self):
        return f"{self.section} block"


class BreakingNewsQuerySet(models.QuerySet):
    def on(self, at=None):
        """Banners up at that moment (now), in every language."""
        now = at or timezone.now()
        return self.filter(switched_on=True, starts_at__lte=now, expires_at__gt=now)


class BreakingNews(models.Model):
    """The banner across the front while something is breaking, on one language's pages
    (its text is in that language)."""

    text = models.CharField(_("text"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=language_choices,
        default=default_language,
        help_text=_("Readers see the banner on the pages in this language only."),
    )
    link = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Where the banner leads: an article's address, or a live page."),
    )
    switched_on = models.BooleanField(
        _("switched on"), default=True, help_text=_("Untick to take it down now.")
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("shown until"), help_text=_("The banner comes down by itself at this moment.")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("breaking news banner")
        verbose_name_plural = _("breaking news")
        ordering = ("-starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("starts_at")), name="breaking_ends_after_start"
            )
        ]

    def __str__(self):
        return self.text


def front_change_moments():
    """The front's next scheduled placement, banner start and banner expiry."""
    now = timezone.now()
    banners = BreakingNews.objects.filter(switched_on=True)
    return (
        FrontPlacement.objects.filter(starts_at__gt=now).order_by("starts_at").values("starts_at"),
        banners.filter(starts_at__gt=now).order_by("starts_at").values("starts_at"),
        banners.filter(expires_at__gt=now).order_by("expires_at").values("expires_at"),
    )


def front_past_moments():
    """The front's latest placement that has started (the banner's are the banner's own:
    articles.front.current_banner)."""
    return (
        FrontPlacement.objects.filter(starts_at__lte=timezone.now())
        .order_by("-starts_at")
        .values("starts_at"),
    )


def next_change_time():
    """When what readers see next changes without a write: an article goes live or
    expires, or a scheduled placement or banner starts, or a banner comes down (None:
    nothing is due). One query, read from the articles table: the front shows nothing
    without articles (a banner on an empty site may stay until the page cache's timeout)."""
    from .article import Article, first_moment

    return first_moment(
        *Article.objects.change_moments(), *front_change_moments(), earliest=True, over=Article
    )
