"""
Sitemaps (django.contrib.sitemaps): an index over paginated article sitemaps, and the
Google News sitemap of the last two days
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from .models import Article, Author, Section


class ArticleSitemap(Sitemap):
    limit = 10_000

    def items(self):
        # Oldest first: new articles land on the last page, earlier pages stay stable.
        return (
            Article.objects.published()
            .order_by("published_at", "id")
            .only("slug", "published_at", "updated_at")
        )

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
        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


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
