"""
Full-response cache for anonymous readers.

Views opt in with @public_page. The first middleware in the stack answers cache hits
before any other middleware or view runs; misses go through the whole stack and the
finished response (with every header the inner middleware added) is stored.

Invalidation is one site-wide "generation" number that is part of every key. Any write
to newsroom content moves it (see articles/apps.py): an article page also shows related
articles and the section navigation, so almost every change touches almost every page,
and one counter is both exact enough and impossible to get wrong. Entries never outlive
the next scheduled publication, so scheduled articles appear on time without a worker.
"""

import hashlib
import logging
import re
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import wraps
from http import HTTPStatus
from pathlib import Path
from secrets import randbelow

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from newsroom.health import PROBES

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:{generation}"
REMEMBER_SECONDS = 24 * 60 * 60
# Not 404: every mistyped or hostile URL would push real pages out of the cache.
_CACHEABLE_STATUS = {200, 301, 410}

# The generation as this request first saw it: every part of one page (validators, page
# key, remembered values) then belongs to the same generation, for one cache read.
_request_generation = ContextVar("newsroom_request_generation", default=None)


def _code_release():
    """A fingerprint of the code, templates and requirements this process runs.

    Part of every stored page's and remembered value's key: after an upgrade, pages
    drawn by old templates and values in an older shape are never reused. (Not part of
    the generation, which old and new processes must share while both run.)
    """
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = [root / "requirements.txt"]
    for package in ("newsroom", "articles", "templates"):
        files += (path for path in (root / package).rglob("*") if path.suffix in _CODE_SUFFIXES)
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


_CODE_SUFFIXES = {".py", ".html", ".txt", ".xml"}
RELEASE = _code_release()


def _cache():
    return caches[settings.NEWSROOM_PAGE_CACHE_ALIAS]


def _cache_get(key):
    try:
        return _cache().get(key)
    except Exception:  # a cache outage must cost speed, never pages
        logger.warning("page cache unavailable", exc_info=True)
        return None


def _cache_get_many(keys):
    try:
        return _cache().get_many(keys)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return {}


def _cache_set(key, value, timeout):
    try:
        _cache().set(key, value, timeout=timeout)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


def current_generation():
    return _generation_and_many(())[0]


def new_generation():
    # Starts with the time it was made, so it doubles as "content last changed".
    generation = f"{time.time_ns():016x}{randbelow(1 << 16):04x}"
    _cache_set(GENERATION_KEY, generation, timeout=None)
    seen = _request_generation.get()
    if seen is not None:
        seen[:] = [generation]  # this request's own write: what it renders next is new
    return generation


def generation_time(generation):
    return datetime.fromtimestamp(int(generation[:16], 16) / 1e9, tz=UTC)


def invalidate_all_pages():
    """Make every cached page stale, now and again when the current transaction commits.

    The second move covers a reader who, between the first move and the commit, rendered
    the old content and stored it under the new generation.
    """
    new_generation()
    transaction.on_commit(new_generation, robust=True)


def _invalidate_on_content_change(sender, **kwargs):
    if (
        sender._meta.app_label in settings.NEWSROOM_PAGE_CACHE_CONTENT_APPS
        and sender._meta.label_lower not in settings.NEWSROOM_PAGE_CACHE_STAFF_ONLY_MODELS
    ):
        invalidate_all_pages()


def connect_invalidation():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_invalidate_on_content_change, dispatch_uid=f"pagecache-{signal!r}")


def _generation_and(key):
    """The current generation and what key holds, in one cache round trip."""
    generation, found = _generation_and_many([key])
    return generation, found.get(key)


def _generation_and_many(keys):
    """The current generation (read once per request) and what keys hold, in one round trip."""
    seen = _request_generation.get()
    if seen:
        return seen[0], _cache_get_many(keys) if keys else {}
    found = _cache_get_many([GENERATION_KEY, *keys])
    generation = found.pop(GENERATION_KEY, None) or new_generation()
    if seen is not None and not seen:
        seen.append(generation)
    return generation, found


