import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from pytest_django.asserts import assertHTMLEqual

from tests.factories import make_article, make_author, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
HOSTILE_TITLE = 'Fish & chips <b>"cheap"</b> — café’s 🐟 </script>'


@pytest.fixture
def filed(db):
    city = make_section("City")
    tom, amira = make_author("Tom Becker"), make_author("Amira Haddad")
    article = make_filed_article(
        title=HOSTILE_TITLE,
        summary="Prices & <portions>.",
        body="**Bold** claims & more.",
        section=city,
        authors=[tom, amira],
        tags=["food", "harbour"],
        published_at=utc(2012, 7, 9, 8),
        updated_at=utc(2012, 7, 9, 8, 52),
    )
    return article


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def only_entry(kind, response):
    """(id, link, body) of the one item in an RSS or Atom response."""
    root = parse(response)
    if kind == "rss":
        (item,) = root.find("channel").findall("item")
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        return guid.text, item.findtext("link"), item.findtext(f"{CONTENT}encoded")
    (entry,) = root.findall(f"{ATOM}entry")
    link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
    return entry.findtext(f"{ATOM}id"), link, entry.findtext(f"{ATOM}content")


def test_rss_item_carries_escaped_title_dates_authors_categories_and_full_body(client, filed):
    response = client.get(reverse("articles:rss"))

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    (item,) = channel.findall("item")
    assert item.findtext("title") == HOSTILE_TITLE
    assert item.findtext("link") == f"http://testserver{filed.get_absolute_url()}"
    assert item.findtext("description") == "Prices &amp; &lt;portions&gt;."
    assert parsedate_to_datetime(item.findtext("pubDate")) == utc(2012, 7, 9, 8)
    assert [creator.text for creator in item.findall(f"{DC}creator")] == [
        "Tom Becker",
        "Amira Haddad",
    ]
    assert [category.text for category in item.findall("category")] == ["City", "food", "harbour"]
    assert item.findtext(f"{CONTENT}encoded") == filed.body_html
    assert "<strong>Bold</strong> claims &amp; more." in filed.body_html


