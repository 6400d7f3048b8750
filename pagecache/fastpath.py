"""
The WSGI fast path: plain cache hits, and revalidations of pages whose ETag is remembered,
answered before Django builds a request at all.

Everything else (misses, revalidation by date, sessions) goes to Django, where
PageCacheMiddleware gives the same answers, only slower.
"""

from http import HTTPStatus

from django.conf import settings

from . import entries
from .middleware import has_session


class PageCacheApplication:
    def __init__(self, application, bypass_paths=()):
        self.application = application
        # e.g. health probes: never slowed down by a cache outage.
        self.bypass_paths = frozenset(bypass_paths)

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and environ.get("PATH_INFO") not in self.bypass_paths
            and not has_session(environ)
            and "HTTP_IF_MODIFIED_SINCE" not in environ
        ):
            kinds = ["page"] if settings.NEWSROOM_PAGE_CACHE_SECONDS else []
            if "HTTP_IF_NONE_MATCH" in environ:
                kinds.append("validators")
            if kinds:
                _generation, found = entries.lookup(environ, kinds)
                page, validators = found.get("page"), found.get("validators")
                if page is not None:
                    return self._answer(environ, start_response, page)
                # An ETag from an older generation is a stale copy: Django sends the page.
                if validators is not None and validators.etag in environ["HTTP_IF_NONE_MATCH"]:
                    return self._not_modified(start_response, validators)
        return self.application(environ, start_response)

    def _answer(self, environ, start_response, page):
        headers = [*entries.counting_down(page.headers, page.expires_at), ("X-Cache", "hit")]
        etag = dict(headers).get("ETag")
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(n, v) for n, v in headers if n in entries.NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", kept)
            return []
        headers = [(n, v) for n, v in headers if n != "Content-Length"]
        headers.append(("Content-Length", str(len(page.body))))
        start_response(f"{page.status} {HTTPStatus(page.status).phrase}", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]

    def _not_modified(self, start_response, validators):
        headers = entries.counting_down(validators.headers, validators.expires_at)
        start_response("304 Not Modified", [*headers, ("X-Cache", "hit")])
        return []
