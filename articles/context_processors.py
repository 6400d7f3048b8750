from django.conf import settings

from .models import Section


def navigation(request):
    return {
        # Lazy: only pages that draw the navigation pay for the query.
        "navigation_sections": Section.objects.all(),
        "publisher_name": settings.NEWSROOM_PUBLISHER_NAME,
        "publication_language": settings.NEWSROOM_PUBLICATION_LANGUAGE,
    }
