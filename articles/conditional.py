"""
ETag and Last-Modified for public pages, from at most one cheap query.

A page changes when (a) anything in the newsroom is written (the page cache's generation,
which starts with the time of that write) or (b) a scheduled article goes live (the latest
publish time that has passed). Validators are computed before any template is rendered,
so a revalidating client gets its 304 without the view running.
"""

import hashlib

from django.db.models import Max
from django.views.decorators.http import condition

from newsroom import pagecache
from newsroom.pagecache import public_page

from .models import Article


def latest_publication():
    """When the newest public article went live (kept until content changes or the next
    scheduled article goes live, so validating a page usually costs no query for it)."""
    return pagecache.remembered(
        "latest-publication",
        lambda: Article.objects.published().aggregate(latest=Max("published_at"))["latest"],
    )


def _validators(*moments, key=""):
    generation = pagecache.current_generation()
    known = [moment for moment in moments if moment is not None]
    last_modified = max([pagecache.generation_time(generation), *known])
    fingerprint = "|".join([generation, key, *(moment.isoformat() for moment in known)])
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return f'W/"{etag}"', last_modified


def _only(queryset):
    """The one row a unique lookup finds, or None (without first()'s needless sort)."""
    return next(iter(queryset.order_by()[:1]), None)


def _revalidating(request):
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def article_validators(request, slug):
    """From at most one query: the article's stamps, or the whole article for the view.

    A client revalidating its copy usually gets a 304, for which a yes and two dates are
    enough (remembered until content changes); anyone else gets the page, whose article
    the view then takes from here.
    """
    public = Article.objects.published().filter(slug=slug)
    if _revalidating(request):
        stamps = pagecache.remembered(f"article-stamps:{slug}", lambda: _stamps(public))
    else:
        article = _only(public.for_reading())
        request.newsroom_article = article
        stamps = (article.modified, latest_publication()) if article else None
    if stamps is None:
        return None, None  # not public: let the view decide (404, or a staff preview)
    return _validators(*stamps, key=f"article:{slug}")


def _stamps(public):
    modified = _only(public.values_list("modified", flat=True))
    return None if modified is None else (modified, latest_publication())


def listing_validators(request, *args, **kwargs):
    return _validators(latest_publication(), key=request.get_full_path())


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
