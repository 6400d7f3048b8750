"""
Sitemaps (django.contrib.sitemaps): an index over paginated article sitemaps, and the
Google News sitemap of the last two days
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).

Languages: one article sitemap lists every public version, each URL with an
`xhtml:link rel="alternate" hreflang` for every public version of its story, itself
included, and x-default, as Google documents
(https://developers.google.com/search/docs/specialty/international/localized#sitemap):
the same set on each version, so the alternates are reciprocal. Google News gets one
sitemap per language (/news-sitemap.xml, /fr/news-sitemap.xml, ...), each version with its
own publication language.
"""

from datetime import timedelta
from functools import cache
from html import escape as escape_text
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

from .alternates import stories_versions
from .models import Article, ArticleAuthor, Author, Section, SitePage
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
        return (
            Article.objects.published()
            .order_by("id")
            .only("slug", "published_at", "updated_at", "language", "story_id")
            .with_other_versions_known()
        )

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def location(self, article):
        # Reversed once per page, not once per URL: 2,000 reverse() calls were a third of
        # the page's time. Quoted as reverse() quotes, so every URL is the same.
        prefix, suffix = self._article_address(article.language)
        return f"{prefix}{quote(article.slug, safe=RFC3986_SUBDELIMS + '/~:@')}{suffix}"

    def _article_address(self, language):
        if language not in self._article_addresses:
            with translation.override(language):
                address = reverse("articles:article", kwargs={"slug": _SLUG})
            prefix, _, suffix = address.rpartition(_SLUG)
            self._article_addresses[language] = prefix, suffix
        return self._article_addresses[language]

    @cached_property
    def _article_addresses(self):
        return {}

    def get_urls(self, page=1, site=None, protocol=None):
        """The page's URLs, each with its story's alternates (see the module's docstring):
        one query for the stories in several languages, none when there are none."""
        urls = super().get_urls(page, site, protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        stories = stories_versions(
            [url["item"].story_id for url in urls if url["item"].has_other_versions]
        )
        for url in urls:
            languages = stories.get(url["item"].story_id)
            if languages is not None and languages.versions:
                url["alternates"] = [
                    *(
                        {"lang_code": version.language, "location": origin + version.path}
                        for version in languages.versions
                    ),
                    {"lang_code": "x-default", "location": origin + languages.x_default.path},
                ]
        return urls

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


class SitePageSitemap(Sitemap):
    """The site's own pages (about, contact, ...), each at its own language's address."""

    def items(self):
        return SitePage.objects.only("language", "slug", "updated_at").order_by("language", "slug")

    def lastmod(self, page):
        return page.updated_at


class NewsSitemap(Sitemap):
    limit = 1000  # Google News reads at most 1,000 URLs per sitemap.
    window = timedelta(days=2)

    def items(self):
        # The page's language's versions (/fr/news-sitemap.xml: the French ones).
        return (
            Article.objects.published()
            .in_language(translation.get_language())
            .filter(published_at__gte=timezone.now() - self.window)
            .order_by("-published_at", "-id")
            .only("slug", "title", "published_at", "language")[: self.limit]
        )


def publication_language(language):
    """<news:language>: the ISO 639 code Google News reads (zh-cn and zh-tw for Chinese);
    the default language's is NEWSROOM_PUBLICATION_LANGUAGE."""
    if language == settings.LANGUAGE_CODE:
        return settings.NEWSROOM_PUBLICATION_LANGUAGE
    code = language.lower()
    if code in ("zh-hans", "zh-cn", "zh-sg"):
        return "zh-cn"
    if code in ("zh-hant", "zh-tw", "zh-hk"):
        return "zh-tw"
    return code.split("-")[0]


def default_language_only(view):
    """The sitemap index and its sitemaps list every language's versions: they answer at
    their unprefixed address only (/fr/sitemap.xml would repeat them)."""

    def at_the_unprefixed_address(request, *args, **kwargs):
        if translation.get_language() != settings.LANGUAGE_CODE:
            raise Http404("The sitemaps list every language at their unprefixed address.")
        return view(request, *args, **kwargs)

    return at_the_unprefixed_address


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "pages": SitePageSitemap,
}
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
            f"<{element}><loc>{escape_text(location)}</loc>{lastmod_element(lastmod)}"
            f"{alternate_elements(alternates)}</{element}>"
            for location, lastmod, *alternates in entries
        )
    )


def alternate_elements(alternates):
    """xhtml:link elements of a URL's language versions (alternates: [] or [[{lang_code,
    location}, ...]], as Django's sitemaps give them)."""
    if not alternates or not alternates[0]:
        return ""
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{escape_text(alternate["lang_code"])}" '
        f'href="{escape_text(alternate["location"])}"/>'
        for alternate in alternates[0]
    )
