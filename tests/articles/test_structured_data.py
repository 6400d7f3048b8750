"""JSON-LD, Open Graph and the agreement of every machine-readable date."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.dateparse import parse_datetime

from tests.factories import make_author, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db

PUBLISHED = utc(2012, 7, 9, 8)
UPDATED = utc(2012, 7, 9, 8, 52)


@pytest.fixture
def article(db):
    return make_filed_article(
        title="Ferries </script><script>alert(1)</script> & more",
        summary="All routes are back.",
        body="Text.\n\n![The quay](/media/quay.jpg)",
        section=make_section("Transport"),
        authors=[make_author("Tom Becker"), make_author("Amira Haddad")],
        tags=["ferries", "harbour"],
        published_at=PUBLISHED,
        updated_at=UPDATED,
    )


def json_ld(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(block)


def meta(html, prop):
    return re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)


def test_json_ld_news_article_field_by_field(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)

    url = "http://testserver" + article.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["description"] == "All routes are back."
    assert data["datePublished"] == "2012-07-09T08:00:00+00:00"
    assert data["dateModified"] == "2012-07-09T08:52:00+00:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Tom Becker", "url": "http://testserver/authors/tom-becker/"},
        {
            "@type": "Person",
            "name": "Amira Haddad",
            "url": "http://testserver/authors/amira-haddad/",
        },
    ]
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/img/newsroom-logo.png"
    assert data["image"] == ["http://testserver/media/quay.jpg"]
    assert data["articleSection"] == "Transport"
    assert data["keywords"] == ["ferries", "harbour"]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_title_cannot_close_the_json_ld_script(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    # Every end tag belongs to a script element the templates wrote (the JSON-LD block and
    # the share button's file): the title added none.
    assert html.count("</script>") == html.count("<script") == 2


def test_publisher_and_images_come_from_settings(client, settings):
    settings.NEWSROOM_PUBLISHER_NAME = "Harbour Gazette"
    settings.NEWSROOM_PUBLISHER_LOGO = "img/newsroom-share.png"
    plain = make_filed_article(body="No pictures here.")

    html = client.get(plain.get_absolute_url()).content.decode()

    data = json_ld(html)
    assert data["publisher"]["name"] == "Harbour Gazette"
    assert data["publisher"]["logo"]["url"].endswith("/static/img/newsroom-share.png")
    assert "image" not in data and "articleSection" not in data and "keywords" not in data
    assert meta(html, "og:image") == ["http://testserver/static/img/newsroom-share.png"]


def test_open_graph_and_twitter_tags(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:site_name") == ["Newsroom"]
    assert meta(html, "og:url") == ["http://testserver" + article.get_absolute_url()]
    assert meta(html, "og:image") == ["http://testserver/media/quay.jpg"]
    assert meta(html, "article:section") == ["Transport"]
    assert meta(html, "article:tag") == ["ferries", "harbour"]
    assert meta(html, "article:author") == [
        "http://testserver/authors/tom-becker/",
        "http://testserver/authors/amira-haddad/",
    ]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "description") == ["All routes are back."]
    assert meta(html, "og:title") == [
        "Ferries &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
    ]


def test_staff_preview_carries_no_structured_data(staff_client):
    draft = make_filed_article(published_at=None)
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "application/ld+json" not in html


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_every_published_and_modified_date_agrees(client, settings, article, zone):
    settings.TIME_ZONE = zone
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    atom = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314 - our own response
    ns = "{http://www.w3.org/2005/Atom}"
    entry = atom.find(f"{ns}entry")
    sitemap = ET.fromstring(client.get("/sitemap-articles.xml").content)  # noqa: S314
    lastmod = sitemap.find(".//{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod").text
    shown_published = re.search(r'class="published"><time datetime="([^"]+)"', html).group(1)
    shown_updated = re.search(r'Last updated: <time datetime="([^"]+)"', html).group(1)

    published = {
        data["datePublished"],
        meta(html, "article:published_time")[0],
        shown_published,
    }
    modified = {data["dateModified"], meta(html, "article:modified_time")[0], shown_updated}
    # Same strings on the page itself (same zone, same format) ...
    assert len(published) == 1 and len(modified) == 1
    # ... and the same instants in the feed and the sitemap.
    assert {parse_datetime(v) for v in published} == {
        parse_datetime(entry.findtext(f"{ns}published")),
        PUBLISHED,
    }
    assert {parse_datetime(v) for v in modified} == {
        parse_datetime(entry.findtext(f"{ns}updated")),
        parse_datetime(lastmod),
        UPDATED,
    }


# Languages: each version says its own language and links its translations.
def test_each_version_says_its_language_and_links_source_and_translations(client, article):
    from tests.articles.versions import make_version

    french = make_version(article, "fr", slug="ferries-fr")
    arabic = make_version(article, "ar", slug="ferries-ar")
    russian = make_version(french, "ru", slug="ferries-ru")  # translated from the French
    url = {
        v.language: f"http://testserver{v.get_absolute_url()}"
        for v in (article, french, arabic, russian)
    }

    def work(language):
        return {"@type": "NewsArticle", "url": url[language], "inLanguage": language}

    source = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert source["inLanguage"] == "en"
    assert "translationOfWork" not in source
    assert source["workTranslation"] == [work("fr"), work("ar")]

    translation = json_ld(client.get(french.get_absolute_url()).content.decode())
    assert translation["inLanguage"] == "fr"
    assert translation["url"] == url["fr"]
    assert translation["translationOfWork"] == work("en")
    assert translation["workTranslation"] == [work("ru")]

    third = json_ld(client.get(russian.get_absolute_url()).content.decode())
    assert third["inLanguage"] == "ru"
    assert third["translationOfWork"] == work("fr")
    assert "workTranslation" not in third


def test_a_translation_of_an_unpublished_source_links_no_source(client, article):
    from tests.articles.versions import make_version

    draft = make_version(article, "fr", slug="brouillon", published_at=None)
    russian = make_version(draft, "ru", slug="ferries-ru")
    data = json_ld(client.get(russian.get_absolute_url()).content.decode())
    assert data["inLanguage"] == "ru"
    assert "translationOfWork" not in data
    assert "workTranslation" not in json_ld(client.get(article.get_absolute_url()).content.decode())


def test_a_story_in_one_language_links_no_translations(client, article):
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["inLanguage"] == "en"
    assert "translationOfWork" not in data and "workTranslation" not in data
