"""Addresses and reader lists per language: each version at its own language's address,
old slugs and tombstones per language, a missing translation's 404, stable story
addresses, lists of the page's language only, and caches that never mix languages."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.languages import missing_translation, public_versions
from articles.models import Article, SlugRedirect, Tombstone
from tests.factories import (
    make_article,
    make_author,
    make_filed_article,
    make_section,
    place_on_front,
    utc,
)

pytestmark = pytest.mark.django_db
# Tests that read a page, write, and read it again need the writes committed: the page
# cache moves at commit.
committed = pytest.mark.django_db(transaction=True)


def translate(article, language, **overrides):
    """A version of the article's story in another language, published like it."""
    fields = {
        "title": f"{article.title} ({language})",
        "slug": f"{article.slug}-{language}",
        "summary": f"Chapeau {language}.",
        "body": f"Corps en {language}.",
        "published_at": article.published_at,
        "section": article.section,
    }
    fields.update(overrides)
    return make_article(story=article.story, language=language, translation_of=article, **fields)


@pytest.fixture
def harbour():
    return make_article(title="Harbour reopens", slug="harbour-reopens", body="Ferries run.")


@pytest.fixture
def port(harbour):
    return translate(
        harbour, "fr", title="Le port rouvre", slug="le-port-rouvre", body="Les ferries partent."
    )


def test_each_version_answers_at_its_own_languages_address(client, harbour, port):
    english = client.get("/articles/harbour-reopens/")
    french = client.get("/fr/articles/le-port-rouvre/")
    assert english.status_code == french.status_code == 200
    assert "Ferries run." in english.content.decode()
    assert "Les ferries partent." in french.content.decode()
    assert "Ferries run." not in french.content.decode()
    assert port.get_absolute_url() == "/fr/articles/le-port-rouvre/"


def test_a_shared_slug_serves_each_language_its_own_body(client, harbour):
    translate(harbour, "fr", slug="harbour-reopens", body="Les ferries partent.")
    english = client.get("/articles/harbour-reopens/").content.decode()
    french = client.get("/fr/articles/harbour-reopens/").content.decode()
    assert "Ferries run." in english and "Les ferries partent." not in english
    assert "Les ferries partent." in french and "Ferries run." not in french


