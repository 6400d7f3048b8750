"""
Full-response cache for anonymous readers.

Views opt in with @public_page, which says so the HTTP way: `Cache-Control: public,
s-maxage=N`. The first middleware in the stack answers cache hits before any other
middleware or view runs; misses go through the whole stack and the finished response
(with every header the inner middleware added) is stored for its s-maxage, as a shared
cache would keep it.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from . import edge, entries, generation

# Not 404: every mistyped or hostile URL would push real pages out of the cache.
CACHEABLE_STATUS = {200, 301, 410}


def lifetimes():
    """(fresh, stale): how long a shared cache may keep a public page, then how long it may
    go on serving it while it refetches. Together never past the next scheduled change."""
    lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if not lifetime:
        return 0, 0
    stale = settings.NEWSROOM_STALE_WHILE_REVALIDATE
    until_change = generation.seconds_until_next_change(generation.current_generation())
    if until_change is not None:
        lifetime = max(min(lifetime, int(until_change)), 0)
        stale = max(min(stale, int(until_change) - lifetime), 0)
    return lifetime, stale


def public_page(view):
    """Mark a view's responses as the same for every anonymous reader."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return response  # e.g. a staff preview
        lifetime, stale = lifetimes()
        patch_cache_control(
            response,
            public=True,
            # Browsers revalidate (a cheap 304); shared caches keep the page briefly and
            # may serve it while refetching, or while we are down.
            max_age=0,
            s_maxage=lifetime,
            stale_while_revalidate=stale,
            stale_if_error=settings.NEWSROOM_STALE_IF_ERROR,
        )
        return response

    return wrapper


def has_session(environ):
    return f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", "")


def _is_anonymous_read(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # Anyone with a session (staff) may see previews or messages: never from the cache.
    if has_session(request.META):
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generation.one_generation_per_request():
            if not _is_anonymous_read(request):
                return self.get_response(request)
            return self._respond(request)

    def _respond(self, request):
        generation_now = None
        # With the page cache off, only a revalidation stores anything (its validators):
        # other requests need not read the state before the view does.
        if settings.NEWSROOM_PAGE_CACHE_SECONDS or "HTTP_IF_NONE_MATCH" in request.META:
            kinds = ["page"] if settings.NEWSROOM_PAGE_CACHE_SECONDS else []
            # The generation is read before the page is rendered, see invalidate_all_pages().
            generation_now, found = entries.lookup(request.META, kinds)
            page = found.get("page")
            if page is not None:
                return self._answer(request, page)
        response = self.get_response(request)
        lifetime = entries.shared_lifetime(response)
        if lifetime is None:
            return response
        keys_header = edge.header_name()
        if keys_header:
            # Kept with the page: its hits carry them too.
            response[keys_header] = edge.header_value(generation.request_dependencies()[1])
        if (
            lifetime > 0
            and settings.NEWSROOM_PAGE_CACHE_SECONDS
            and response.status_code in CACHEABLE_STATUS
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            response["X-Cache"] = "miss"
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            started, keys = generation.request_dependencies()
            page = entries.StoredPage(
                generation_now, started, keys, time.time() + lifetime, response.status_code,
                headers, response.content,
            )  # fmt: skip
            entries.store(request.META, "page", page, response, timeout=lifetime)
        if "HTTP_IF_NONE_MATCH" in request.META:
            self._remember_validators(request, response, generation_now)
        return response

    def _answer(self, request, page):
        cached = HttpResponse(page.body, status=page.status)
        for name, value in entries.counting_down(page.headers, page.expires_at):
            cached[name] = value
        cached["X-Cache"] = "hit"
        last_modified = cached.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=cached.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=cached,
        )

    def _remember_validators(self, request, response, generation_now):
        """For a client revalidating a public page: its ETag and 304 headers, until content
        changes, so that the next revalidation is answered before Django (even after the
        page itself left the cache, or with the page cache off)."""
        if (
            response.status_code not in (200, 304)
            or not response.has_header("ETag")
            or response.cookies
        ):
            return
        timeout = generation.remember_timeout(generation_now)
        headers = [
            (name, value)
            for name, value in response.items()
            if name in entries.NOT_MODIFIED_HEADERS - {"X-Cache"}
        ]
        started, keys = generation.request_dependencies()
        validators = entries.StoredValidators(
            generation_now, started, keys, time.time() + timeout, response["ETag"], headers
        )
        entries.store(request.META, "validators", validators, response, timeout=timeout)
