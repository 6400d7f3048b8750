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


def test_sitemap_index_points_to_article_section_author_and_page_sitemaps(client):
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
        "http://testserver/sitemap-pages.xml",
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


# Languages: every version listed with its story's alternates, as Google documents
# (https://developers.google.com/search/docs/specialty/international/localized#sitemap).
XHTML = "{http://www.w3.org/1999/xhtml}"


def url_alternates(urlset):
    """{loc: {hreflang: href}} of an article sitemap, checking each link's shape."""
    found = {}
    for url in urlset.findall(f"{SM}url"):
        links = {}
        for link in url.findall(f"{XHTML}link"):
            assert set(link.attrib) == {"rel", "hreflang", "href"}
            assert link.get("rel") == "alternate"
            links[link.get("hreflang")] = link.get("href")
        # Alternates come after <loc> and <lastmod>, all children in the two namespaces.
        assert [child.tag for child in url][:2] == [f"{SM}loc", f"{SM}lastmod"]
        assert {child.tag for child in url} <= {f"{SM}loc", f"{SM}lastmod", f"{XHTML}link"}
        found[url.findtext(f"{SM}loc")] = links
    return found


def test_each_version_lists_every_public_version_and_x_default(client):
    from tests.articles.versions import make_version

    english = make_article(slug="harbour-reopens")
    french = make_version(english, "fr", slug="le-port-rouvre")
    make_version(english, "ru", published_at=None)  # a draft is nobody's alternate
    alone = make_article(slug="alone")
    response = client.get("/sitemap-articles.xml")
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in response.content
    found = url_alternates(parse(response))
    en_url = "http://testserver/articles/harbour-reopens/"
    fr_url = "http://testserver/fr/articles/le-port-rouvre/"
    expected = {"en": en_url, "fr": fr_url, "x-default": en_url}
    assert found == {
        en_url: expected,
        fr_url: expected,
        f"http://testserver{alone.get_absolute_url()}": {},
    }
    assert french.get_absolute_url() == "/fr/articles/le-port-rouvre/"


def test_a_scheduled_version_joins_the_sitemap_and_its_siblings_alternates_at_go_live(client):
    from tests.articles.versions import make_version

    english = make_article(slug="scheduled-story", published_at=utc(2030, 1, 1, 8))
    make_version(english, "fr", slug="histoire-programmee", published_at=utc(2030, 1, 1, 12))
    en_url = "http://testserver/articles/scheduled-story/"
    fr_url = "http://testserver/fr/articles/histoire-programmee/"
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        assert url_alternates(parse(client.get("/sitemap-articles.xml"))) == {en_url: {}}
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        found = url_alternates(parse(client.get("/sitemap-articles.xml")))
    expected = {"en": en_url, "fr": fr_url, "x-default": en_url}
    assert found == {en_url: expected, fr_url: expected}


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_version_leaves_the_sitemap_and_its_siblings_alternates(client):
    from tests.articles.versions import make_version, withdraw

    english = make_article(slug="harbour-reopens")
    french = make_version(english, "fr", slug="le-port-rouvre")
    assert len(parse(client.get("/sitemap-articles.xml")).findall(f"{SM}url")) == 2
    withdraw(french)
    found = url_alternates(parse(client.get("/sitemap-articles.xml")))
    assert found == {"http://testserver/articles/harbour-reopens/": {}}


@pytest.mark.parametrize("count", [1, 30])
def test_article_sitemap_with_three_languages_costs_one_query_more(
    client, django_assert_max_num_queries, count
):
    from tests.articles.versions import make_version

    for _ in range(count):
        english = make_article()
        make_version(english, "fr")
        make_version(english, "ar")
    client.get("/sitemap-articles.xml")
    # As above, and the versions of the page's stories in several languages.
    with django_assert_max_num_queries(4):
        response = client.get("/sitemap-articles.xml", HTTP_COOKIE="sessionid=x")
    assert response.content.count(b"<url>") == 3 * count
    assert response.content.count(b"<xhtml:link ") == 3 * count * 4


def test_sitemaps_answer_at_their_unprefixed_address_only(client):
    make_article()
    assert client.get("/fr/sitemap.xml").status_code == 404
    assert client.get("/fr/sitemap-articles.xml").status_code == 404
    index = parse(client.get("/sitemap.xml"))
    assert all("/fr/" not in s.findtext(f"{SM}loc") for s in index)


