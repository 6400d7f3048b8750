from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter

from . import feeds, views
from .conditional import listing_page
from .sitemaps import NEWS_SITEMAPS, SITEMAPS, default_language_only


class UnicodeSlugConverter:
    # Same alphabet as SlugField(allow_unicode=True); anything else is a 404 before any query.
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "slug_unicode")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug_unicode:slug>/", views.ArticleDetailView.as_view(), name="article"),
    # A story's stable address, shared by its language versions (the slug may change).
    path("stories/<int:story_id>/", views.StoryView.as_view(), name="story"),
    # Finding the news: sections, bylines, tags, archives, search.
    path("sections/<slug_unicode:slug>/", views.SectionView.as_view(), name="section"),
    path("authors/<slug_unicode:slug>/", views.AuthorView.as_view(), name="author"),
    path("tags/<slug_unicode:slug>/", views.TagView.as_view(), name="tag"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.ArchiveYearView.as_view(), name="archive_year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    # The site's own pages: about, contact, corrections policy.
    path("pages/<slug_unicode:slug>/", views.SitePageView.as_view(), name="site_page"),
    # Feeds.
    path("feeds/rss/", listing_page(feeds.LatestArticlesFeed()), name="rss"),
    path("feeds/atom/", listing_page(feeds.LatestArticlesAtomFeed()), name="atom"),
    path(
        "sections/<slug_unicode:slug>/rss/", listing_page(feeds.SectionFeed()), name="section_rss"
    ),
    path(
        "sections/<slug_unicode:slug>/atom/",
        listing_page(feeds.SectionAtomFeed()),
        name="section_atom",
    ),
    path("authors/<slug_unicode:slug>/rss/", listing_page(feeds.AuthorFeed()), name="author_rss"),
    path(
        "authors/<slug_unicode:slug>/atom/",
        listing_page(feeds.AuthorAtomFeed()),
        name="author_atom",
    ),
    path("tags/<slug_unicode:slug>/rss/", listing_page(feeds.TagFeed()), name="tag_rss"),
    path("tags/<slug_unicode:slug>/atom/", listing_page(feeds.TagAtomFeed()), name="tag_atom"),
    # Crawlers.
    path(
        "sitemap.xml",
        default_language_only(listing_page(sitemap_views.index)),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "articles:sitemap",
            "template_name": "articles/sitemap_index.xml",
        },
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        default_language_only(listing_page(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap",
    ),
    path(
        "news-sitemap.xml",
        listing_page(sitemap_views.sitemap),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("manifest.webmanifest", views.ManifestView.as_view(), name="manifest"),
    # The brand's fonts (articles/brand.py); the version is the stylesheet's hash.
    path("brand/<str:version>.css", views.BrandStylesheetView.as_view(), name="brand_stylesheet"),
]
