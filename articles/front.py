"""The front page as readers see it now: what the desk placed, with the latest news filling
every slot it left empty or that lost its story, in a constant number of queries."""

from copy import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, OuterRef, Subquery, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import translation

from pagecache.dependencies import remembered

from .cache_keys import ALL_ARTICLES, BREAKING, FRONT, in_language, list_key
from .cards import Card, SectionHeading, card, section_heading
from .models import Article, BreakingNews, FrontPlacement, FrontSection, byline_prefetches

LIST_FIELDS_DEFERRED = ("body", "body_html", "search_vector")


@dataclass
class SectionBlock:
    section: SectionHeading
    stories: list  # of Card


@dataclass
class Front:
    """The front as readers see it: cards (see cards.py), plain values to remember."""

    lead: Card | None
    top: list
    sections: list
    shown: set = field(default_factory=set, repr=False)  # the cards' pks: nothing more
    curated: bool = False  # the desk placed at least one story that is shown


def _story(article, placement=None):
    """(article, the desk's headline, standfirst and crop, if it gave them)."""
    if placement is None:
        return (article, "", "", "")
    return (article, placement.headline, placement.standfirst, placement.crop)


def _listed(queryset):
    return queryset.select_related("section", "lead_photo").defer(*LIST_FIELDS_DEFERRED)


def build_front(section=None, at=None, language=None):
    """The home page's front, or a section's (its own placements over its latest news;
    section blocks are the home page's). at: the front as it will be at that moment (the
    desk's preview), with what is scheduled by then. language: the front in another
    language than the default (see in_language)."""
    language = language or settings.LANGUAGE_CODE
    slots = 1 + settings.NEWSROOM_FRONT_TOP_STORIES
    placements = {
        placement.slot: placement
        for placement in FrontPlacement.objects.current(at)
        .on_front(section)
        .filter(slot__lte=slots)
        .select_related("article__section", "article__lead_photo")
        .defer(*(f"article__{name}" for name in LIST_FIELDS_DEFERRED))
    }
    if language != settings.LANGUAGE_CODE:
        placements = in_language_placements(placements, language, at)

    def live(article):
        return article.is_published_at(at) if at else article.is_published

    placed = {p.article_id for p in placements.values() if live(p.article)}
    public = Article.objects.published(at).in_language(language)
    if section is not None:
        public = public.filed_under(section)
    latest = iter(_listed(public.exclude(pk__in=placed)).order_by("-published_at")[:slots])
    stories, shown = [], set()
    for slot in range(1, slots + 1):
        placement = placements.get(slot)
        if placement is None:
            # A slot the desk left empty: the latest news not placed elsewhere.
            article = next(latest, None)
            if article is not None:
                stories.append(_story(article))
        elif live(placement.article) and placement.article_id not in shown:
            stories.append(_story(placement.article, placement))
        shown.update(story[0].pk for story in stories[-1:])
    # A placed story that stopped being published left its slot: the ones below moved up
    # and the latest news fills the end, so there is never a hole.
    stories.extend(_story(article) for article in latest)
    stories = stories[:slots]
    shown = {story[0].pk for story in stories}

    blocks = [] if section else _section_blocks(shown, at, language)
    everything = [story[0] for story in stories]
    everything += [story[0] for _section, block in blocks for story in block]
    prefetch_related_objects(everything, byline_prefetches()[0])

    def cards(stories, lead=False):
        return [
            card(
                article,
                headline=headline,
                standfirst=standfirst,
                crop=crop,
                authors=[byline.author for byline in article.bylines.all()],
                lead=lead and position == 0,
            )  # fmt: skip
            for position, (article, headline, standfirst, crop) in enumerate(stories)
        ]

    drawn = cards(stories, lead=True)
    return Front(
        lead=drawn[0] if drawn else None,
        top=drawn[1:],
        sections=[SectionBlock(section_heading(s), cards(block)) for s, block in blocks],
        shown={article.pk for article in everything},
        curated=bool(placed & shown),
    )


def in_language_placements(placements, language, at=None):
    """The desk's placements with their stories in `language`, in one query: each placed
    story shown in its public version there (its own headline and standfirst: the desk's
    are written for the default front); a story without one leaves its slot to the latest
    news of that language."""
    stories = {placement.article.story_id for placement in placements.values()}
    versions = {
        version.story_id: version
        for version in _listed(
            Article.objects.published(at).in_language(language).filter(story_id__in=stories)
        )
    }
    translated = {}
    for slot, placement in placements.items():
        version = versions.get(placement.article.story_id)
        if version is not None:
            shown = copy(placement)  # never saved: the desk's row stays as it is
            shown.article, shown.headline, shown.standfirst = version, "", ""
            translated[slot] = shown
    return translated


def _section_blocks(shown, at=None, language=None):
    """The section blocks with their latest stories not already on the front, in one
    query: each article carries its block's place and size, ranked within its section."""
    block = FrontSection.objects.filter(section=OuterRef("section_id"))
    ranked = (
        _listed(Article.objects.published(at).in_language(language or settings.LANGUAGE_CODE))
        .annotate(
            block_position=Subquery(block.values("position")[:1]),
            block_id=Subquery(block.values("pk")[:1]),
            block_stories=Subquery(block.values("stories")[:1]),
        )
        .filter(block_id__isnull=False)
        .exclude(pk__in=shown)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("section_id"), order_by=F("published_at").desc()
            )
        )
        .filter(rank__lte=F("block_stories"))
        .order_by("block_position", "block_id", "rank")
    )
    blocks = {}
    for article in ranked:
        blocks.setdefault(article.block_id, (article.section, []))[1].append(_story(article))
    return list(blocks.values())


# The name the banners are remembered under, for the pages that read them ahead with the rest.
BANNER = "breaking-banner"


def current_banner(language=None):
    """The breaking-news banner every reader page of a language (default: the page's)
    shows now (None: nothing is breaking there), kept until the desk changes a banner or
    one starts or comes down by the clock."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return current_banners().get(language)


def current_banners():
    """{language: its banner} for the languages with one up now. Every language's in one
    value and one query (a handful of rows): a page in a language no page asked for yet
    costs nothing more, and the one `breaking` dependency stays (banners change rarely;
    a change then redraws every page, as it always did)."""
    return remembered(BANNER, _banners_now, keys=(BREAKING,))


def _banners_now():
    banners = {}
    for banner in BreakingNews.objects.on().order_by("-starts_at", "-pk"):
        banners.setdefault(banner.language, banner)  # the latest started, per language
    return banners


def banner_at(at=None, language=None):
    """The banner up at that moment on a language's pages (default: the default one's)."""
    language = language or settings.LANGUAGE_CODE
    return BreakingNews.objects.on(at).filter(language=language).order_by("-starts_at").first()


def current_front(section=None, language=None):
    """The front in a language (default: the default language's), kept until the desk
    changes it, an article it could show changes, or a scheduled change is due."""
    language = language or settings.LANGUAGE_CODE
    if section is None:
        return remembered(
            in_language("front", language),
            lambda: build_front(language=language),
            keys=(FRONT, in_language(ALL_ARTICLES, language)),
        )
    listed = list_key("section", section.slug, language)
    return remembered(
        f"front:{listed}",
        lambda: build_front(section, language=language),
        keys=(FRONT, listed),
    )