def test_the_default_languages_address_keeps_answering_and_en_prefix_moves_there(client, harbour):
    assert client.get("/articles/harbour-reopens/").status_code == 200
    response = client.get("/en/articles/harbour-reopens/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/harbour-reopens/"


def test_a_missing_translation_is_a_404_linking_the_versions_there_are(client, harbour, port):
    response = client.get("/ru/articles/harbour-reopens/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="article not-in-language"' in html
    assert (
        '<a href="/articles/harbour-reopens/" hreflang="en" lang="en">Harbour reopens</a>' in html
    )
    assert (
        '<a href="/fr/articles/le-port-rouvre/" hreflang="fr" lang="fr">Le port rouvre</a>' in html
    )
    # The reader design: the site's frame around it.
    assert 'class="site-name"' in html
    # Neither body is served under the Russian address.
    assert "Ferries run." not in html and "Les ferries partent." not in html


def test_the_other_languages_slug_under_this_languages_prefix_is_that_404(client, harbour, port):
    french_address = client.get("/fr/articles/harbour-reopens/")
    english_address = client.get("/articles/le-port-rouvre/")
    assert french_address.status_code == english_address.status_code == 404
    assert 'href="/articles/harbour-reopens/"' in french_address.content.decode()
    # In the address's language.
    assert "pas disponible dans cette langue" in french_address.content.decode()
    assert 'href="/fr/articles/le-port-rouvre/"' in english_address.content.decode()


def test_the_404_lists_only_public_versions_and_a_story_with_none_is_a_plain_404(client):
    draft = make_article(slug="not-yet", published_at=None)
    translate(draft, "fr", slug="pas-encore", published_at=None)
    response = client.get("/fr/articles/not-yet/")
    assert response.status_code == 404
    assert "not-in-language" not in response.content.decode()
    assert "pas-encore" not in response.content.decode()

    live = make_article(slug="live-one")
    translate(live, "fr", slug="en-francais", published_at=None)  # a draft translation
    html = client.get("/ru/articles/live-one/").content.decode()
    assert 'href="/articles/live-one/"' in html
    assert "en-francais" not in html


def test_public_versions_come_in_the_order_of_settings_languages(harbour):
    russian = translate(harbour, "ru")
    french = translate(harbour, "fr")
    assert public_versions(harbour.story) == [harbour, french, russian]
    assert harbour.story.public_versions() == [harbour, french, russian]
    assert missing_translation("harbour-reopens", "uk") == [harbour, french, russian]
    assert missing_translation("no-such-slug", "uk") == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_renaming_one_version_moves_its_address_in_one_hop_and_leaves_the_other_alone(
    client, harbour, port, language
):
    renamed, other = (port, harbour) if language == "fr" else (harbour, port)
    old_address = renamed.get_absolute_url()
    renamed.slug = f"{renamed.slug}-renamed"
    renamed.save()
    renamed.slug = f"{renamed.slug}-again"
    renamed.save()

    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == renamed.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    assert SlugRedirect.objects.filter(article=renamed).count() == 2
    assert set(SlugRedirect.objects.values_list("language", flat=True)) == {language}
    # The other version keeps its slug, its address, and no redirect of its own.
    other.refresh_from_db()
    assert client.get(other.get_absolute_url()).status_code == 200
    assert not SlugRedirect.objects.filter(article=other).exists()


def test_an_old_slug_of_one_language_does_not_redirect_another_languages_address(
    client, harbour, port
):
    port.slug = "le-port-a-rouvert"
    port.save()
    # The old French slug under the English prefix-less address: that story's 404.
    response = client.get("/articles/le-port-rouvre/")
    assert response.status_code == 404
    assert 'href="/fr/articles/le-port-a-rouvert/"' in response.content.decode()
    # The French desk may reuse an old English slug for another story.
    harbour.slug = "harbour-open-again"
    harbour.save()
    other = make_article(language="fr", slug="harbour-reopens", title="Autre histoire")
    assert client.get("/fr/articles/harbour-reopens/").content.decode().count("Autre histoire")
    assert client.get("/articles/harbour-reopens/")["Location"] == "/articles/harbour-open-again/"
    assert other.get_absolute_url() == "/fr/articles/harbour-reopens/"


def test_a_deleted_version_leaves_tombstones_in_its_own_language_only(client, harbour, port):
    port.slug = "le-port-a-rouvert"
    port.save()
    port.delete()
    assert set(Tombstone.objects.values_list("language", "slug")) == {
        ("fr", "le-port-a-rouvert"),
        ("fr", "le-port-rouvre"),
    }
    assert client.get("/fr/articles/le-port-a-rouvert/").status_code == 410
    assert client.get("/fr/articles/le-port-rouvre/").status_code == 410
    assert client.get("/articles/harbour-reopens/").status_code == 200


def test_a_withdrawn_version_answers_410_in_its_language_only(client, harbour, port):
    port.withdrawn_at = timezone.now()
    port.withdrawal_reason = "Erreur."
    port.save()
    assert client.get("/fr/articles/le-port-rouvre/").status_code == 410
    assert client.get("/articles/harbour-reopens/").status_code == 200


class TestStoryAddresses:
    def test_the_story_id_leads_to_the_page_languages_version(self, client, harbour, port):
        story = harbour.story_id
        english = client.get(f"/stories/{story}/")
        french = client.get(f"/fr/stories/{story}/")
        assert english.status_code == french.status_code == 302
        assert english["Location"] == "/articles/harbour-reopens/"
        assert french["Location"] == "/fr/articles/le-port-rouvre/"
        assert reverse("articles:story", kwargs={"story_id": story}) == f"/stories/{story}/"

    def test_without_a_version_in_that_language_it_is_the_missing_translation_404(
        self, client, harbour, port
    ):
        response = client.get(f"/ar/stories/{harbour.story_id}/")
        assert response.status_code == 404
        html = response.content.decode()
        assert 'href="/articles/harbour-reopens/" hreflang="en"' in html
        assert 'href="/fr/articles/le-port-rouvre/" hreflang="fr"' in html

    @pytest.mark.parametrize("story_id", ["999999", "99999999999999999999999"])
    def test_no_such_story_is_the_ordinary_404(self, client, story_id):
        response = client.get(f"/fr/stories/{story_id}/")
        assert response.status_code == 404
        assert "not-in-language" not in response.content.decode()

    def test_a_story_with_only_drafts_is_the_ordinary_404(self, client):
        draft = make_article(published_at=None)
        response = client.get(f"/stories/{draft.story_id}/")
        assert response.status_code == 404
        assert draft.title not in response.content.decode()

    def test_a_scheduled_version_is_not_reached_before_its_time(self, client, harbour):
        translate(harbour, "fr", published_at=timezone.now() + timezone.timedelta(hours=1))
        response = client.get(f"/fr/stories/{harbour.story_id}/")
        assert response.status_code == 404
        assert 'hreflang="fr"' not in response.content.decode()


def headlines(response):
    return re.findall(r'class="summary-headline"><a [^>]+>([^<]+)</a>', response.content.decode())


@pytest.fixture
def bilingual():
    """A section, an author and a tag with an English-only story, an English story with a
    French version, and a French-only story, in July 2012."""
    city, amira = make_section("City"), make_author("Amira Haddad")
    filing = {"section": city, "authors": [amira], "tags": ["harbour"]}
    english_only = make_filed_article(
        title="English only", published_at=utc(2012, 7, 9, 8), **filing
    )
    both = make_filed_article(title="Both languages", published_at=utc(2012, 7, 8, 8), **filing)
    translated = translate(both, "fr", title="Les deux langues")
    translated.set_byline([amira])
    translated.tags.set(["harbour"])
    french_only = make_article(
        title="Seulement en français", language="fr", published_at=utc(2012, 7, 7, 8), section=city
    )
    french_only.set_byline([amira])
    french_only.tags.set(["harbour"])
    return english_only, both, translated, french_only


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sections/city/",
        "/authors/amira-haddad/",
        "/tags/harbour/",
        "/archive/2012/",
        "/archive/2012/07/",
    ],
)
def test_every_reader_list_shows_only_the_pages_language(client, bilingual, path):
    english = client.get(path)
    french = client.get(f"/fr{path}")
    russian = client.get(f"/ru{path}")
    assert headlines(english) == ["English only", "Both languages"]
    assert headlines(french) == ["Les deux langues", "Seulement en français"]
    assert headlines(russian) == [] or russian.status_code == 404
    assert english.context["paginator"].count == 2
    assert french.context["paginator"].count == 2


