"""
What the page cache stores for an address, and how it is found again.

Keys come from the raw WSGI environ, so the WSGI fast path and the middleware agree
exactly. A response that varies on request headers (`Vary`) is stored per value of those
headers, as Django's cache middleware does: the address then holds a note naming the
headers, and each variant has a key of its own. `Vary: *` is never stored.
"""

import hashlib
import re
import time
from typing import NamedTuple

from django.conf import settings
from django.utils.cache import cc_delim_re

from . import generation, release


class StoredPage(NamedTuple):
    generation: str
    # When its making began, and the dependency names it shows (see generation.py).
    started: int
    keys: tuple
    expires_at: float
    status: int
    headers: list
    body: bytes


class StoredValidators(NamedTuple):
    """What answers a revalidation of a public page: its ETag and the 304's headers."""

    generation: str
    started: int
    keys: tuple
    expires_at: float
    etag: str
    headers: list


class Variants(NamedTuple):
    """Stored at an address whose responses vary on these request headers."""

    generation: str
    header_names: tuple


# What a 304 repeats from the full response (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = {
    "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "X-Cache",
}  # fmt: skip
# Part of every key already (see _address_parts).
_KEYED_HEADERS = {"host", "x-forwarded-proto"}
_S_MAXAGE = re.compile(r"\bs-maxage=\d+")


def _address_parts(environ):
    # Scheme and forwarded scheme are part of it: pages carry absolute canonical URLs.
    return [
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    ]


def _key(kind, parts):
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{release.current_release()}:{kind}:{digest}"


def address_key(environ, kind):
    """The key of what is stored at this address: a page, its validators, or Variants."""
    return _key(kind, _address_parts(environ))


def variant_key(environ, kind, header_names):
    values = [f"{name}:{environ.get(_environ_name(name), '')}" for name in header_names]
    return _key(kind, [*_address_parts(environ), *values])


def _environ_name(header):
    return "HTTP_" + header.upper().replace("-", "_")


def current(entry, current_generation):
    if entry is None or entry.generation != current_generation:
        return None
    # Pages and validators end by this process's clock, not the cache's (see unexpired()).
    if not isinstance(entry, Variants) and not generation.unexpired(entry.expires_at):
        return None
    return entry


def lookup(environ, kinds):
    """(generation, {kind: the entry stored for this request, if current}).

    One cache round trip, then one for the stamps of what the entries show (and one more
    for an address whose responses vary).
    """
    keys = {kind: address_key(environ, kind) for kind in kinds}
    generation_now, found = generation.read_with_generation(list(keys.values()))
    entries = {kind: current(found.get(key), generation_now) for kind, key in keys.items()}
    varied = {
        kind: variant_key(environ, kind, entry.header_names)
        for kind, entry in entries.items()
        if isinstance(entry, Variants)
    }
    if varied:
        found = generation.cache_get_many(list(varied.values()))
        for kind, key in varied.items():
            entries[kind] = current(found.get(key), generation_now)
    shown = {name for entry in entries.values() if entry is not None for name in entry.keys}
    if shown:
        stamps = generation.read_stamps(shown)  # one read for every entry
        for kind, entry in entries.items():
            if entry is not None and not generation.is_current(entry.started, entry.keys, stamps):
                entries[kind] = None
    return generation_now, entries


def vary_headers(response):
    """The request headers a response varies on, beyond those every key holds; None for
    `Vary: *` (never stored)."""
    names = []
    for value in response.get("Vary", "").split(","):
        name = value.strip().lower()
        if name == "*":
            return None
        if name and name not in _KEYED_HEADERS and name not in names:
            names.append(name)
    return tuple(sorted(names))


def store(environ, kind, entry, response, timeout):
    header_names = vary_headers(response)
    if header_names is None or timeout <= 0:
        return
    if header_names:
        generation.cache_set(
            address_key(environ, kind), Variants(entry.generation, header_names), timeout
        )
        generation.cache_set(variant_key(environ, kind, header_names), entry, timeout)
    else:
        generation.cache_set(address_key(environ, kind), entry, timeout)


def shared_lifetime(response):
    """Seconds a shared cache may keep this response (its s-maxage), or None when the
    response is not a public page (private, no-store, or no s-maxage at all)."""
    directives = {}
    for directive in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = directive.partition("=")
        directives[name.strip().lower()] = value.strip()
    if "public" not in directives or "private" in directives or "no-store" in directives:
        return None
    try:
        return max(int(directives["s-maxage"]), 0)
    except (KeyError, ValueError):
        return None


def counting_down(headers, expires_at):
    """Stored headers, with s-maxage no longer than what is left of the entry's life.

    An entry never outlives the next scheduled change; a CDN handed the entry's headers
    must not keep it longer either.
    """
    left = max(0, min(settings.NEWSROOM_PAGE_CACHE_SECONDS, int(expires_at - time.time())))
    return [
        (name, _S_MAXAGE.sub(f"s-maxage={left}", value) if name == "Cache-Control" else value)
        for name, value in headers
    ]