def test_news_sitemaps_are_per_language_with_each_versions_language(client):
    from tests.articles.versions import make_version

    hour_ago = NOW - timedelta(hours=1)
    english = make_article(title="Harbour reopens", published_at=hour_ago)
    french = make_version(
        english, "fr", title="Le port rouvre", slug="le-port-rouvre", published_at=hour_ago
    )
    arabic = make_version(english, "ar", title="الميناء", slug="al-mina", published_at=hour_ago)
    with time_machine.travel(NOW, tick=False):
        sitemaps = {
            language: parse(client.get(f"{prefix}/news-sitemap.xml"))
            for language, prefix in (("en", ""), ("fr", "/fr"), ("ar", "/ar"), ("ru", "/ru"))
        }

    def listed(urlset):
        return [
            (
                url.findtext(f"{SM}loc"),
                url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
                url.findtext(f"{NEWS}news/{NEWS}title"),
            )
            for url in urlset.findall(f"{SM}url")
        ]

    assert listed(sitemaps["en"]) == [
        (f"http://testserver{english.get_absolute_url()}", "en", "Harbour reopens")
    ]
    assert listed(sitemaps["fr"]) == [
        ("http://testserver/fr/articles/le-port-rouvre/", "fr", "Le port rouvre")
    ]
    assert listed(sitemaps["ar"]) == [
        (f"http://testserver{arabic.get_absolute_url()}", "ar", "الميناء")
    ]
    assert listed(sitemaps["ru"]) == []
    assert french.published_at == english.published_at


def test_robots_txt_names_every_languages_news_sitemap(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for prefix in ("", "/fr", "/ru", "/uk", "/ar"):
        assert f"Sitemap: http://testserver{prefix}/news-sitemap.xml" in lines
    lines = client.get("/fr/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines


SITEMAPS_LISTING_FRENCH = ("/sitemap.xml", "/sitemap-articles.xml", "/fr/news-sitemap.xml")


def etags(client, paths):
    return {path: client.get(path)["ETag"] for path in paths}


def revalidated(client, tags):
    return {
        path: client.get(path, HTTP_IF_NONE_MATCH=etag).status_code for path, etag in tags.items()
    }


def test_a_french_version_going_live_changes_every_sitemap_listing_it(client):
    """A crawler revalidating with the ETag from before the go-live gets the new sitemap,
    not a 304 for the one without the French version."""
    from tests.articles.versions import make_version

    english = make_article(slug="harbour-reopens", published_at=utc(2030, 1, 1, 8))
    make_version(english, "fr", slug="le-port-rouvre", published_at=utc(2030, 1, 1, 12))
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        before = etags(client, [*SITEMAPS_LISTING_FRENCH, "/news-sitemap.xml"])
        assert set(revalidated(client, before).values()) == {304}
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        after = revalidated(client, before)
        assert b"le-port-rouvre" in client.get("/fr/news-sitemap.xml").content
    assert after == {
        "/sitemap.xml": 200,
        "/sitemap-articles.xml": 200,
        "/fr/news-sitemap.xml": 200,
        # The English news sitemap does not list the French version: still current.
        "/news-sitemap.xml": 304,
    }


def test_a_french_version_expiring_changes_every_sitemap_listing_it(client):
    from tests.articles.versions import make_version

    english = make_article(slug="harbour-reopens", published_at=utc(2030, 1, 1, 8))
    make_version(
        english, "fr", slug="le-port-rouvre", published_at=utc(2030, 1, 1, 9),
        expires_at=utc(2030, 1, 1, 12),
    )  # fmt: skip
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        before = etags(client, SITEMAPS_LISTING_FRENCH)
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        assert set(revalidated(client, before).values()) == {200}
        assert b"le-port-rouvre" not in client.get("/sitemap-articles.xml").content


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_withdrawing_a_french_version_changes_every_sitemap_listing_it(client):
    from tests.articles.versions import make_version, withdraw

    english = make_article(slug="harbour-reopens")
    french = make_version(english, "fr", slug="le-port-rouvre")
    before = etags(client, SITEMAPS_LISTING_FRENCH)
    withdraw(french)
    assert set(revalidated(client, before).values()) == {200}
