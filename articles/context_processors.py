from django.conf import settings
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import remembered

from .models import Section


def navigation(request):
    return {
        # Lazy: only pages that draw the navigation pay, and only once per content change.
        "navigation_sections": SimpleLazyObject(
            lambda: remembered("navigation-sections", lambda: list(Section.objects.all()))
        ),
        "publisher_name": settings.NEWSROOM_PUBLISHER_NAME,
        "publication_language": settings.NEWSROOM_PUBLICATION_LANGUAGE,
    }
