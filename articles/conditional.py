"""
ETag and Last-Modified for public pages, from at most one cheap query.

A page changes when (a) anything it shows is written (the stamps of the dependencies it
has named so far, see pagecache/dependencies.py), everything is (the page cache's
generation, which starts with the time of that event), or a new release of the code
starts, (b) a scheduled article goes live (the latest publish time that has passed), or
(c) the code draws it differently (the release, part of every ETag). Validators are computed before
any template is rendered, so a revalidating client gets its 304 without the view running.
"""

import hashlib
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from pagecache import dependencies, generation, release
from pagecache.middleware import public_page

from .cache_keys import (
    ALL_ARTICLES,
    EVERY_LANGUAGE_LISTS,
    FILINGS,
    FRONT,
    every_language,
    in_language,
    list_key,
    list_keys,
)
from .context_processors import NAVIGATION
from .front import BANNER, current_banner
from .models import Article
from .models.article import first_moment
from .models.front import front_past_moments


def latest_publication():
    """When the public articles of the page's language last changed without a write: the
    newest went live or the latest expiry passed (kept until content changes or the next
    scheduled change, so validating a page usually costs no query for it)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return dependencies.remembered(
        in_language("latest-publication", language),
        lambda: _latest_publication(language),
        keys=(in_language(ALL_ARTICLES, language),),
        # Only validators use it: an article page does not show every other article.
        page_shows=False,
    )


def latest_publication_in_every_language():
    """The same for a page listing every language's versions (the sitemaps): a French
    version going live, or expiring, by the clock changes it as much as an English one."""
    return dependencies.remembered(
        "latest-publication.every-language",
        lambda: _latest_publication(None),
        keys=every_language(ALL_ARTICLES),
        page_shows=False,
    )


def _latest_publication(language):
    articles = Article.objects.all() if language is None else Article.objects.in_language(language)
    return first_moment(
        articles.published().order_by("-published_at").values("published_at"),
        articles.expired().order_by("-expires_at").values("expires_at"),
        earliest=False,
    )


def latest_front_change():
    """When the front last changed by the clock: a scheduled placement started (remembered
    like latest_publication, which every page shares, so it is not folded in here)."""
    # In a tuple: remembered() keeps no None, and a front the desk never scheduled
    # anything on (None) must not cost its query on every request.
    return dependencies.remembered(
        "latest-front-change", lambda: (_latest_front_change(),), keys=(FRONT,), page_shows=False
    )[0]


def _latest_front_change():
    return first_moment(*front_past_moments(), earliest=False, over=Article)


def validators(*moments, key=""):
    """(ETag, Last-Modified) of a page showing content as of these moments, and what it
    has named as its dependencies so far."""
    generation_now = generation.current_generation()
    # Every reader page shows the banner: named before the page's dependencies are read.
    banner = current_banner()
    _started, shown = generation.request_dependencies()
    changed = dependencies.latest_change(shown)
    known = [moment for moment in moments if moment is not None]
    last_modified = max(
        [
            generation.generation_time(generation_now),
            datetime.fromtimestamp(changed / 1e9, tz=UTC),
            *known,
        ]
    )
    fingerprint = "|".join(
        [
            release.current_release(), generation_now, key, str(changed),
            str(banner.pk if banner else ""),
            *(m.isoformat() for m in known),
        ]
    )  # fmt: skip
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return f'W/"{etag}"', last_modified


def is_revalidation(request):
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def not_modified(request, etag, last_modified):
    """The 304 (or 412) this request gets, or None when it gets the page."""
    answer = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    return None if answer is None else with_validators(answer, etag, last_modified)


def with_validators(response, etag, last_modified):
    """The validators on a page, or on its 304 (which repeats the ETag, RFC 9110 15.4.5)."""
    if response.status_code in (200, 304):
        response.headers.setdefault("ETag", etag)
        response.headers.setdefault("Last-Modified", http_date(last_modified.timestamp()))
    return response


def lists_every_language(request):
    match = request.resolver_match
    return match is not None and match.url_name in EVERY_LANGUAGE_LISTS


def listing_keys(request, kwargs):
    """What the list at this address shows (see cache_keys.list_keys)."""
    match = request.resolver_match
    return list_keys(match.url_name if match else "", kwargs.get("slug"))


def list_count_name(request, extra=""):
    """What identifies a list's count; every page of one list shares it."""
    return hashlib.sha256(f"{request.path}{extra}".encode()).hexdigest()[:32]


def list_cards_name(request, number):
    """What a list page's cards are remembered under (see PublishedListMixin)."""
    return in_language(f"list-cards:{list_count_name(request)}:{number}")


def filed_under_name(url_name, slug):
    """What the section, author or tag a list page is of is remembered under."""
    return f"filed-under:{url_name}:{slug}"


def listing_remembered(request, kwargs, keys):
    """The remembered values a list page asks for (see the views), read ahead together."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    names = [
        "latest-publication.every-language"
        if lists_every_language(request)
        else in_language("latest-publication", language),
        in_language(NAVIGATION, language),
        BANNER,
        f"list-count:{list_count_name(request)}",
    ]
    if FRONT in keys:
        names.append("latest-front-change")
    match = request.resolver_match
    number = request.GET.get("page", "1")
    # Not for made-up page numbers (the view answers those with a 404).
    if (
        match is not None
        and match.url_name != "search"
        and number.isdigit()
        and 1 <= int(number[:6]) <= settings.NEWSROOM_MAX_LIST_PAGES
    ):
        names.append(list_cards_name(request, int(number)))
    if match is not None and match.url_name in FILINGS and "slug" in kwargs:
        names.append(filed_under_name(match.url_name, kwargs["slug"]))
    if match is not None and match.url_name == "home":
        names.append(in_language("front", language))
    elif match is not None and match.url_name == "section" and "slug" in kwargs:
        names.append(f"front:{list_key('section', kwargs['slug'], language)}")
    return names


def listing_page(view):
    """A public page built from published articles: cached, validated by one cheap query."""

    @wraps(view)
    def conditional_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        keys = listing_keys(request, kwargs)
        # One round trip for what the page will ask for, when it was remembered.
        dependencies.prefetch_remembered(listing_remembered(request, kwargs, keys))
        dependencies.depends_on(keys)
        moments = [
            latest_publication_in_every_language()
            if lists_every_language(request)
            else latest_publication()
        ]
        if FRONT in keys:
            moments.append(latest_front_change())
        etag, last_modified = validators(*moments, key=request.get_full_path())
        answer = not_modified(request, etag, last_modified)
        if answer is not None:
            return answer
        return with_validators(view(request, *args, **kwargs), etag, last_modified)

    return public_page(conditional_view)