def test_the_archive_index_leads_to_the_languages_latest_year(client, bilingual):
    make_article(published_at=utc(2015, 1, 1), title="Later, in English")
    assert client.get("/archive/")["Location"] == "/archive/2015/"
    assert client.get("/fr/archive/")["Location"] == "/fr/archive/2012/"


def test_related_articles_are_the_pages_language(client, bilingual):
    english_only, both, translated, french_only = bilingual
    french = client.get(translated.get_absolute_url())
    assert [a.pk for a in french.context["related_articles"]] == [french_only.pk]
    english = client.get(both.get_absolute_url())
    assert [a.pk for a in english.context["related_articles"]] == [english_only.pk]


def test_a_french_page_links_the_french_section_and_the_english_one_the_english(client, bilingual):
    # The navigation is remembered per language: whichever page comes first.
    french = client.get("/fr/").content.decode()
    english = client.get("/").content.decode()
    assert 'href="/fr/sections/city/"' in french
    assert 'href="/sections/city/"' in english and 'href="/fr/sections/city/"' not in english


class TestFrontInOtherLanguages:
    def test_the_desks_stories_appear_in_their_french_version_and_the_rest_is_french_news(
        self, client
    ):
        placed = make_article(title="Placed story")
        translate(placed, "fr", title="Histoire placée")
        untranslated = make_article(title="Placed but English only")
        place_on_front(placed, slot=1, headline="The desk's English headline")
        place_on_front(untranslated, slot=2)
        latest_french = make_article(language="fr", title="Dernière nouvelle")

        english = client.get("/").content.decode()
        french = client.get("/fr/").content.decode()
        assert "The desk&#x27;s English headline" in english or "The desk's English" in english
        lead = re.search(r'<div class="front-lead">.*?</article>', french, re.S).group(0)
        assert "Histoire placée" in lead
        assert "Dernière nouvelle" in french
        assert "Placed but English only" not in french
        assert "English headline" not in french
        assert latest_french.get_absolute_url() in french

    def test_a_language_with_nothing_published_has_a_friendly_empty_front(self, client):
        place_on_front(make_article(title="English lead"))
        response = client.get("/uk/")
        assert response.status_code == 200
        assert "Nothing has been published yet." in response.content.decode()
        assert "English lead" not in response.content.decode()

    def test_a_sections_curated_front_is_per_language(self, client):
        city = make_section("City")
        placed = make_article(title="Section lead", section=city)
        translate(placed, "fr", title="Tête de rubrique")
        place_on_front(placed, section=city)
        make_article(title="Older city news", section=city, published_at=utc(2012, 1, 1))
        french = client.get("/fr/sections/city/").content.decode()
        assert "Tête de rubrique" in french
        assert "Section lead" not in french and "Older city news" not in french


