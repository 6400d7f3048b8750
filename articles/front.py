"""The front page as readers see it now: what the desk placed, with the latest news filling
every slot it left empty or that lost its story, in a constant number of queries."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from pagecache.dependencies import remembered

from .cache_keys import ALL_ARTICLES, FRONT, list_key
from .models import Article, BreakingNews, FrontPlacement, FrontSection, byline_prefetches

LIST_FIELDS_DEFERRED = ("body", "body_html", "search_vector")


@dataclass
class Story:
    """An article as the front shows it: the desk's headline and standfirst if it gave
    them, the article's own otherwise."""

    article: Article
    headline: str
    standfirst: str
    authors: list = field(default_factory=list)


@dataclass
class SectionBlock:
    section: object
    stories: list


@dataclass
class Front:
    lead: Story | None
    top: list
    sections: list
    banner: BreakingNews | None
    shown: set = field(default_factory=set)
    curated: bool = False  # the desk placed at least one story that is shown


def _story(article, placement=None):
    return Story(
        article=article,
        headline=(placement and placement.headline) or article.title,
        standfirst=(placement and placement.standfirst) or article.summary,
    )


def _listed(queryset):
    return queryset.select_related("section", "lead_photo").defer(*LIST_FIELDS_DEFERRED)


def build_front(section=None):
    """The home page's front, or a section's (its own placements over its latest news;
    section blocks and the banner are the home page's)."""
    slots = 1 + settings.NEWSROOM_FRONT_TOP_STORIES
    placements = {
        placement.slot: placement
        for placement in FrontPlacement.objects.current()
        .on_front(section)
        .filter(slot__lte=slots)
        .select_related("article__section", "article__lead_photo")
        .defer(*(f"article__{name}" for name in LIST_FIELDS_DEFERRED))
    }
    placed = {p.article_id for p in placements.values() if p.article.is_published}
    public = Article.objects.published()
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
        elif placement.article.is_published and placement.article_id not in shown:
            stories.append(_story(placement.article, placement))
        shown.update(story.article.pk for story in stories[-1:])
    # A placed story that stopped being published left its slot: the ones below moved up
    # and the latest news fills the end, so there is never a hole.
    stories.extend(_story(article) for article in latest)
    stories = stories[:slots]
    shown = {story.article.pk for story in stories}

    blocks = [] if section else list(FrontSection.objects.select_related("section"))
    block_stories = {}
    if blocks:
        ranked = (
            _listed(Article.objects.published())
            .filter(section__in=[block.section_id for block in blocks])
            .exclude(pk__in=shown)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("section_id"), order_by=F("published_at").desc()
                )
            )
            .filter(rank__lte=max(block.stories for block in blocks))
            .order_by("section_id", "rank")
        )
        for article in ranked:
            block_stories.setdefault(article.section_id, []).append(article)
    sections = [
        SectionBlock(
            block.section,
            [_story(article) for article in block_stories.get(block.section_id, [])][
                : block.stories
            ],
        )
        for block in blocks
    ]
    sections = [block for block in sections if block.stories]
    all_stories = [*stories, *(story for block in sections for story in block.stories)]
    everything = [story.article for story in all_stories]
    prefetch_related_objects(everything, byline_prefetches()[0])
    for story in all_stories:
        story.authors = [byline.author for byline in story.article.bylines.all()]
        # Addresses worked out now, so that every request showing the remembered front
        # reuses them.
        story.article.get_absolute_url()
        for addressed in (story.article.section, *story.authors):
            if addressed is not None:
                addressed.get_absolute_url()
    return Front(
        lead=stories[0] if stories else None,
        top=stories[1:],
        sections=sections,
        banner=None if section else BreakingNews.objects.on().order_by("-starts_at").first(),
        shown={article.pk for article in everything},
        curated=bool(placed & shown),
    )


def current_front(section=None):
    """The front, kept until the desk changes it, an article it could show changes, or
    a scheduled change is due."""
    if section is None:
        return remembered("front", build_front, keys=(FRONT, ALL_ARTICLES))
    return remembered(
        f"front:{list_key('section', section.slug)}",
        lambda: build_front(section),
        keys=(FRONT, list_key("section", section.slug)),
    )
