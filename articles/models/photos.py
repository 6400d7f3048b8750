"""The photo library: pictures with their rights, and the sized copies readers download."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The shapes pages ask for. 1.91:1 is the social card (Open Graph, Twitter).
RATIOS = {
    "16:9": 16 / 9,
    "4:3": 4 / 3,
    "1:1": 1.0,
    "1.91:1": 1.91,
}
# The named widths every shape is made in (never wider than the picture itself).
WIDTHS = {
    "small": 480,
    "medium": 800,
    "large": 1200,
    "xlarge": 1600,
}
# Best first: <source> elements are listed in this order, JPEG is the <img> fallback.
FORMATS = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
}


class PhotoQuerySet(models.QuerySet):
    def rights_expired(self, at=None):
        return self.filter(rights_expire_at__lte=at or timezone.now())

    def usable(self, at=None):
        """Photos that may be newly chosen: rights not expired."""
        return self.filter(
            Q(rights_expire_at__isnull=True) | Q(rights_expire_at__gt=at or timezone.now())
        )

    def search(self, words):
        """Every word in the caption, alt text, credit, photographer, source, keywords or
        the headline of a story using the photo. Stories are tested with EXISTS, not
        joined: a join made a search of 100,000 photos take over a second."""
        from .article import Article

        queryset = self
        for word in words.split():
            lead = Article.objects.filter(lead_photo=OuterRef("pk"), title__icontains=word)
            inline = PhotoUse.objects.filter(photo=OuterRef("pk"), article__title__icontains=word)
            queryset = queryset.filter(
                Q(caption__icontains=word)
                | Q(alt_text__icontains=word)
                | Q(credit_line__icontains=word)
                | Q(creator__icontains=word)
                | Q(source__icontains=word)
                | Q(keywords__icontains=word)
                | Exists(lead)
                | Exists(inline)
            )
        return queryset


class Photo(models.Model):
    image = models.FileField(
        _("original"),
        max_length=200,
        editable=False,
        help_text=_("The uploaded picture as readers may get it: re-encoded, with no metadata."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the uploaded file: the same file uploaded again finds this photo."),
    )
    perceptual_hash = models.BigIntegerField(
        editable=False,
        db_index=True,
        help_text=_("A 64-bit difference hash: near-duplicates differ in few bits."),
    )

    caption = models.TextField(
        _("caption"), blank=True, help_text=_("What the picture shows, for readers.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "The default description for readers who cannot see it; each use may write its own."
        ),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, for searching the library."),
    )

    credit_line = models.CharField(
        _("credit line"),
        max_length=200,
        blank=True,
        help_text=_("Shown beside the picture, e.g. 'Jane Doe/Reuters'."),
    )
    creator = models.CharField(_("photographer"), max_length=200, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    source = models.CharField(
        _("source or agency"), max_length=200, blank=True, help_text=_("Who supplied it.")
    )
    licence = models.CharField(
        _("licence"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'Editorial use only', 'CC BY 4.0'."),
    )
    usage_terms = models.TextField(_("usage terms"), blank=True)
    licence_url = models.URLField(_("licence address"), blank=True)
    acquire_licence_url = models.URLField(
        _("acquire-licence page"),
        blank=True,
        help_text=_("Where others may license the picture (shown to search engines)."),
    )
    rights_expire_at = models.DateTimeField(
        _("rights expire"),
        null=True,
        blank=True,
        help_text=_(
            "From this moment the picture cannot be newly used, and live articles "
            "still showing it are listed for the desk. Empty: no expiry."
        ),
    )

    focal_x = models.FloatField(
        _("focal point (across)"),
        default=0.5,
        help_text=_("Left edge 0, right edge 1: what automatic crops keep."),
    )
    focal_y = models.FloatField(
        _("focal point (down)"), default=0.5, help_text=_("Top 0, bottom 1.")
    )
    # Per-ratio override, {"16:9": [left, top, width, height]} in pixels of the original.
    crops = models.JSONField(default=dict, blank=True, editable=False)
    # What pages may link: {"16:9": {"avif": [[width, height, name], ...], ...}}, written by
    # the rendition task with the Rendition rows, so a page needs no query to find them.
    rendition_index = models.JSONField(default=dict, blank=True, editable=False)

    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified = models.DateTimeField(auto_now=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ("-uploaded_at", "-id")
        indexes = (models.Index(fields=("-uploaded_at", "-id"), name="photo_uploaded_idx"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
            ),
        )

    def __str__(self):
        label = self.caption or self.alt_text or self.image.name.rsplit("/", 1)[-1]
        label = label if len(label) <= 60 else label[:59] + "…"
        return f"{label} ({self.pk})" if self.pk else label

    @property
    def rights_expired(self):
        return self.rights_expire_at is not None and self.rights_expire_at <= timezone.now()

    def crop_box(self, ratio):
        """(left, top, width, height) in pixels of the original for a ratio: the editor's
        override, or the largest box of that shape centred as near the focal point as fits."""
        from ..photos.crops import crop_box

        return crop_box(self, ratio)


class Rendition(models.Model):
    """One sized, encoded copy of one crop of a photo; made once, by the rendition task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Made")
        FAILED = "failed", _("Failed")

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    # Which picture and crop it was made from: a replaced crop gets new renditions, and the
    # old ones are cleaned up.
    source_key = models.CharField(max_length=16)
    ratio = models.CharField(max_length=8, choices=[(ratio, ratio) for ratio in RATIOS])
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=[(name, name) for name in FORMATS])
    file = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = (
            models.UniqueConstraint(
                fields=("photo", "source_key", "ratio", "width", "format"),
                name="rendition_made_once",
            ),
        )
        indexes = (models.Index(fields=("status", "-modified"), name="rendition_status_idx"),)

    def __str__(self):
        return f"{self.photo_id} {self.ratio} {self.width}w {self.format}"


class PhotoUse(models.Model):
    """A library photo an article's body shows (written on each save of the article): what
    "where used", the refused delete and the expired-rights list read."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="uses")

    class Meta:
        constraints = (models.UniqueConstraint(fields=("article", "photo"), name="photo_use_once"),)

    def __str__(self):
        return f"photo {self.photo_id} in article {self.article_id}"