def queries_for(client, path):
    client.get(path)  # navigation and next publication are then kept until content changes


@pytest.mark.parametrize("languages", [("en",), ("en", "fr", "ru")])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The same budgets as the one-language tests (test_lists.py, test_views.py).
        ("sections/city/", 3),
        ("authors/amira-haddad/", 3),
        ("tags/harbour/", 3),
        ("", 2),
        ("archive/2012/", 5),
        ("archive/2012/07/", 5),
    ],
)
def test_list_pages_keep_their_query_budgets_with_one_or_several_languages(
    client, django_assert_max_num_queries, languages, path, queries
):
    city, amira = make_section("City"), make_author("Amira Haddad")
    for day in range(1, 22):
        english = make_filed_article(
            section=city, authors=[amira], tags=["harbour"], published_at=utc(2012, 7, day)
        )
        for language in languages[1:]:
            version = translate(english, language)
            version.set_byline([amira])
            version.tags.set(["harbour"])
    for language in languages:
        prefix = "" if language == "en" else f"/{language}"
        client.get(f"{prefix}/{path}")
        with django_assert_max_num_queries(queries):
            # A session cookie bypasses the page cache, so the view really runs.
            response = client.get(f"{prefix}/{path}", HTTP_COOKIE="sessionid=x")
        assert response.status_code == 200
        assert len(response.context["articles"]) == 20
        assert {article.language for article in response.context["articles"]} == {language}


