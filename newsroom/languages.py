"""Which language a request is answered in.

Reader pages speak the language of their address: /fr/... is French, an address without a
prefix is the default language (LANGUAGE_CODE), which keeps every address it had before
the site had several languages. The browser's Accept-Language never changes a reader page,
so one address is one page for every reader and caches need no Vary on it.

Staff pages (the admin and the desk) speak the editor's language: the one chosen in the
admin's language menu (Django's language cookie), else the browser's.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers


def is_staff_path(path):
    return path.startswith(f"/{settings.ADMIN_URL}")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        staff = is_staff_path(path)
        language = translation.get_language_from_path(path)
        if language == settings.LANGUAGE_CODE:
            # /en/... is the unprefixed address: one address per page.
            unprefixed = path[len(language) + 1 :] or "/"
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(
                f"{request.META.get('SCRIPT_NAME', '')}{unprefixed}"
                + (f"?{query}" if query else "")
            )
        if language is None:
            if staff:
                language = translation.get_language_from_request(request)
            else:
                language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's next request (or a test after it) starts
        # from the default again.
        with translation.override(language):
            response = self.get_response(request)
        if staff:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
