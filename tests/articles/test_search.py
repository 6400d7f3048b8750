from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Article
from tests.factories import make_article, make_translation, utc

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
SEARCH = reverse("articles:search")
FRENCH_SEARCH = "/fr/search/"


def results(response):
    assert response.status_code == 200
    return [card.headline for card in response.context["articles"]]


def test_search_finds_published_articles_only(client):
    make_article(title="Harbour reopens after the storm")
    make_article(title="Ferry news", summary="The harbour is busy again.")
    make_article(title="Draft about the harbour", published_at=None)
    make_article(title="Scheduled harbour story", published_at=utc(2999, 1, 1))
    make_article(title="Rail timetable")

    response = client.get(SEARCH, {"q": "harbour"})

    assert sorted(results(response)) == ["Ferry news", "Harbour reopens after the storm"]
    html = response.content.decode()
    assert "2 results for “harbour”." in html
    assert "Draft about" not in html and "Scheduled harbour" not in html


def test_search_page_is_kept_out_of_search_engines(client):
    response = client.get(SEARCH, {"q": "harbour"})
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_empty_search_shows_the_form_without_results(client):
    make_article(title="Harbour reopens")
    response = client.get(SEARCH)
    assert results(response) == []
    html = response.content.decode()
    assert '<input id="search-q" type="search" name="q"' in html
    assert "result" not in html.split("</form>", 2)[-1]


@pytest.mark.parametrize(
    "query",
    [
        "   ",
        '"',
        "'",
        '"unbalanced quote',
        "&|!:*",
        "!!! ((( ))) <-> :* & | !",
        "'; DROP TABLE articles_article; --",
        "1 OR 1=1",
        "the of and",  # only stop words
        "-",
        "🗞️ news 🐟",
        "<script>alert(1)</script>",
        "%_\\",
        "x" * 200,
        "harbour " * 25,
    ],
)
def test_odd_queries_give_a_normal_page(client, query):
    make_article(title="Harbour reopens", body="The ferry runs again.")
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unusable_queries_explain_themselves(client):
    make_article(title="Harbour reopens")
    response = client.get(SEARCH, {"q": "x" * 10_000})
    assert response.status_code == 200
    assert results(response) == []
    assert '<ul id="search-errors" class="errorlist">' in response.content.decode()


