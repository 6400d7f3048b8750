"""What a list shows of an article (home, front, sections, authors, tags, archives,
search): a card of plain values, drawn once.

Lists are remembered (pagecache's remembered()) until what they show changes; a card is
what the summary templates print and nothing else, so a page showing a remembered list
unpickles a few strings per article instead of a model instance, and formats no date or
picture again. Datelines are drawn in the active language: every remembered list is one
language's (its name carries it, see cache_keys.in_language).
"""

from typing import NamedTuple

from django.template.loader import render_to_string

from .templatetags.reader import dateline, lead_picture


class Card(NamedTuple):
    pk: int
    url: str
    headline: str  # the desk's on the front, when it gave one; else the article's title
    standfirst: str
    language: str
    published_at: object
    dateline: str  # safe: <time>, see reader.dateline
    thumbnail: str = ""  # safe: the thumbnail's <picture>; empty without a lead picture
    lead_image: str = ""  # safe: the lead slot's <figure> (the front's first story only)
    kicker: str = ""  # the section's name (front stories)
    kicker_url: str = ""
    byline: str = ""  # safe: _byline.html drawn (front stories)
    snippet: str = ""  # a search result's ts_headline text (escaped when shown)


class SectionHeading(NamedTuple):
    """A front's section block's heading."""

    slug: str
    name: str
    url: str


def card(article, *, headline="", standfirst="", crop="", authors=None, lead=False):
    """The card of an article. authors: its byline (front stories show it; lists do not);
    lead: it is a front's first story (its picture in the lead slot)."""
    # The kicker where the section came with the article (the front's select_related).
    section = article.section if type(article).section.is_cached(article) else None
    return Card(
        pk=article.pk,
        url=article.get_absolute_url(),
        headline=headline or article.title,
        standfirst=standfirst or article.summary,
        language=article.language,
        published_at=article.published_at,
        dateline=dateline(article.published_at),
        thumbnail="" if lead else lead_picture(article, "thumbnail", crop),
        lead_image=_lead_image(article, crop) if lead else "",
        kicker=section.name if section is not None else "",
        kicker_url=section.get_absolute_url() if section is not None else "",
        byline=_byline(authors) if authors is not None else "",
        snippet=getattr(article, "snippet", "") or "",
    )


def _lead_image(article, crop):
    context = {"article": article, "slot": "home_lead", "crop": crop}
    return render_to_string("articles/_lead_image.html", context)


def _byline(authors):
    return render_to_string("articles/_byline.html", {"authors": authors})


def section_heading(section):
    return SectionHeading(section.slug, section.name, section.get_absolute_url())
