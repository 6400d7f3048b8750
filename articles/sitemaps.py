"""
Sitemaps (django.contrib.sitemaps): an index over paginated article sitemaps, and the
Google News sitemap of the last two days
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
"""

from datetime import timedelta
from functools import cache
from html import escape as escape_text
from urllib.parse import quote

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

from .models import Article, ArticleAuthor, Author, Section
from .structured_data import iso_datetime

# Stands for an article's slug while its address is reversed once (see ArticleSitemap).
_SLUG = "slug-stands-here"


class IdRangePaginator:
    """Sitemap page N holds the published articles in the Nth block of ids.

    Each page is a primary-key range scan, as cheap on page 100 as on page 1; OFFSET
    paging would read every earlier row first. Pages may hold fewer than `per_page`
    (drafts, withdrawn articles), which sitemaps allow.
    """

    def __init__(self, object_list, per_page):
        self.object_list = object_list
        self.per_page = per_page
        ids = object_list.model.objects.aggregate(first=Min("id"), last=Max("id"))
        # Blocks start at the first article ever stored, so page 1 is never empty.
        self.before_first_id = (ids["first"] or 1) - 1
        self.num_pages = max(1, -(-((ids["last"] or 0) - self.before_first_id) // per_page))

    def page(self, number):
        number = self.validate_number(number)
        start = self.before_first_id + (number - 1) * self.per_page
        object_list = self.object_list.filter(id__gt=start, id__lte=start + self.per_page)
        return Page(object_list, number, self)

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        return number


class ArticleSitemap(Sitemap):
    # Far below the protocol's 50,000: rendering 10,000 URLs took over a second and
    # doubled a worker's memory; 2,000 render in a fraction of that.
    limit = 2_000

    def items(self):
        # Oldest first: new articles land on the last page, earlier pages stay stable.
        return Article.objects.published().order_by("id").only("slug", "published_at", "updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def location(self, article):
        # Reversed once per page, not once per URL: 2,000 reverse() calls were a third of
        # the page's time. Quoted as reverse() quotes, so every URL is the same.
        prefix, suffix = self._article_address
        return f"{prefix}{quote(article.slug, safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"

    @cached_property
    def _article_address(self):
        address = reverse("articles:article", kwargs={"slug": _SLUG})
        prefix, _, suffix = address.rpartition(_SLUG)
        return prefix, suffix

    def lastmod(self, article):
        return article.last_updated

    def get_latest_lastmod(self):
        # The newest "Last updated" belongs to the latest published or latest updated
        # article; two indexed lookups instead of Django's walk over every item.
        published = Article.objects.published().only("published_at", "updated_at")
        candidates = [
            published.order_by("-published_at", "-id").first(),
            published.order_by("-updated_at", "-id").first(),
        ]
        return max((a.last_updated for a in candidates if a is not None), default=None)


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.all()


class AuthorSitemap(Sitemap):
    def items(self):
        # Only bylines readers can see: an author page without articles is thin.
        # EXISTS stops at each author's first published article; a join with DISTINCT
        # would walk every byline in the archive.
        published_bylines = ArticleAuthor.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Author.objects.filter(Exists(published_bylines)).order_by("name")


class NewsSitemap(Sitemap):
    limit = 1000  # Google News reads at most 1,000 URLs per sitemap.
    window = timedelta(days=2)

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - self.window)
            .order_by("-published_at", "-id")
            .only("slug", "title", "published_at")[: self.limit]
        )


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}


def xml_entries(element, entries):
    """<element><loc>…</loc><lastmod>…</lastmod></element> for (location, lastmod) pairs,
    as Django's sitemap templates write them under {% spaceless %}.

    Written here rather than with a template loop: thousands of entries through the loop,
    the autoescaping and the date filter were most of a sitemap's time.
    """
    zone = timezone.get_current_timezone()  # looked up once, not per entry

    @cache  # every page of one sitemap in the index shares its lastmod
    def lastmod_element(lastmod):
        return f"<lastmod>{iso_datetime(lastmod, zone)}</lastmod>" if lastmod else ""

    return mark_safe(  # noqa: S308 - locations are escaped, dates are ISO 8601
        "".join(
            # The standard library's escape: what Django's does (same five characters), without
            # its lazy-string wrapper, which was a quarter of a 500-entry sitemap index.
            f"<{element}><loc>{escape_text(location)}</loc>{lastmod_element(lastmod)}</{element}>"
            for location, lastmod in entries
        )
    )