def test_control_characters_in_a_query_are_a_bad_request_page(client):
    # Refused for every URL by newsroom.security (PostgreSQL cannot store a NUL).
    response = client.get(SEARCH, {"q": "nul\x00byte"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_result_pages_keep_the_query(client):
    for day in range(1, 22):
        make_article(title=f"Harbour report {day}", published_at=utc(2012, 7, day))

    first = client.get(SEARCH, {"q": "harbour"})
    second = client.get(SEARCH, {"q": "harbour", "page": 2})

    assert len(results(first)) == 20
    assert 'rel="next" href="?q=harbour&amp;page=2"' in first.content.decode()
    assert results(second) == ["Harbour report 1"]


@pytest.mark.parametrize("count", [1, 25])
def test_search_queries_do_not_grow_with_results(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_article(title="Harbour story")
    client.get(SEARCH, {"q": "harbour"})  # navigation is then kept until content changes
    # Validators (latest publication), count, page.
    with django_assert_max_num_queries(3):
        # A session cookie bypasses the page cache, so the search really runs.
        response = client.get(SEARCH, {"q": "harbour"}, HTTP_COOKIE="sessionid=x")
        assert len(results(response)) == min(count, 20)


def test_fallback_needs_every_word_somewhere(client, monkeypatch):
    # What SQLite does; forced here so it is exercised on every database.
    monkeypatch.setattr(search, "uses_full_text_search", lambda using="default": False)
    make_article(title="Harbour reopens", body="Ferries run again.", published_at=utc(2012, 7, 9))
    make_article(title="Harbour closed", body="Storm warning.", published_at=utc(2012, 7, 6))

    assert results(client.get(SEARCH, {"q": "HARBOUR ferries"})) == ["Harbour reopens"]
    assert results(client.get(SEARCH, {"q": "harbour"})) == ["Harbour reopens", "Harbour closed"]
    assert results(client.get(SEARCH, {"q": "lighthouse"})) == []


def test_search_in_each_language_finds_only_that_languages_versions(client):
    english = make_article(title="Harbour talks resume", body="The harbour negotiations.")
    make_translation(english, title="Reprise des discussions sur le port", body="Le port.")
    make_article(language="fr", title="Le port de Marseille", body="Un port actif.")

    assert results(client.get(SEARCH, {"q": "harbour"})) == ["Harbour talks resume"]
    assert sorted(results(client.get(FRENCH_SEARCH, {"q": "port"}))) == [
        "Le port de Marseille", "Reprise des discussions sur le port",
    ]  # fmt: skip
    # An English word on the French page: the English version is not the French reader's.
    assert results(client.get(FRENCH_SEARCH, {"q": "harbour"})) == []
    assert results(client.get(SEARCH, {"q": "port"})) == []


def test_the_french_search_page_speaks_french_and_keeps_its_address(client):
    make_article(language="fr", title="Le port rouvre", slug="le-port-rouvre")
    response = client.get(FRENCH_SEARCH, {"q": "port"})
    assert response["Content-Language"] == "fr"
    assert results(response) == ["Le port rouvre"]
    assert "/fr/articles/le-port-rouvre/" in response.content.decode()


def test_each_languages_result_count_is_its_own(client):
    make_article(title="Budget vote")
    make_article(language="fr", title="Vote du budget")
    make_article(language="fr", title="Le budget adopté")

    assert "1 result for “budget”." in client.get(SEARCH, {"q": "budget"}).content.decode()
    french = client.get(FRENCH_SEARCH, {"q": "budget"})
    assert len(results(french)) == 2


def test_fallback_searches_the_readers_language_too(client, monkeypatch):
    monkeypatch.setattr(search, "uses_full_text_search", lambda using="default": False)
    make_article(title="Budget vote")
    make_article(language="fr", title="Vote du budget")

    assert results(client.get(SEARCH, {"q": "budget"})) == ["Budget vote"]
    assert results(client.get(FRENCH_SEARCH, {"q": "budget"})) == ["Vote du budget"]


def test_a_language_without_a_configuration_is_searched_with_simple(settings):
    # PostgreSQL has no Ukrainian configuration: no stemming, but no wrong one either.
    article = make_article(language="uk", title="Гавань знову відкрита")
    assert article.search_config == "simple"
    assert search.search_config("uk") == "simple"
    assert search.search_config("fr") == "french"


def test_snippet_html_escapes_the_text_and_marks_only_the_matches():
    raw = "Read [the plan](https://x.example) \x02harbour\x03 <script>x</script> & \x02more"
    assert search.snippet_html(raw) == (
        "Read the plan <mark>harbour</mark> &lt;script&gt;x&lt;/script&gt; &amp; more"
    )


@postgresql_only
class TestFullTextSearch:
    def test_search_vector_has_a_gin_index(self):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "articles_article")
        index = constraints["article_search_vector_gin"]
        assert index["columns"] == ["search_vector"] and index["type"] == "gin"

    def test_title_match_ranks_above_body_match(self, client):
        make_article(title="Weather update", body="The election count continues.")
        make_article(title="Election count begins", body="Polls have closed.")
        make_article(title="Sport", summary="After the election, the match.")

        assert results(client.get(SEARCH, {"q": "election"})) == [
            "Election count begins",
            "Sport",
            "Weather update",
        ]

    def test_stemming_finds_other_forms_of_a_word(self, client):
        make_article(title="Election night", body="Counting starts at ten.")
        assert results(client.get(SEARCH, {"q": "elections"})) == ["Election night"]
        assert results(client.get(SEARCH, {"q": "counted"})) == ["Election night"]

    def test_snippets_mark_the_matches_and_escape_the_text(self, client):
        make_article(
            title="Budget",
            body="The council approved the **harbour** budget <b>today</b> & more.",
        )

        html = client.get(SEARCH, {"q": "harbour"}).content.decode()

        snippet = html[html.index('<p class="summary-snippet">') :].split("</p>", 1)[0]
        assert "<mark>harbour</mark>" in snippet
        assert "budget" in snippet and "&amp; more" in snippet
        assert "<b>" not in snippet and "**" not in snippet

    def test_vector_follows_edits(self, client):
        article = make_article(title="Harbour reopens")
        article.title = "Lighthouse reopens"
        article.save()

        assert results(client.get(SEARCH, {"q": "lighthouse"})) == ["Lighthouse reopens"]
        assert results(client.get(SEARCH, {"q": "harbour"})) == []

    def test_only_the_most_recent_matches_are_ranked(self, client, monkeypatch):
        monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
        make_article(title="Election archive", published_at=utc(2001, 1, 1))
        make_article(title="Polls", body="The election count.", published_at=utc(2012, 7, 1))
        make_article(title="Count", body="After the election.", published_at=utc(2012, 7, 2))
        make_article(title="Weather", body="Sunny.", published_at=utc(2012, 7, 3))

        response = client.get(SEARCH, {"q": "election"})

        # The older title match would rank first, but only the two newest matches count.
        assert results(response) == ["Count", "Polls"]

    def test_the_most_recent_matches_are_found_across_the_years(self, client, monkeypatch):
        now = timezone.now()
        make_article(title="Election history", published_at=now - timedelta(days=1000))
        make_article(
            title="Polls", body="The election count.", published_at=now - timedelta(days=400)
        )
        make_article(
            title="Count", body="After the election.", published_at=now - timedelta(days=10)
        )
        make_article(title="Election", published_at=now + timedelta(days=1))  # scheduled

        monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
        assert results(client.get(SEARCH, {"q": "election"})) == ["Count", "Polls"]
        monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
        cache.clear()  # the count of results is remembered until content changes
        assert results(client.get(SEARCH, {"q": "election"})) == [
            "Election history", "Count", "Polls",
        ]  # fmt: skip

    def test_each_version_is_indexed_with_its_languages_configuration(self):
        english = make_article(title="Negotiations", body="The talks.")
        french = make_translation(english, title="Les négociations", body="Les discussions.")

        vectors = dict(
            Article.objects.filter(story=english.story).values_list("language", "search_vector")
        )
        assert french.search_config == "french"
        # English stems "negotiations" to "negoti"; French "négociations" to "négoci".
        assert "'negoti':1A" in vectors["en"]
        assert "'négoci':2A" in vectors["fr"]

    def test_french_search_finds_a_stemmed_word_and_no_english_version(self, client):
        english = make_article(title="Harbour negotiations", body="Talks on the harbour.")
        make_translation(
            english,
            title="Le port rouvre",
            body="Après une longue négociation, le port rouvre ses quais aux ferries.",
        )
        make_article(title="Négociations in the headline", body="An English article.")

        response = client.get(FRENCH_SEARCH, {"q": "négociations"})

        assert results(response) == ["Le port rouvre"]
        html = response.content.decode()
        assert "longue <mark>négociation</mark>, le port" in html
        # French stop words do not match anything.
        assert results(client.get(FRENCH_SEARCH, {"q": "le"})) == []
        # The English search does not return the French version, even for its word.
        assert results(client.get(SEARCH, {"q": "négociation"})) == ["Négociations in the headline"]
        assert results(client.get(SEARCH, {"q": "negotiation"})) == ["Harbour negotiations"]

    def test_french_titles_rank_above_french_bodies(self, client):
        make_article(language="fr", title="Météo", body="Les élections municipales.")
        make_article(language="fr", title="Élections municipales", body="Le dépouillement.")
        assert results(client.get(FRENCH_SEARCH, {"q": "élection"})) == [
            "Élections municipales",
            "Météo",
        ]

    def test_a_translation_follows_its_edits_in_its_own_language(self, client):
        french = make_translation(make_article(), title="Le phare", body="Texte.")
        french.title = "Les chantiers navals"
        french.save()
        assert results(client.get(FRENCH_SEARCH, {"q": "chantier"})) == ["Les chantiers navals"]
        assert results(client.get(FRENCH_SEARCH, {"q": "phare"})) == []

    def test_quoted_phrases_and_exclusions_work(self, client):
        make_article(title="Night buses return", body="Two routes.")
        make_article(title="Buses at night", body="A return to service.")

        assert results(client.get(SEARCH, {"q": '"night buses"'})) == ["Night buses return"]
        assert results(client.get(SEARCH, {"q": "buses -routes"})) == ["Buses at night"]
