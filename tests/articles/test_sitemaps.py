import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_author, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
NOW = utc(2012, 7, 9, 12)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def test_sitemap_index_points_to_article_section_and_author_sitemaps(client):
    make_section("City")
    make_article(published_at=utc(2012, 7, 1), updated_at=utc(2012, 7, 3, 10))
    make_article(published_at=utc(2012, 7, 5), updated_at=utc(2012, 7, 2))

    index = parse(client.get("/sitemap.xml"))

    assert index.tag == f"{SM}sitemapindex"
    entries = {s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in index}
    assert set(entries) == {
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
    }
    # The newest "Last updated" of any article: published 5 July beats updated 3 July.
    assert parse_datetime(entries["http://testserver/sitemap-articles.xml"]) == utc(2012, 7, 5)


def test_sitemap_index_pages_large_article_sitemaps(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for day in range(1, 6):
        make_article(published_at=utc(2012, 7, day))

    index = parse(client.get("/sitemap.xml"))
    locations = [s.findtext(f"{SM}loc") for s in index]
    assert "http://testserver/sitemap-articles.xml?p=3" in locations

    third = parse(client.get("/sitemap-articles.xml", {"p": 3}))
    assert len(third.findall(f"{SM}url")) == 1
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404


def test_article_sitemap_lists_published_articles_with_last_updated(client):
    article = make_article(published_at=utc(2012, 7, 9, 8), updated_at=utc(2012, 7, 9, 8, 52))
    make_article(title="Draft", slug="draft", published_at=None)
    make_article(title="Later", slug="later", published_at=utc(2999, 1, 1))

    urlset = parse(client.get("/sitemap-articles.xml"))

    (url,) = urlset.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{article.get_absolute_url()}"
    assert parse_datetime(url.findtext(f"{SM}lastmod")) == article.last_updated


def test_article_sitemap_addresses_are_the_articles_own(client):
    articles = [make_article(slug="zürich-partner-city"), make_article(slug="harbour_2012")]

    urlset = parse(client.get("/sitemap-articles.xml"))

    assert [url.findtext(f"{SM}loc") for url in urlset] == [
        f"http://testserver{article.get_absolute_url()}" for article in articles
    ]
    assert urlset[0].findtext(f"{SM}loc") == "http://testserver/articles/z%C3%BCrich-partner-city/"


def test_article_sitemap_dates_are_in_the_newsrooms_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    make_article(published_at=utc(2012, 7, 9, 8), updated_at=utc(2012, 7, 9, 8, 52))

    urlset = parse(client.get("/sitemap-articles.xml"))

    assert urlset[0].findtext(f"{SM}lastmod") == "2012-07-09T10:52:00+02:00"


def test_author_sitemap_lists_only_authors_with_published_articles(client):
    tom, amira = make_author("Tom Becker"), make_author("Amira Haddad")
    make_author("New Hire")
    make_filed_article(authors=[tom, amira])
    make_filed_article(authors=[tom])
    make_filed_article(authors=[make_author("Draft Writer")], published_at=None)

    urlset = parse(client.get("/sitemap-authors.xml"))

    assert sorted(url.findtext(f"{SM}loc") for url in urlset) == [
        "http://testserver/authors/amira-haddad/",
        "http://testserver/authors/tom-becker/",
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_article_sitemap_queries_do_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_article()
    client.get("/sitemap-articles.xml")  # next publication is then kept until content changes
    # Validators (latest publication), count, page of articles.
    with django_assert_max_num_queries(3):
        response = client.get("/sitemap-articles.xml", HTTP_COOKIE="sessionid=x")
    assert response.content.count(b"<url>") == count


class TestNewsSitemap:
    def test_lists_only_the_last_two_days_with_publication_and_escaped_title(
        self, client, settings
    ):
        settings.NEWSROOM_PUBLISHER_NAME = "The Harbour & Hills Gazette"
        settings.NEWSROOM_PUBLICATION_LANGUAGE = "de"
        edge = make_article(title='Fish & chips <"cheap"> 🐟', published_at=NOW - timedelta(days=2))
        make_article(title="Too old", published_at=NOW - timedelta(days=2, seconds=1))
        make_article(title="Scheduled", published_at=NOW + timedelta(seconds=1))
        make_article(title="Draft", published_at=None)

        with time_machine.travel(NOW, tick=False):
            urlset = parse(client.get("/news-sitemap.xml"))

        (url,) = urlset.findall(f"{SM}url")
        assert url.findtext(f"{SM}loc") == f"http://testserver{edge.get_absolute_url()}"
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Harbour & Hills Gazette"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "de"
        assert news.findtext(f"{NEWS}title") == 'Fish & chips <"cheap"> 🐟'
        assert parse_datetime(news.findtext(f"{NEWS}publication_date")) == edge.published_at

    def test_holds_at_most_a_thousand_articles(self, client, monkeypatch):
        from articles.sitemaps import NewsSitemap

        assert NewsSitemap.limit == 1000
        # The same cap, made small enough to test cheaply.
        monkeypatch.setattr(NewsSitemap, "limit", 3)
        for minutes in range(5):
            make_article(published_at=NOW - timedelta(minutes=minutes))
        with time_machine.travel(NOW, tick=False):
            urlset = parse(client.get("/news-sitemap.xml"))
        assert len(urlset.findall(f"{SM}url")) == 3


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    # The editor's endpoints live under the admin's address.
    for endpoint in ("desk:markdown_preview", "desk:image_upload"):
        assert reverse(endpoint).startswith("/admin/")
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_article_sitemap_pages_are_blocks_of_ids_so_deep_pages_stay_cheap(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article() for _ in range(5)]
    articles[3].delete()  # a gap: its block just holds fewer URLs

    client.get("/sitemap-articles.xml", {"p": 2})
    with django_assert_max_num_queries(4):
        # First and last id, validators, the page's own id range.
        response = client.get("/sitemap-articles.xml", {"p": 2}, HTTP_COOKIE="sessionid=x")

    urls = [url.findtext(f"{SM}loc") for url in parse(response).findall(f"{SM}url")]
    assert urls == [f"http://testserver{articles[2].get_absolute_url()}"]
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "abc"}).status_code == 404
