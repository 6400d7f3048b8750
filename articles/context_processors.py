from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pagecache.generation import remembered

from .brand import brand_stylesheet
from .cache_keys import in_language
from .front import current_banner
from .models import Section

# The remembered navigation's name: views reading ahead name it (prefetch_remembered).
NAVIGATION = "navigation-sections"


def _navigation_sections():
    sections = list(Section.objects.all())
    for section in sections:
        section.get_absolute_url()  # remembered with them: every page reuses the addresses
    return sections


def site(request):
    """What every reader page's frame shows: the site's name and its sections."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Lazy: only pages that draw the navigation pay, and only once per content change.
        "navigation_sections": SimpleLazyObject(
            # Per language: the sections' addresses are the page's language's.
            lambda: remembered(in_language(NAVIGATION), _navigation_sections)
        ),
        "breaking_news": SimpleLazyObject(current_banner),
        "publisher_name": settings.NEWSROOM_PUBLISHER_NAME,
        "accent_colour": settings.NEWSROOM_ACCENT_COLOUR,
        "masthead_logo": settings.NEWSROOM_MASTHEAD_LOGO,
        "brand": brand_stylesheet(),
        "publication_language": settings.NEWSROOM_PUBLICATION_LANGUAGE,
    }