def remembered(name, compute):
    """compute(), kept until newsroom content next changes or a scheduled article goes live.

    None is never kept: it is often the answer for a mistyped or made-up address, and
    those must not fill the cache.
    """
    key = f"pagecache:{RELEASE}:remembered:{name}"
    # Stored with the generation it was computed in: one key per name, read together
    # with the generation.
    generation, stored = _generation_and(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    if value is None:
        return None
    timeout = _remember_timeout(generation)
    if timeout > 0:
        _cache_set(key, (generation, value), timeout=timeout)
    return value


def _remember_timeout(generation):
    """Until content changes (a new generation), but never past the next publication."""
    timeout = REMEMBER_SECONDS
    until_publication = seconds_until_next_publication(generation)
    if until_publication is not None:
        timeout = min(timeout, int(until_publication))
    return timeout


def seconds_until_next_publication(generation):
    """Seconds until the next scheduled article goes live (None: nothing scheduled)."""
    from articles.models import Article  # the cache is project-wide; articles plug into it

    key = NEXT_PUBLICATION_KEY.format(generation=generation)
    next_at = _cache_get(key)
    if next_at is None:
        upcoming = Article.objects.scheduled().order_by("published_at").first()
        next_at = upcoming.published_at.timestamp() if upcoming else 0.0
        # Good until that article goes live (then the one after it is next) or until
        # content changes (a new generation).
        keep = min(REMEMBER_SECONDS, next_at - time.time()) if next_at else REMEMBER_SECONDS
        if keep >= 1:
            _cache_set(key, next_at, timeout=int(keep))
    if not next_at:
        return None
    return next_at - time.time()


def _lifetimes():
    """(fresh, stale): how long a shared cache may keep a public page, then how long it may
    go on serving it while it refetches. Together never past the next publication."""
    lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if not lifetime:
        return 0, 0
    stale = settings.NEWSROOM_STALE_WHILE_REVALIDATE
    until_publication = seconds_until_next_publication(current_generation())
    if until_publication is not None:
        lifetime = max(min(lifetime, int(until_publication)), 0)
        stale = max(min(stale, int(until_publication) - lifetime), 0)
    return lifetime, stale


def public_page(view):
    """Mark a view's responses as the same for every anonymous reader."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return response  # e.g. a staff preview
        lifetime, stale = _lifetimes()
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
        response.newsroom_page_lifetime = lifetime
        return response

    return wrapper


def _page_key(environ, kind="page"):
    """The key of what is stored for this address: the page, or its validators.

    From the raw WSGI environ, so the WSGI fast path and the middleware agree exactly.
    Scheme and forwarded scheme are part of it: pages carry absolute canonical URLs.
    """
    parts = (
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{RELEASE}:{kind}:{digest}"


def _has_session(environ):
    return f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", "")


def _is_anonymous_read(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # Anyone with a session (staff) may see previews or messages: never from the cache.
    if _has_session(request.META):
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def _lookup(key):
    """The stored (expires_at, status, headers, body) for key, if of the current generation."""
    generation, entry = _generation_and(key)
    return generation, _current(entry, generation)


def _current(entry, generation):
    return entry[1:] if entry is not None and entry[0] == generation else None


_S_MAXAGE = re.compile(r"\bs-maxage=\d+")


def _counting_down(headers, expires_at):
    """Stored headers, with s-maxage no longer than what is left of the entry's life.

    An entry never outlives the next scheduled publication; a CDN handed the entry's
    headers must not keep it longer either.
    """
    left = max(0, min(settings.NEWSROOM_PAGE_CACHE_SECONDS, int(expires_at - time.time())))
    return [
        (name, _S_MAXAGE.sub(f"s-maxage={left}", value) if name == "Cache-Control" else value)
        for name, value in headers
    ]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        remembering = _request_generation.set([])
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(remembering)

    def _respond(self, request):
        if not _is_anonymous_read(request):
            return self.get_response(request)
        caching_pages = bool(settings.NEWSROOM_PAGE_CACHE_SECONDS)
        key = _page_key(request.META)
        # The generation is read before the page is rendered, see invalidate_all_pages().
        generation, entry = _lookup(key) if caching_pages else (current_generation(), None)
        if entry is not None:
            expires_at, status, headers, body = entry
            cached = HttpResponse(body, status=status)
            for name, value in _counting_down(headers, expires_at):
                cached[name] = value
            cached["X-Cache"] = "hit"
            return get_conditional_response(
                request,
                etag=cached.get("ETag"),
                last_modified=_last_modified_timestamp(cached),
                response=cached,
            )
        response = self.get_response(request)
        lifetime = getattr(response, "newsroom_page_lifetime", 0)
        if (
            lifetime > 0
            and response.status_code in _CACHEABLE_STATUS
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            response["X-Cache"] = "miss"
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            entry = (generation, time.time() + lifetime, response.status_code, headers)
            _cache_set(key, (*entry, response.content), timeout=lifetime)
        if "HTTP_IF_NONE_MATCH" in request.META:
            self._remember_validators(request, response, generation)
        return response

    def _remember_validators(self, request, response, generation):
        """For a client revalidating a public page: its ETag and 304 headers, until content
        changes, so that the next revalidation is answered before Django (even after the
        page itself left the cache, or with the page cache off)."""
        if (
            not hasattr(response, "newsroom_page_lifetime")  # not a public page
            or response.status_code not in (200, 304)
            or not response.has_header("ETag")
            or response.cookies
        ):
            return
        timeout = _remember_timeout(generation)
        if timeout > 0:
            headers = [
                (n, v) for n, v in response.items() if n in _NOT_MODIFIED_HEADERS - {"X-Cache"}
            ]
            entry = (generation, time.time() + timeout, response["ETag"], headers)
            _cache_set(_page_key(request.META, "validators"), entry, timeout=timeout)


def _last_modified_timestamp(response):
    value = response.get("Last-Modified")
    return parse_http_date_safe(value) if value else None


class PageCacheApplication:
    """WSGI wrapper answering plain cache hits, and revalidations of pages whose ETag
    is remembered, before Django builds a request at all.

    Everything else (misses, revalidation by date, sessions) goes to Django, where
    PageCacheMiddleware gives the same answers, only slower.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and environ.get("PATH_INFO") not in PROBES  # never slowed by a cache outage
            and not _has_session(environ)
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        ):
            page_key = _page_key(environ) if settings.NEWSROOM_PAGE_CACHE_SECONDS else None
            validators_key = (
                _page_key(environ, "validators") if "HTTP_IF_NONE_MATCH" in environ else None
            )
            keys = [key for key in (page_key, validators_key) if key]
            if keys:
                generation, found = _generation_and_many(keys)
                page = _current(found.get(page_key), generation)
                if page is not None:
                    return self._answer(environ, start_response, *page)
                validators = _current(found.get(validators_key), generation)
                # An ETag from an older generation is a stale copy: Django sends the page.
                if validators is not None and validators[1] in environ["HTTP_IF_NONE_MATCH"]:
                    return self._not_modified(start_response, *validators)
        return self.application(environ, start_response)

    def _answer(self, environ, start_response, expires_at, status, headers, body):
        headers = [*_counting_down(headers, expires_at), ("X-Cache", "hit")]
        etag = dict(headers).get("ETag")
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(n, v) for n, v in headers if n in _NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", kept)
            return []
        headers = [(n, v) for n, v in headers if n != "Content-Length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _not_modified(self, start_response, expires_at, etag, headers):
        start_response(
            "304 Not Modified", [*_counting_down(headers, expires_at), ("X-Cache", "hit")]
        )
        return []


# What a 304 repeats from the full response (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = {
    "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "X-Cache",
}  # fmt: skip