def test_atom_entry_has_published_updated_authors_with_links_and_html_content(client, filed):
    response = client.get(reverse("articles:atom"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert parse_datetime(feed.findtext(f"{ATOM}updated")) == utc(2012, 7, 9, 8, 52)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
    assert parse_datetime(entry.findtext(f"{ATOM}published")) == utc(2012, 7, 9, 8)
    assert parse_datetime(entry.findtext(f"{ATOM}updated")) == utc(2012, 7, 9, 8, 52)
    authors = [
        (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri"))
        for author in entry.findall(f"{ATOM}author")
    ]
    assert authors == [
        ("Tom Becker", "http://testserver/authors/tom-becker/"),
        ("Amira Haddad", "http://testserver/authors/amira-haddad/"),
    ]
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and content.text == filed.body_html
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["City", "food", "harbour"]


def test_feeds_never_include_drafts_or_scheduled_articles(client):
    make_filed_article(title="Out now")
    make_filed_article(title="Draft", published_at=None)
    make_filed_article(title="Scheduled", published_at=utc(2999, 1, 1))

    for name in ("articles:rss", "articles:atom"):
        content = client.get(reverse(name)).content.decode()
        assert "Out now" in content
        assert "Draft" not in content and "Scheduled" not in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_author_and_tag_feeds_list_only_their_articles(client, kind):
    city, sport = make_section("City"), make_section("Sport")
    tom, amira = make_author("Tom Becker"), make_author("Amira Haddad")
    make_filed_article(title="Council vote", section=city, authors=[amira], tags=["council"])
    make_filed_article(title="Cup final", section=sport, authors=[tom], tags=["football"])
    make_filed_article(title="Hidden council", section=city, authors=[amira], published_at=None)

    for route, slug in (("section", "city"), ("author", "amira-haddad"), ("tag", "council")):
        content = client.get(reverse(f"articles:{route}_{kind}", kwargs={"slug": slug}))
        titles = [el.text for el in parse(content).iter() if el.tag in ("title", f"{ATOM}title")]
        assert "Council vote" in titles
        assert "Cup final" not in titles and "Hidden council" not in titles


def test_feed_for_unknown_section_is_a_404(client):
    assert client.get("/sections/nowhere/rss/").status_code == 404
    assert client.get("/tags/nothing/atom/").status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_feed_queries_do_not_grow_with_articles(client, django_assert_max_num_queries, count):
    city = make_section("City")
    authors = [make_author(f"Writer {n}") for n in range(3)]
    for _ in range(count):
        make_filed_article(section=city, authors=authors, tags=["a", "b", "c"])

    url = reverse("articles:section_atom", kwargs={"slug": "city"})
    client.get(url)  # the next scheduled publication is then kept until content changes
    # Validators (latest publication), section, articles with their sections, bylines, tags.
    with django_assert_max_num_queries(5):
        # A session cookie bypasses the page cache, so the feed is really built.
        response = client.get(url, HTTP_COOKIE="sessionid=x")
    assert len(parse(response).findall(f"{ATOM}entry")) == count


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_entry_id_stays_the_same_when_the_article_is_renamed_and_redated(client, settings, kind):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    # Shown to readers in Berlin, where it was already 10 July: the id's date is UTC's.
    settings.TIME_ZONE = "Europe/Berlin"
    with time_machine.travel(utc(2012, 7, 9, 23, 30), tick=False):
        article = make_article(slug="harbour-closed", published_at=utc(2012, 7, 9, 23, 40))
    url = reverse(f"articles:{kind}")
    # A session cookie bypasses the page cache, so each feed is really built.
    reader = {"HTTP_HOST": "news.example.org", "HTTP_COOKIE": "sessionid=x"}

    first_id, first_link, _ = only_entry(kind, client.get(url, **reader))
    article.slug = "harbour-reopens"
    article.published_at = utc(2012, 7, 11, 6)
    article.save()
    later_id, later_link, _ = only_entry(kind, client.get(url, **reader))

    assert first_link == "http://news.example.org/articles/harbour-closed/"
    assert later_link == "http://news.example.org/articles/harbour-reopens/"
    assert first_id == later_id == f"tag:news.example.org,2012-07-09:article-{article.pk}"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_images_and_links_in_the_body_load_from_the_site(client, kind):
    make_article(
        slug="harbour-reopens",
        body=(
            "![The ferry](/media/uploads/ferry.jpg)\n\n"
            "See [the timetable](/search/?q=ferry&section=city), [the storm](../storm/), "
            "[the operator](https://ferries.example.com/), ![map](//maps.example.net/h.png) "
            "and [the desk](mailto:desk@example.org).\n\n"
            'Markdown writes `[text](url)` as href="url".'
        ),
    )

    _, _, body = only_entry(kind, client.get(reverse(f"articles:{kind}")))

    assertHTMLEqual(
        body,
        """
        <p><img alt="The ferry" src="http://testserver/media/uploads/ferry.jpg"></p>
        <p>See
        <a href="http://testserver/search/?q=ferry&amp;section=city" rel="noopener noreferrer"
        >the timetable</a>,
        <a href="http://testserver/articles/storm/" rel="noopener noreferrer">the storm</a>,
        <a href="https://ferries.example.com/" rel="noopener noreferrer">the operator</a>,
        <img alt="map" src="//maps.example.net/h.png">
        and <a href="mailto:desk@example.org" rel="noopener noreferrer">the desk</a>.</p>
        <p>Markdown writes <code>[text](url)</code> as href="url".</p>
        """,
    )


# Languages: each language has its feeds under its prefix, listing its versions only.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def two_languages(db):
    from tests.articles.versions import make_version

    city = make_section("City")
    amira = make_author("Amira Haddad")
    english = make_filed_article(
        title="Harbour reopens", section=city, authors=[amira], tags=["harbour"]
    )
    french = make_version(english, "fr", title="Le port rouvre", section=city)
    french.set_byline([amira])
    french.tags.set(["harbour"])
    return english, french


def feed_titles(response):
    root = parse(response)
    return [
        el.findtext("title") or el.findtext(f"{ATOM}title")
        for el in root.iter()
        if el.tag in ("item", f"{ATOM}entry")
    ]


@pytest.mark.parametrize(
    "path",
    [
        "feeds/rss/",
        "feeds/atom/",
        "sections/city/rss/",
        "authors/amira-haddad/atom/",
        "tags/harbour/rss/",
    ],
)
def test_each_languages_feeds_list_only_its_versions(client, two_languages, path):
    assert feed_titles(client.get(f"/{path}")) == ["Harbour reopens"]
    assert feed_titles(client.get(f"/fr/{path}")) == ["Le port rouvre"]
    assert feed_titles(client.get(f"/ru/{path}")) == []


def test_rss_and_atom_say_their_language_and_link_its_pages(client, two_languages):
    english, french = two_languages
    channel = parse(client.get("/fr/feeds/rss/")).find("channel")
    assert channel.findtext("language") == "fr"
    assert channel.findtext("link") == "http://testserver/fr/"
    assert channel.find("item").findtext("link") == f"http://testserver{french.get_absolute_url()}"
    assert parse(client.get("/feeds/rss/")).find("channel").findtext("language") == "en"

    atom = parse(client.get("/fr/sections/city/atom/"))
    assert atom.get(XML_LANG) == "fr"
    assert (
        atom.find(f"{ATOM}link[@rel='alternate']").get("href")
        == "http://testserver/fr/sections/city/"
    )
    assert parse(client.get("/sections/city/atom/")).get(XML_LANG) == "en"


def feed_links(html):
    import re

    return re.findall(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="([^"]+)"', html
    )


def test_page_heads_link_their_languages_feeds(client, two_languages):
    english, french = two_languages
    assert feed_links(client.get(french.get_absolute_url()).content.decode()) == [
        "/fr/feeds/rss/",
        "/fr/feeds/atom/",
    ]
    assert feed_links(client.get(english.get_absolute_url()).content.decode()) == [
        "/feeds/rss/",
        "/feeds/atom/",
    ]
    section = client.get("/fr/sections/city/").content.decode()
    assert "/fr/sections/city/rss/" in feed_links(section)
    assert "/fr/feeds/rss/" in feed_links(section)


def test_feed_budget_with_three_languages(client, django_assert_max_num_queries):
    from tests.articles.versions import make_version

    city = make_section("City")
    authors = [make_author(f"Writer {n}") for n in range(3)]
    for _ in range(6):
        english = make_filed_article(section=city, authors=authors, tags=["a", "b"])
        for language in ("fr", "ar"):
            version = make_version(english, language, section=city)
            version.set_byline(authors)
            version.tags.set(["a", "b"])
    url = "/fr/sections/city/atom/"
    client.get(url)
    # As for one language (above): validators, section, articles, bylines, tags.
    with django_assert_max_num_queries(5):
        response = client.get(url, HTTP_COOKIE="sessionid=x")
    assert len(parse(response).findall(f"{ATOM}entry")) == 6


@pytest.mark.parametrize("path", ["feeds/rss/", "sections/city/atom/"])
def test_a_feeds_validators_follow_its_own_language_only(client, path):
    """A French version going live by the clock changes the French feeds' ETags (a client
    revalidating gets the new item) and leaves the English ones' alone."""
    from tests.articles.versions import make_version

    city = make_section("City")
    english = make_filed_article(section=city, published_at=utc(2030, 1, 1, 8))
    make_version(
        english, "fr", section=city, title="Le port rouvre", published_at=utc(2030, 1, 1, 12)
    )
    paths = (f"/{path}", f"/fr/{path}")
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        before = {p: client.get(p)["ETag"] for p in paths}
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        statuses = {
            p: client.get(p, HTTP_IF_NONE_MATCH=etag).status_code for p, etag in before.items()
        }
        assert feed_titles(client.get(f"/fr/{path}")) == ["Le port rouvre"]
    assert statuses == {f"/{path}": 304, f"/fr/{path}": 200}
