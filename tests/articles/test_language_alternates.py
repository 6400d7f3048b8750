"""A story's language versions link one another: the switcher, hreflang alternates with
x-default, <html lang> and dir, identical on every version's page and kept so when a
version goes live by the clock or is withdrawn."""

import re

import pytest
import time_machine
from django.utils import timezone

from tests.articles.versions import make_version, withdraw
from tests.factories import make_article, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db
# Writes make cached pages stale when they commit.
committed = pytest.mark.django_db(transaction=True)


def page(client, article, **headers):
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def switcher(html):
    found = re.search(r'<nav class="language-switcher".*?</nav>', html, re.DOTALL)
    return found.group(0) if found else None


def absolute(article):
    return f"http://testserver{article.get_absolute_url()}"


@pytest.fixture
def story():
    english = make_article(title="Harbour reopens", slug="harbour-reopens")
    french = make_version(english, "fr", title="Le port rouvre", slug="le-port-rouvre")
    return english, french


def test_each_version_lists_every_public_version_and_x_default_the_same_way(client, story):
    english, french = story
    expected = {"en": absolute(english), "fr": absolute(french), "x-default": absolute(english)}
    assert alternates(page(client, english)) == expected
    assert alternates(page(client, french)) == expected
    assert french.get_absolute_url() == "/fr/articles/le-port-rouvre/"


def test_html_lang_and_dir_are_the_articles(client, story):
    english, french = story
    arabic = make_version(english, "ar", title="الميناء يعيد فتح أبوابه", slug="al-mina")
    assert html_tag(page(client, english)) == '<html lang="en" dir="ltr">'
    assert html_tag(page(client, french)) == '<html lang="fr" dir="ltr">'
    assert html_tag(page(client, arabic)) == '<html lang="ar" dir="rtl">'


def test_switcher_names_each_version_in_its_own_language_and_marks_the_current(client, story):
    english, french = story
    nav = switcher(page(client, french))
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", nav)
    assert [name for _attributes, name in links] == ["English", "Français"]
    (en_link, fr_link) = (attributes for attributes, _name in links)
    assert f'href="{english.get_absolute_url()}"' in en_link
    assert 'lang="en" hreflang="en"' in en_link and "aria-current" not in en_link
    assert 'lang="fr" hreflang="fr"' in fr_link and 'aria-current="page"' in fr_link


def test_a_story_in_one_language_has_no_switcher_nor_alternates(client):
    html = page(client, make_article())
    assert switcher(html) is None
    assert alternates(html) == {}


def test_drafts_and_scheduled_versions_are_not_listed(client, story):
    english, french = story
    make_version(english, "ru", published_at=None)
    make_version(english, "uk", published_at=timezone.now() + timezone.timedelta(days=1))
    html = page(client, english)
    assert set(alternates(html)) == {"en", "fr", "x-default"}
    assert "Русский" not in switcher(html) and "Українська" not in switcher(html)


def test_versions_are_listed_in_the_order_of_settings_languages(client, story):
    english, french = story
    make_version(english, "ar")
    make_version(english, "ru")
    html = page(client, french)
    assert list(alternates(html)) == ["en", "fr", "ru", "ar", "x-default"]


def test_x_default_is_the_original_when_the_default_language_is_not_public(client):
    french = make_article(language="fr", slug="original-fr")
    english = make_version(french, "en", published_at=None)
    russian = make_version(french, "ru")
    expected = {"fr": absolute(french), "ru": absolute(russian), "x-default": absolute(french)}
    assert alternates(page(client, russian)) == expected
    assert alternates(page(client, french)) == expected
    assert "en" not in alternates(page(client, russian))
    assert english.get_absolute_url() == "/articles/original-fr-en/"


def test_x_default_is_the_first_public_version_when_the_original_is_not_public(client):
    french = make_article(language="fr", slug="source-fr", published_at=None)
    russian = make_version(french, "ru", published_at=utc(2012, 7, 9, 8))
    arabic = make_version(french, "ar", published_at=utc(2012, 7, 9, 9))
    assert alternates(page(client, arabic))["x-default"] == absolute(russian)


def test_a_scheduled_version_joins_every_cached_page_at_its_go_live(client):
    english = make_article(published_at=utc(2030, 1, 1, 8), slug="scheduled-story")
    french = make_version(english, "fr", published_at=utc(2030, 1, 1, 12))
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        # Cached by the page cache (no cookie) and remembered as parts.
        assert alternates(page(client, english)) == {}
        assert alternates(page(client, english)) == {}
        assert client.get(french.get_absolute_url()).status_code == 404
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        expected = {"en": absolute(english), "fr": absolute(french), "x-default": absolute(english)}
        assert alternates(page(client, english)) == expected
        assert alternates(page(client, french)) == expected
        assert alternates(page(client, english, HTTP_COOKIE="sessionid=x")) == expected


