"""Public pages that vary on request headers, for the page cache's Vary tests."""

from django.http import HttpResponse
from django.urls import path
from django.utils.cache import patch_vary_headers

from pagecache.middleware import public_page


@public_page
def greeting(request):
    language = request.headers.get("Accept-Language", "en")[:2]
    response = HttpResponse({"fr": "Bonjour", "de": "Guten Tag"}.get(language, "Hello"))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@public_page
def anything_goes(request):
    response = HttpResponse(request.headers.get("User-Agent", ""))
    patch_vary_headers(response, ["*"])
    return response


urlpatterns = [
    path("greeting/", greeting),
    path("anything/", anything_goes),
]