@pytest.mark.parametrize("languages", [("en",), ("en", "fr", "ru")])
def test_article_pages_keep_their_query_budget_with_one_or_several_languages(
    client, django_assert_max_num_queries, languages
):
    city = make_section("City")
    english = make_filed_article(section=city, tags=["harbour"])
    versions = [english, *(translate(english, language) for language in languages[1:])]
    for version in versions:
        # Cold, as in test_views.py, and the story's versions (the alternates) when it has
        # several (tests/articles/test_language_alternates.py).
        with django_assert_max_num_queries(9 if len(versions) == 1 else 10):
            assert client.get(version.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(1):  # warm
            assert client.get(version.get_absolute_url()).status_code == 200


def test_the_missing_translation_and_story_addresses_cost_a_few_queries(
    client, django_assert_max_num_queries, harbour, port
):
    client.get("/")
    # The article, gone, old slug, tombstone, the story, its versions, the navigation
    # (sections and the footer's site pages).
    with django_assert_max_num_queries(8):
        assert client.get("/ru/articles/harbour-reopens/").status_code == 404
    with django_assert_max_num_queries(2):
        assert client.get(f"/fr/stories/{harbour.story_id}/").status_code == 302
    with django_assert_max_num_queries(5):
        assert client.get(f"/ru/stories/{harbour.story_id}/").status_code == 404


class TestCachesNeverMixLanguages:
    @committed
    def test_a_french_write_leaves_english_lists_cached_and_refreshes_the_siblings_page(
        self, client
    ):
        city = make_section("City")
        english = make_article(title="Harbour reopens", section=city)
        french = translate(english, "fr", title="Le port rouvre")
        pages = ["/", "/sections/city/", english.get_absolute_url()]
        for path in [*pages, "/fr/", "/fr/sections/city/"]:
            client.get(path)
        assert {client.get(path)["X-Cache"] for path in pages} == {"hit"}
        english_updated = Article.objects.get(pk=english.pk).updated_at

        french.title = "Le port a rouvert"
        french.save()

        assert client.get("/")["X-Cache"] == "hit"
        assert client.get("/sections/city/")["X-Cache"] == "hit"
        # The sibling's page (its language switcher, hreflang) is drawn again...
        assert client.get(english.get_absolute_url())["X-Cache"] == "miss"
        # ...without its "Last updated" moving.
        assert Article.objects.get(pk=english.pk).updated_at == english_updated
        assert "Le port a rouvert" in client.get("/fr/").content.decode()
        assert "Le port a rouvert" in client.get("/fr/sections/city/").content.decode()

    @committed
    def test_publishing_and_withdrawing_a_version_reaches_its_story_address_and_lists(self, client):
        english = make_article(title="Harbour reopens")
        french = translate(english, "fr", title="Le port rouvre", published_at=None)
        assert client.get(f"/fr/stories/{english.story_id}/").status_code == 404
        assert "Le port rouvre" not in client.get("/fr/").content.decode()

        french.published_at = timezone.now() - timezone.timedelta(minutes=1)
        french.save()
        assert client.get(f"/fr/stories/{english.story_id}/").status_code == 302
        assert "Le port rouvre" in client.get("/fr/").content.decode()

        french.withdrawn_at, french.withdrawal_reason = timezone.now(), "Erreur."
        french.save()
        assert "Le port rouvre" not in client.get("/fr/").content.decode()
        assert client.get(french.get_absolute_url()).status_code == 410

    def test_remembered_article_parts_are_per_language(self, client, harbour):
        # Same slug, same host: the French address must not get the English parts.
        translate(harbour, "fr", slug="harbour-reopens", body="Les ferries partent.")
        assert "Ferries run." in client.get("/articles/harbour-reopens/").content.decode()
        french = client.get("/fr/articles/harbour-reopens/", HTTP_COOKIE="sessionid=x")
        assert "Les ferries partent." in french.content.decode()
        assert "Ferries run." not in french.content.decode()

    def test_revalidating_one_language_never_answers_for_another(self, client, harbour):
        translate(harbour, "fr", slug="harbour-reopens")
        english = client.get("/articles/harbour-reopens/")
        french = client.get("/fr/articles/harbour-reopens/", HTTP_IF_NONE_MATCH=english["ETag"])
        assert french.status_code == 200
        assert french["ETag"] != english["ETag"]

    def test_list_keys_name_the_language(self):
        from articles.cache_keys import in_language, list_keys

        with translation.override("fr"):
            assert list_keys("section", "city") == ("section-city.fr", "front")
            assert list_keys("home") == ("articles.fr", "front")
        assert list_keys("section", "city") == ("section-city", "front")
        assert in_language("articles", "en") == "articles"

    def test_a_write_names_its_versions_language_whatever_the_editors_language(self):
        from articles.cache_keys import article_write_keys, filed_article_keys

        city, amira = make_section("City"), make_author("Amira Haddad")
        english = make_filed_article(section=city, authors=[amira], tags=["harbour"])
        french = translate(english, "fr")
        french.set_byline([amira])
        with translation.override("fr"):  # an editor working in French
            english_keys = article_write_keys(english)
            filed = filed_article_keys(english.pk, author_slug="amira-haddad")
        with translation.override("ru"):
            french_keys = article_write_keys(french)
        assert {"articles", "section-city", "author-amira-haddad", "tag-harbour"} <= set(
            english_keys
        )
        assert f"story-{english.story_id}" in english_keys
        assert not [key for key in english_keys if key.endswith(".fr")]
        assert {"articles", "section-city", "author-amira-haddad"} <= set(filed)
        assert {"articles.fr", "section-city.fr", "author-amira-haddad.fr"} <= set(french_keys)
        assert "articles" not in french_keys and f"story-{english.story_id}" in french_keys

    def test_a_draft_translations_edits_leave_the_published_versions_page_alone(self):
        from articles.cache_keys import article_write_keys

        english = make_article()
        draft = translate(english, "fr", published_at=None)
        assert f"story-{english.story_id}" not in article_write_keys(draft, before=draft)
