"""The article: what readers may see (published()) and how its dates behave."""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from pagecache.dependencies import invalidate

from ..cache_keys import article_write_keys, written_article_keys
from ..markdown import render_markdown
from ..photos.inline import record_uses as record_photo_uses
from ..search import update_search_vector
from .addresses import SlugAddressed
from .filing import ArticleAuthor, Author, Section
from .story import Story, default_language, language_choices, search_config_for

READER_CONTENT_FIELDS = ("title", "summary", "body")

# The fields a revision keeps and a draft of a live article may change. Add new editable
# content here (plain, foreign-key and many-to-many fields all work); old snapshots
# without the new key keep working.
REVISION_FIELDS = (
    "title",
    "summary",
    "body",
    "section",
    "authors",
    "tags",
    "seo_title",
    "seo_description",
    "social_headline",
    "social_description",
    "lead_photo",
    "lead_alt_text",
    "lead_caption",
    "lead_decorative",
    "social_photo",
)

# How many of the most recent related articles are ranked for "Related articles".
RELATED_CANDIDATES = 200


def byline_prefetches():
    """What a page showing bylines and tags prefetches (see ArticleQuerySet.with_bylines)."""
    return (
        models.Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
        "tags",
    )


def first_moment(*moments, earliest, over=None):
    """The earliest (or latest) of the first values of these one-column querysets, from
    one query: each is an index-friendly scalar subquery (an aggregate over the same
    filters would read every row). The query reads one row of `over` (default: the first
    queryset's model), so that table must not be empty."""
    model = over or moments[0].model
    columns = {f"moment_{i}": Subquery(queryset[:1]) for i, queryset in enumerate(moments)}
    row = model._base_manager.annotate(**columns).values_list(*columns).order_by()[:1]
    found = [moment for moment in next(iter(row), ()) if moment is not None]
    if not found:
        return None
    return min(found) if earliest else max(found)


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one definition of "readers may see this" (at: another moment than now, for
        the desk's preview of the front at a later time).

        An embargo holds the publish time back (a constraint keeps published_at at or
        after embargo_until), and an expiry ends it: both are a comparison with now, so
        neither needs a cron job.
        """
        now = at or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            published_at__lte=now,
            withdrawn_at__isnull=True,
            trashed_at__isnull=True,
        )

    def in_language(self, language):
        """The versions written in this language (a reader list shows only its page's)."""
        return self.filter(language=language)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def scheduled(self):
        return self.filter(
            published_at__gt=timezone.now(), withdrawn_at__isnull=True, trashed_at__isnull=True
        )

    def embargoed(self):
        return self.scheduled().filter(embargo_until__gt=timezone.now())

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def gone(self):
        """Articles whose address answers 410: withdrawn, expired, or in the trash after
        readers could see them."""
        now = timezone.now()
        return self.filter(
            Q(withdrawn_at__isnull=False)
            | Q(expires_at__lte=now)
            | Q(trashed_at__isnull=False, published_at__lte=now)
        )

    def in_trash(self):
        return self.filter(trashed_at__isnull=False)

    def out_of_trash(self):
        return self.filter(trashed_at__isnull=True)

    def next_publication_time(self):
        """When the next scheduled article goes live (None: nothing is scheduled)."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def next_change_time(self):
        """When what readers see next changes without a write: a scheduled or embargoed
        article goes live, or a live one expires (None: nothing is due)."""
        return first_moment(*self.change_moments(), earliest=True)

    def change_moments(self):
        """The next publication and the next expiry, as one-column querysets."""
        expiring = self.filter(expires_at__gt=timezone.now(), withdrawn_at__isnull=True)
        return (
            self.scheduled().order_by("published_at").values("published_at"),
            expiring.out_of_trash().order_by("expires_at").values("expires_at"),
        )

    def filed_under(self, filing):
        """Articles in a section, by an author, or with a tag.

        Bylines and tags are tested with EXISTS, not joined: PostgreSQL can then walk the
        newest articles (article_public_idx) and stop at a page's LIMIT. A join to the
        taggings would also cast their integer object_id to bigint, which no index serves.
        """
        if isinstance(filing, Section):
            return self.filter(section=filing)
        if isinstance(filing, Author):
            bylines = ArticleAuthor.objects.filter(article=OuterRef("pk"), author=filing)
            return self.filter(Exists(bylines))
        if isinstance(filing, Tag):
            taggings = TaggedItem.objects.filter(
                tag=filing,
                object_id=OuterRef("pk"),
                content_type=ContentType.objects.get_for_model(self.model),
            )
            return self.filter(Exists(taggings))
        raise TypeError(f"Articles are not filed under {type(filing).__name__}")

    def with_bylines(self):
        """Section, ordered authors and tags in a constant number of queries."""
        return self.select_related("section").prefetch_related(*byline_prefetches())

    def with_other_versions_known(self):
        """has_other_versions on each row: whether its story has another public version.
        Most stories have one: their alternates (articles/alternates.py) then need no query."""
        return self.annotate(
            has_other_versions=Exists(
                Article.objects.published()
                .filter(story_id=OuterRef("story_id"))
                .exclude(pk=OuterRef("pk"))
                .order_by()
            )
        )

    def for_reading(self):
        """The article page's own row, with its section and whether it has corrections
        (most have none: then its ReaderFiling needs no query for them)."""
        from .lifecycle import Correction  # defined after Article

        return (
            self.select_related("section", "lead_photo", "social_photo")
            .defer("search_vector")
            .annotate(
                has_corrections=Exists(
                    Correction.objects.filter(article=OuterRef("pk"), awaiting_editor=False)
                ),
            )
            .with_other_versions_known()
        )


class ReaderFiling(NamedTuple):
    """What the article page shows around the article itself."""

    section: "Section | None"
    authors: list
    tags: list
    corrections: list
    related: list
    # The story's public versions (articles.alternates.StoryVersions), for the language
    # switcher and the alternates; None where a page does not show them (previews).
    languages: object = None

    @classmethod
    def worked_out(cls, **parts):
        filing = cls(**parts)
        # Addresses worked out now, so that every request showing a remembered filing
        # reuses them.
        for addressed in (filing.section, *filing.authors, *filing.related):
            if addressed is not None:
                addressed.get_absolute_url()
        return filing


class ReviewState(models.TextChoices):
    NONE = "", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")


class Article(SlugAddressed, models.Model):
    url_name = "articles:article"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The story this is a language version of; save() starts one for a new article.
    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        on_delete=models.PROTECT,
        related_name="versions",
        editable=False,
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=language_choices,
        default=default_language,
        help_text=_("The language this version is written in."),
    )
    # What this version was translated from: the source version, and the source's
    # "Last updated" when the translation was made or last brought up to date. A later
    # significant update of the source (which moves its updated_at; a minor change does
    # not) makes the translation stale.
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name=_("translated from"),
    )
    translated_from_revision = models.ForeignKey(
        "articles.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    translated_from_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    translator = models.CharField(
        _("translated by"),
        max_length=200,
        blank=True,
        help_text=_("Optional, public: the translator's name, shown with the byline."),
    )
    # PostgreSQL's text-search configuration for this version's language (a regconfig
    # name), set by save(): each row is indexed and searched in its own language.
    search_config = models.CharField(max_length=40, editable=False, default="english")
    title = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        # Help texts are HTML in the admin: no angle brackets.
        help_text=_(
            "The last part of the article's address, as in /articles/harbour-reopens/. "
            "Letters, numbers, hyphens and underscores."
        ),
    )
    summary = models.TextField(
        _("standfirst"),
        max_length=500,
        help_text=_(
            "One or two sentences under the headline; also shown in lists, "
            "search results and link previews."
        ),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown. The preview beside the editor shows what readers will see."),
    )
    body_html = models.TextField(editable=False, default="")
    published_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Readers see the article from this moment on. Leave empty to keep it a "
            "draft; a time in the future schedules it."
        ),
    )
    updated_at = models.DateTimeField(
        _("last updated"),
        editable=False,
        help_text=_("Shown to readers. Moves only when the headline, standfirst or body change."),
    )
    update_note = models.CharField(
        _("update note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional, public: what this update changed, shown beside 'Last updated' "
            "(e.g. 'Adds the mayor's response'). Cleared by the next significant update."
        ),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Readers get a short 'withdrawn' page (410) from this moment on."),
    )
    withdrawal_reason = models.TextField(
        _("withdrawal reason"),
        blank=True,
        help_text=_("Public: shown to readers on the withdrawn article's page."),
    )
    embargo_until = models.DateTimeField(
        _("under embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "Nothing public (pages, lists, feeds, sitemaps, search, structured data) "
            "before this moment, whatever the publish time; the article goes live then. Partners "
            "can read it meanwhile through a preview link."
        ),
    )
    expires_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: from this moment readers get a short 'removed' page (410) and "
            "the article leaves every list, feed, sitemap and search."
        ),
    )
    # Set when the article is deleted: it waits in the trash for NEWSROOM_TRASH_DAYS.
    trashed_at = models.DateTimeField(
        _("moved to the trash"), null=True, blank=True, editable=False
    )
    seo_title = models.CharField(
        _("search title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: the page title search engines show (about 60 characters); the "
            "headline otherwise."
        ),
    )
    seo_description = models.CharField(
        _("search description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional: the snippet under the title in search results (about 155 "
            "characters); the standfirst otherwise."
        ),
    )
    social_headline = models.CharField(
        _("share title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: the headline of the card shown when the article is shared on "
            "social media; the headline otherwise."
        ),
    )
    social_description = models.CharField(
        _("share description"),
        max_length=300,
        blank=True,
        help_text=_("Optional: the text of the share card; the standfirst otherwise."),
    )
    social_photo = models.ForeignKey(
        "articles.Photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="share_card_of",
        verbose_name=_("share image"),
        help_text=_(
            "Optional: the picture of the share card (its 1.91:1 crop) when it should "
            "differ from the lead image; the lead image otherwise."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Where the article is filed; its section page and feed list it."),
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    tags = TaggableManager(
        blank=True, help_text=_("Topics, people and places; readers can follow each tag.")
    )
    lead_photo = models.ForeignKey(
        "articles.Photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        verbose_name=_("lead image"),
        help_text=_("Shown large above the article, and beside it in lists. Needed to publish."),
    )
    lead_alt_text = models.CharField(
        _("lead image alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. Empty: the library's alt text."
        ),
    )
    lead_caption = models.TextField(
        _("lead image caption"), blank=True, help_text=_("Empty: the library's caption.")
    )
    lead_decorative = models.BooleanField(
        _("lead image is decorative"),
        default=False,
        help_text=_('Tick only when the picture adds nothing the text does not say (alt="").'),
    )
    # Kept up to date by save() on PostgreSQL (GIN-indexed there); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # Where the editors' work stands before readers see it (desk/workflow.py): an
    # unpublished article's review, or the review of pending changes to a live one.
    review_state = models.CharField(
        _("review state"),
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.NONE,
        blank=True,
        editable=False,
    )
    # Part of every share-preview link; raising it revokes all links to this article.
    preview_link_generation = models.PositiveIntegerField(default=0, editable=False)
    # Where an imported article came from (desk/importing/): a re-import finds it by these,
    # never by headline and date. import_state holds digests of the source item and of what
    # the import wrote, so a re-run updates only what changed and spots the desk's edits.
    source = models.CharField(
        _("imported from"), max_length=200, blank=True, editable=False, default=""
    )
    source_id = models.CharField(max_length=100, blank=True, editable=False, default="")
    import_state = models.JSONField(default=dict, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        indexes = (
            models.Index(fields=("-published_at", "-id"), name="article_published_idx"),
            # What readers may see (published() minus the time test): lists and their
            # counts scan this index alone.
            # Expiry is covered (PostgreSQL), so counting still reads the index alone.
            models.Index(
                fields=("-published_at", "-id"),
                condition=Q(withdrawn_at__isnull=True, trashed_at__isnull=True),
                include=("expires_at",),
                name="article_public_idx",
            ),
            # The same per language: a French list walks the French rows only, however
            # many English ones the archive holds.
            models.Index(
                fields=("language", "-published_at", "-id"),
                condition=Q(withdrawn_at__isnull=True, trashed_at__isnull=True),
                include=("expires_at",),
                name="article_language_public_idx",
            ),
            models.Index(
                fields=("language", "section", "-published_at", "-id"),
                condition=Q(withdrawn_at__isnull=True, trashed_at__isnull=True),
                include=("expires_at",),
                name="article_language_section_idx",
            ),
            # The next expiry and the latest one past: a few rows carry one.
            models.Index(
                fields=("expires_at",),
                condition=Q(expires_at__isnull=False),
                name="article_expiry_idx",
            ),
            models.Index(
                fields=("trashed_at",),
                condition=Q(trashed_at__isnull=False),
                name="article_trash_idx",
            ),
            # Section pages and the sitemap's "latest change" at any archive size.
            models.Index(fields=("section", "-published_at", "-id"), name="article_section_idx"),
            models.Index(fields=("-updated_at", "-id"), name="article_updated_idx"),
            # The desk's "waiting for review" panel.
            models.Index(
                fields=("review_state",),
                condition=~Q(review_state=""),
                name="article_review_idx",
            ),
        )
        constraints = (
            # Slugs are unique within a language: the French version may share the
            # English slug, each under its own language's address.
            models.UniqueConstraint(fields=("language", "slug"), name="article_slug_per_language"),
            models.UniqueConstraint(fields=("story", "language"), name="story_one_per_language"),
            models.UniqueConstraint(
                fields=("source", "source_id"),
                condition=~Q(source=""),
                name="article_imported_once",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(published_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="article_withdrawn_has_reason",
                violation_error_message="A withdrawn article needs a public reason and a "
                "publish time.",
            ),
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True)
                | Q(published_at__gte=models.F("embargo_until")),
                name="article_published_after_embargo",
                violation_error_message="An embargoed article cannot be published before its "
                "embargo ends.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("published_at")),
                name="article_expires_after_publication",
                violation_error_message="An article can only be unpublished after its "
                "publish time.",
            ),
        )
        permissions = (
            ("publish_article", "Can publish and schedule articles"),
            ("redate_article", "Can re-date published articles"),
            ("withdraw_article", "Can withdraw and reinstate articles"),
        )

    def __str__(self):
        return self.title

    def save(self, *args, keep_last_updated=False, stored=None, **kwargs):
        """Save, keeping what readers were told true.

        keep_last_updated: the editor's "Minor change" (a typo fix is not news).
        stored: this article as the database holds it, when the caller has just read it
        (the desk reads it under a lock); otherwise it is read here, once.
        """
        update_fields = kwargs.get("update_fields")
        touches_content = update_fields is None or bool(
            set(update_fields) & set(READER_CONTENT_FIELDS)
        )
        if stored is None and not self._state.adding and self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .only(
                    "slug",
                    "language",
                    "published_at",
                    "withdrawn_at",
                    "section",
                    "update_note",
                    *READER_CONTENT_FIELDS,
                )  # fmt: skip
                .first()
            )
        if self.story_id is None:
            self.story = Story.objects.create()
        self.search_config = search_config_for(self.language)
        if update_fields is not None and "language" in update_fields:
            kwargs["update_fields"] = update_fields = {*update_fields, "search_config"}
        if touches_content:
            # A new article may arrive with its history (imports, demo content).
            if self.updated_at is None:
                self.updated_at = timezone.now()
            elif stored is not None and not keep_last_updated and self._reads_differently(stored):
                self.updated_at = timezone.now()
                # An unchanged note described the previous update, not this one.
                if self.update_note == stored.update_note:
                    self.update_note = ""
            self.body_html = render_markdown(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "updated_at",
                    "body_html",
                    "update_note",
                }
        super().save(*args, **kwargs)
        if touches_content:
            update_search_vector(self)
            record_photo_uses(self)
        renamed = update_fields is None or "slug" in update_fields
        if renamed and stored is not None and stored.slug != self.slug:
            self._keep_old_address(stored)
        # The pages showing it, before and after, go stale when this commits.
        invalidate(article_write_keys(self, before=stored), using=kwargs.get("using"))

    def address_language(self):
        # A version's address is in its own language, whatever page links to it.
        return self.language

    @staticmethod
    def may_be_written_by(user):
        """The one rule for "may write articles": staff who may add or change them. It
        opens the editor's preview and image upload, and drafts at their own address."""
        return (
            user.is_active
            and user.is_staff
            and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
        )

    @property
    def is_published(self):
        return (
            self.is_public_since_published
            and self.withdrawn_at is None
            and self.trashed_at is None
            and not self.is_expired
        )

    def is_published_at(self, moment):
        """is_published, at another moment: the same rule as published(at=moment)."""
        return (
            self.published_at is not None
            and self.published_at <= moment
            and self.withdrawn_at is None
            and self.trashed_at is None
            and (self.expires_at is None or self.expires_at > moment)
        )

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_embargoed(self):
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_public_since_published(self):
        """Readers have seen (or may see) it: its publish time has come, withdrawn or not."""
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def status(self):
        # An expired article answers as a withdrawn one does.
        if self.withdrawn_at is not None or self.is_expired:
            return self.Status.WITHDRAWN
        if self.published_at is None:
            return self.Status.DRAFT
        if self.published_at > timezone.now():
            return self.Status.SCHEDULED
        return self.Status.PUBLISHED

    def get_status_display(self):
        return self.Status(self.status).label

    # What search engines and share cards show: the desk's override, else the article's own.
    @property
    def search_title(self):
        return self.seo_title or self.title

    @property
    def search_description(self):
        return self.seo_description or self.summary

    @property
    def share_title(self):
        return self.social_headline or self.title

    @property
    def share_description(self):
        return self.social_description or self.summary

    @property
    def last_updated(self):
        """ "Last updated" as readers see it: never earlier than the publish time."""
        if self.published_at and self.published_at > self.updated_at:
            return self.published_at
        return self.updated_at

    @property
    def share_photo(self):
        """The share card's picture: the override, else the lead image (None: neither)."""
        return self.social_photo if self.social_photo_id is not None else self.lead_photo

    @property
    def share_image_alt(self):
        if self.social_photo_id is not None:
            return self.social_photo.alt_text
        return self.lead_image_alt

    @property
    def lead_image_alt(self):
        """The lead image's alt text as readers get it: this use's, else the library's;
        empty for a decorative picture."""
        if self.lead_decorative or self.lead_photo is None:
            return ""
        return self.lead_alt_text or self.lead_photo.alt_text

    @property
    def lead_image_caption(self):
        if self.lead_photo is None:
            return ""
        return self.lead_caption or self.lead_photo.caption

    def _reads_differently(self, stored):
        """Whether readers would notice a change from the stored article."""
        return any(getattr(self, f) != getattr(stored, f) for f in READER_CONTENT_FIELDS)

    def _keep_old_address(self, stored):
        """A slug readers could reach keeps answering: a 301 to this article, one hop."""
        from .lifecycle import SlugRedirect, Tombstone  # defined after Article

        # Old slugs are kept per language: renaming the French version leaves the English
        # one's addresses alone. Drafts and scheduled articles had no public address to keep.
        if stored.is_public_since_published:
            SlugRedirect.objects.update_or_create(
                language=stored.language, old_slug=stored.slug, defaults={"article": self}
            )
            Tombstone.objects.filter(language=stored.language, slug=stored.slug).delete()
        # Renamed back to an earlier slug: the article itself answers there again.
        SlugRedirect.objects.filter(
            language=self.language, old_slug=self.slug, article=self
        ).delete()

    def move_to_trash(self):
        """Deleting an article: it waits in the trash (NEWSROOM_TRASH_DAYS), restorable with
        everything it had; its address answers 410 meanwhile."""
        self.trashed_at = timezone.now()
        self.save(update_fields=["trashed_at", "modified"])

    def restore_from_trash(self):
        self.trashed_at = None
        self.save(update_fields=["trashed_at", "modified"])

    def leave_tombstones(self):
        """Before deletion: an article readers could see leaves its addresses answering
        410 Gone (called for every way of deleting, see receivers.py)."""
        from .lifecycle import SlugRedirect, Tombstone

        if not self.is_public_since_published:
            return
        old = self.old_slugs.values_list("language", "old_slug")
        addresses = {(self.language, self.slug), *old}
        taken = Q()
        for language, slug in addresses:
            taken |= Q(language=language, old_slug=slug)
        SlugRedirect.objects.filter(taken).exclude(article=self).delete()
        for language, slug in addresses:
            Tombstone.objects.update_or_create(
                language=language, slug=slug, defaults={"title": self.title}
            )

    @property
    def byline_authors(self):
        """The authors in byline order (from the with_bylines() prefetch when there is one)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def tag_list(self):
        """Tags in alphabetical order."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.casefold())

    def reader_filing(self):
        """Section, byline, tags, corrections and related articles, ready to remember."""
        prefetch_related_objects([self], *byline_prefetches())
        has_corrections = getattr(self, "has_corrections", True)  # see for_reading()
        return ReaderFiling.worked_out(
            section=self.section,
            authors=self.byline_authors,
            tags=self.tag_list,
            corrections=(
                list(self.corrections.filter(awaiting_editor=False)) if has_corrections else []
            ),
            related=list(self.related_articles()),
        )

    def set_byline(self, authors):
        """Make `authors`, in this order, the article's byline."""
        self.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=self, author=author, position=position)
            for position, author in enumerate(authors, start=1)
        )
        # A bulk insert signals nothing: the new names' lists go stale here (the old ones
        # did as their bylines were deleted).
        keys = written_article_keys(
            self.pk,
            section_slug=self.section.slug if self.section_id else None,
            author_slugs=[author.slug for author in authors],
            tag_slugs=(),
            listed=self.published_at is not None,
            joins=False,
            language=self.language,
            story_id=self.story_id,
        )
        invalidate(keys)

    def _taggings(self, tag_ids):
        return TaggedItem.objects.filter(
            tag_id__in=tag_ids,
            content_type__app_label=self._meta.app_label,
            content_type__model=self._meta.model_name,
        )

    def related_articles(self, limit=4):
        """Published articles sharing tags (most shared first), then the same section."""
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids and self.section_id is None:
            return Article.objects.none()
        # Counted per candidate through the taggings' (content type, object id) index; a
        # join would cast object_id (an integer in django-taggit) and scan every tagging.
        shared_tags = models.Value(0)
        if tag_ids:
            shared_tags = Coalesce(
                Subquery(
                    self._taggings(tag_ids)
                    .filter(object_id=OuterRef("pk"))
                    .order_by()
                    .values("object_id")
                    .annotate(count=models.Count("pk"))
                    .values("count")
                ),
                0,
            )
        # Ranked among the most recent kin only: ranking a whole section of a
        # million-article archive costs seconds, and news readers want recent kin. Each
        # kind of kinship is its own index-friendly subquery (an OR across the tag join
        # would scan every tagged item).
        candidates = (
            Article.objects.published()
            .in_language(self.language)
            .exclude(pk=self.pk)
            .order_by("-published_at", "-id")
        )
        kin = []
        if tag_ids:
            # The most recently tagged first: taggings come in publication order, and
            # walking their index is cheap where joining every tagging to its article is not.
            recently_tagged = (
                self._taggings(tag_ids)
                .order_by("-id")
                .values("object_id")[: RELATED_CANDIDATES * 4]
            )
            kin.append(candidates.filter(pk__in=recently_tagged))
        if self.section_id is not None:
            kin.append(candidates.filter(section_id=self.section_id))
        kin = [queryset.values("pk")[:RELATED_CANDIDATES] for queryset in kin]
        if connections[self._state.db or "default"].features.supports_slicing_ordering_in_compound:
            kinship = Q(pk__in=kin[0].union(*kin[1:]))
        else:  # SQLite: no LIMIT inside a UNION; an OR of the two is fine at its scale
            kinship = Q()
            for recent in kin:
                kinship |= Q(pk__in=recent)
        return (
            Article.objects.filter(kinship)
            .annotate(shared_tags=shared_tags)
            .order_by("-shared_tags", "-published_at", "-id")
            .defer("body", "body_html", "search_vector")[:limit]
        )
