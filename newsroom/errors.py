import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# What Django raises when PostgreSQL is down, restarting, refusing connections
# or has just dropped ours: a temporary state, not a bug in the page.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

# Seconds a client (or a cache in front of us) should wait before trying again.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a database outage becomes a 503 "back soon" page instead of a 500.

    Django calls this while handling the exception, so sys.exc_info() is that
    exception, wherever it was raised: view, template or middleware.
    """
    with translation.override(page_language(request)):
        if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
            return service_unavailable()
        return defaults.server_error(request, template_name)


def page_language(request):
    # The failure may come before LanguageMiddleware chose (the page cache, the session):
    # then the page speaks its address's language, not the one this thread spoke last.
    language = getattr(request, "LANGUAGE_CODE", None)
    return (
        language or translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def service_unavailable():
    # Rendered without a request or context processors: nothing here may need the database.
    # In the active language (server_error's choice).
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
