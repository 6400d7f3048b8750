"""
ETag and Last-Modified for public pages, from at most one cheap query.

A page changes when (a) anything in the newsroom is written (the page cache's generation,
which starts with the time of that write) or (b) a scheduled article goes live (the latest
publish time that has passed). Validators are computed before any template is rendered,
so a revalidating client gets its 304 without the view running.
"""

import hashlib

from django.db.models import Exists, Max, OuterRef, Subquery
from django.views.decorators.http import condition

from newsroom import pagecache
from newsroom.pagecache import public_page

from .models import Article, Correction


def _latest_publication():
    return Subquery(
        Article.objects.published().order_by("-published_at").values("published_at")[:1]
    )


def _validators(*moments, key=""):
    generation = pagecache.current_generation()
    known = [moment for moment in moments if moment is not None]
    last_modified = max([pagecache.generation_time(generation), *known])
    fingerprint = "|".join([generation, key, *(moment.isoformat() for moment in known)])
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return f'W/"{etag}"', last_modified


def article_validators(request, slug):
    """Also loads the article itself, which the view then reuses (one query in all)."""
    article = (
        Article.objects.published()
        .select_related("section")
        .defer("search_vector")
        .annotate(
            latest_publication=_latest_publication(),
            # Most articles have no corrections: then the page needs no query for them.
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
        )
        .filter(slug=slug)
        .first()
    )
    request.newsroom_article = article
    if article is None:
        return None, None  # not public: let the view decide (404, or a staff preview)
    return _validators(article.modified, article.latest_publication, key=f"article:{article.pk}")


def listing_validators(request, *args, **kwargs):
    latest = Article.objects.published().aggregate(latest=Max("published_at"))["latest"]
    return _validators(latest, key=request.get_full_path())


def conditional_page(compute):
    """Like django's condition(), but ETag and Last-Modified come from one computation."""

    def memoised(request, *args, **kwargs):
        if not hasattr(request, "newsroom_validators"):
            request.newsroom_validators = compute(request, *args, **kwargs)
        return request.newsroom_validators

    return condition(
        etag_func=lambda request, *a, **kw: memoised(request, *a, **kw)[0],
        last_modified_func=lambda request, *a, **kw: memoised(request, *a, **kw)[1],
    )


def public_listing(view):
    """A public page built from published articles: cached, validated by one cheap query."""
    return public_page(conditional_page(listing_validators)(view))


def public_article(view):
    """The article page: cached, validated by loading the article itself."""
    return public_page(conditional_page(article_validators)(view))
