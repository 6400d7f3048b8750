from typing import NamedTuple

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pagecache.generation import remembered

from .brand import brand_stylesheet
from .cache_keys import in_language
from .cards import section_heading
from .front import current_banner
from .languages import active_language
from .models import Section, SitePage
from .templatetags.reader import digest

# The remembered navigation's name: views reading ahead name it (prefetch_remembered).
NAVIGATION = "navigation-sections"


class FooterPage(NamedTuple):
    title: str
    url: str


class Frame(NamedTuple):
    """What every reader page's frame links: the sections (header and footer) and the
    site's pages flagged for the footer, in the page's language. Plain values: every page
    reuses them without unpickling a model instance per link."""

    sections: list
    footer_pages: list


def _navigation():
    pages = (
        SitePage.objects.filter(language=active_language(), show_in_footer=True)
        .only("language", "slug", "title")
        .order_by("footer_order", "title")
    )
    return Frame(
        [section_heading(section) for section in Section.objects.all()],
        [FooterPage(page.title, page.get_absolute_url()) for page in pages],
    )


def site(request):
    """What every reader page's frame shows: the site's name, its sections and pages."""
    # Lazy: only pages that draw the frame pay, and only once per content change (one
    # remembered value for both: changing either invalidates every page).
    # Per language: the sections' addresses and the pages are the page's language's.
    frame = SimpleLazyObject(lambda: remembered(in_language(NAVIGATION), _navigation))
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "navigation_sections": SimpleLazyObject(lambda: frame.sections),
        "footer_pages": SimpleLazyObject(lambda: frame.footer_pages),
        # Names the links above: base.html keeps the header and footer drawn from them in
        # each process's fragment cache under it, so a page draws them only when they change.
        "frame_version": SimpleLazyObject(lambda: digest((frame.sections, frame.footer_pages))),
        # The section whose page this is, marked in the navigation (not the address
        # itself: one drawn navigation serves every other page).
        "current_section_url": SimpleLazyObject(
            lambda: next((s.url for s in frame.sections if s.url == request.path), "")
        ),
        "breaking_news": SimpleLazyObject(current_banner),
        "publisher_name": settings.NEWSROOM_PUBLISHER_NAME,
        "accent_colour": settings.NEWSROOM_ACCENT_COLOUR,
        "masthead_logo": settings.NEWSROOM_MASTHEAD_LOGO,
        "brand": brand_stylesheet(),
        "publication_language": settings.NEWSROOM_PUBLICATION_LANGUAGE,
    }