def test_a_scheduled_version_going_live_changes_its_siblings_etag(client):
    english = make_article(published_at=utc(2030, 1, 1, 8), slug="scheduled-story")
    make_version(english, "fr", published_at=utc(2030, 1, 1, 12))
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        etag = client.get(english.get_absolute_url())["ETag"]
        revalidated = client.get(english.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert revalidated.status_code == 304
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        response = client.get(english.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert "fr" in alternates(response.content.decode())


@committed
def test_a_withdrawn_version_leaves_its_siblings_cached_pages(client, story):
    english, french = story
    assert "fr" in alternates(page(client, english))
    assert "fr" in alternates(page(client, english, HTTP_COOKIE="sessionid=x"))
    withdraw(french)
    assert alternates(page(client, english)) == {}
    assert alternates(page(client, english, HTTP_COOKIE="sessionid=x")) == {}
    assert client.get(french.get_absolute_url()).status_code == 410


@committed
def test_a_withdrawal_changes_the_siblings_etag(client, story):
    english, french = story
    etag = client.get(english.get_absolute_url())["ETag"]
    assert client.get(english.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    withdraw(french)
    assert client.get(english.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


@committed
def test_a_renamed_version_is_linked_at_its_new_address(client, story):
    english, french = story
    page(client, english)
    french.slug = "le-port-a-rouvert"
    french.save()
    renamed = "http://testserver/fr/articles/le-port-a-rouvert/"
    assert alternates(page(client, english))["fr"] == renamed


@pytest.mark.parametrize("languages", [1, 3])
def test_article_page_budget_with_one_and_with_three_languages(
    client, django_assert_max_num_queries, languages
):
    city = make_section("City")
    make_filed_article(section=city, tags=["harbour"])
    english = make_filed_article(section=city, tags=["harbour", "ferries"])
    for language in ("fr", "ru")[: languages - 1]:
        make_version(english, language, section=city)
    # Cold: as tests/articles/test_views.py counts it, and one query for every version
    # of a story in several languages (none for a story in one).
    with django_assert_max_num_queries(9 if languages == 1 else 10):
        html = page(client, english)
    assert len(alternates(html)) == (0 if languages == 1 else languages + 1)
    with django_assert_max_num_queries(1):
        page(client, english, HTTP_COOKIE="sessionid=x")


# List pages: every configured language has its home, section, author and tag pages (an
# empty one answers 200), so each lists all of them, itself included, and x-default (the
# unprefixed one).
LANGUAGE_PREFIXES = {"en": "", "fr": "/fr", "ru": "/ru", "uk": "/uk", "ar": "/ar"}


@pytest.fixture
def filed(db):
    from tests.factories import make_author

    city, amira = make_section("City"), make_author("Amira Haddad")
    english = make_filed_article(
        section=city, authors=[amira], tags=["harbour"], published_at=utc(2012, 7, 9, 8)
    )
    french = make_version(english, "fr", section=city, published_at=utc(2012, 7, 9, 8))
    french.set_byline([amira])
    french.tags.set(["harbour"])
    return english, french


@pytest.mark.parametrize(
    "path", ["/", "/sections/city/", "/authors/amira-haddad/", "/tags/harbour/"]
)
def test_list_pages_link_the_same_page_in_every_language_and_x_default(client, filed, path):
    expected = {
        language: f"http://testserver{prefix}{path}"
        for language, prefix in LANGUAGE_PREFIXES.items()
    }
    expected["x-default"] = f"http://testserver{path}"
    for prefix in LANGUAGE_PREFIXES.values():
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200
        assert alternates(response.content.decode()) == expected


def test_a_list_page_in_french_links_itself_and_its_english_page(client, filed):
    html = client.get("/fr/sections/city/").content.decode()
    assert alternates(html)["fr"] == "http://testserver/fr/sections/city/"
    assert alternates(html)["en"] == "http://testserver/sections/city/"
    assert '<link rel="canonical" href="http://testserver/fr/sections/city/">' in html


def test_later_pages_of_a_list_have_no_alternates(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    city = make_section("City")
    make_filed_article(section=city)
    make_filed_article(section=city)
    assert alternates(client.get("/sections/city/?page=2").content.decode()) == {}
    assert alternates(client.get("/?page=2").content.decode()) == {}


def test_one_language_sites_list_pages_have_no_alternates(client, settings, filed):
    settings.LANGUAGES = [("en", "English")]
    assert alternates(client.get("/sections/city/").content.decode()) == {}
