from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pagecache.generation import remembered

from .cache_keys import in_language
from .cards import section_heading
from .front import current_banner
from .models import Section

# The remembered navigation's name: views reading ahead name it (prefetch_remembered).
NAVIGATION = "navigation-sections"


def _navigation_sections():
    # Plain values (name, address), remembered: every page reuses them without
    # unpickling a model instance per section.
    return [section_heading(section) for section in Section.objects.all()]


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
        "publication_language": settings.NEWSROOM_PUBLICATION_LANGUAGE,
    }
