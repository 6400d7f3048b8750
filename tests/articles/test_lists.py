"""Sections, authors, tags, archives, navigation and the article page's links."""

import pytest
import time_machine
from django.urls import reverse

from tests.factories import make_article, make_author, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db


def listed(response):
    return [card.headline for card in response.context["articles"]]


@pytest.fixture
def city():
    return make_section("City", description="Council, services and the places we share.")


def test_section_page_lists_its_published_articles_newest_first(client, city):
    other = make_section("Sport")
    make_article(title="Older city story", section=city, published_at=utc(2012, 7, 1, 9))
    make_article(title="Newer city story", section=city, published_at=utc(2012, 7, 9, 9))
    make_article(title="City draft", section=city, published_at=None)
    make_article(title="City scheduled", section=city, published_at=utc(2999, 1, 1))
    make_article(title="Match report", section=other)

    response = client.get(city.get_absolute_url())

    assert response.status_code == 200
    assert listed(response) == ["Newer city story", "Older city story"]
    html = response.content.decode()
    assert '<h1 class="page-title">City</h1>' in html
    assert "Council, services and the places we share." in html
    assert "City draft" not in html and "City scheduled" not in html
    assert "Match report" not in html


def test_section_page_paginates(client, city):
    for day in range(1, 23):
        make_article(section=city, published_at=utc(2012, 7, day, 12))

    first = client.get(city.get_absolute_url())
    second = client.get(city.get_absolute_url(), {"page": 2})

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_author_page_shows_bio_and_their_articles(client):
    amira = make_author("Amira Haddad", bio="City hall reporter since 2015.")
    tom = make_author("Tom Becker")
    make_filed_article(title="Budget vote", authors=[tom, amira])
    make_filed_article(title="Ferry fares", authors=[tom])
    make_filed_article(title="Unpublished interview", authors=[amira], published_at=None)

    response = client.get(amira.get_absolute_url())

    assert listed(response) == ["Budget vote"]
    html = response.content.decode()
    assert '<h1 class="page-title">Amira Haddad</h1>' in html
    assert "City hall reporter since 2015." in html


def test_tag_page_lists_tagged_published_articles(client):
    make_filed_article(title="Harbour reopens", tags=["harbour", "weather"])
    make_filed_article(title="Ferry fares", tags=["Harbour"])
    make_filed_article(title="Rail timetable", tags=["trains"])
    make_filed_article(title="Secret harbour plan", tags=["harbour"], published_at=None)

    response = client.get(reverse("articles:tag", kwargs={"slug": "harbour"}))

    assert sorted(listed(response)) == ["Ferry fares", "Harbour reopens"]
    assert "Tagged: harbour" in response.content.decode()


def test_tags_with_accents_have_their_own_page(client):
    make_filed_article(title="Partner city", tags=["Zürich"])
    response = client.get("/tags/z%C3%BCrich/")
    assert listed(response) == ["Partner city"]


@pytest.mark.parametrize(
    "url", ["/sections/nowhere/", "/authors/nobody/", "/tags/nothing/", "/sections/a%20b/"]
)
def test_unknown_section_author_or_tag_is_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_site_navigation_lists_sections_in_their_order(client):
    make_section("Sport", order=3)
    make_section("City", order=1)
    make_section("Culture", order=2)

    html = client.get("/").content.decode()

    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert [nav.index(name) for name in ("City", "Culture", "Sport")] == sorted(
        nav.index(name) for name in ("City", "Culture", "Sport")
    )
    assert '<a href="/sections/city/">City</a>' in nav


def test_list_pages_link_their_feeds_for_autodiscovery(client, city):
    html = client.get(city.get_absolute_url()).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="City (RSS)" '
        'href="/sections/city/rss/">' in html
    )
    assert 'type="application/atom+xml" title="City (Atom)" href="/sections/city/atom/"' in html
    # The whole site's feeds are announced on every page.
    assert 'href="/feeds/rss/"' in html and 'href="/feeds/atom/"' in html


class TestArchives:
    def test_year_archive_lists_the_years_articles_and_links_its_months(self, client):
        make_article(title="July story", published_at=utc(2012, 7, 9, 9))
        make_article(title="March story", published_at=utc(2012, 3, 1, 9))
        make_article(title="Next year", published_at=utc(2013, 1, 5, 9))

        response = client.get(reverse("articles:archive_year", kwargs={"year": "2012"}))

        assert listed(response) == ["July story", "March story"]
        html = response.content.decode()
        assert '<a href="/archive/2012/07/">July</a>' in html
        assert '<a href="/archive/2012/03/">March</a>' in html

    def test_month_archive_uses_the_newsrooms_time_zone(self, client, settings):
        settings.TIME_ZONE = "Europe/Berlin"
        # 23:30 UTC on 31 July is already 1 August in Berlin.
        make_article(title="Late-night story", published_at=utc(2012, 7, 31, 23, 30))
        make_article(title="Mid-July story", published_at=utc(2012, 7, 15, 12))

        july = client.get("/archive/2012/07/")
        august = client.get("/archive/2012/08/")

        assert listed(july) == ["Mid-July story"]
        assert listed(august) == ["Late-night story"]
        assert "Archive: August 2012" in august.content.decode()

    def test_archives_never_show_unpublished_articles(self, client):
        with time_machine.travel(utc(2012, 7, 10), tick=False):
            make_article(title="Published", published_at=utc(2012, 7, 9))
            make_article(title="Scheduled", published_at=utc(2012, 7, 11))
            make_article(title="Draft", published_at=None)

            response = client.get("/archive/2012/07/")

        assert listed(response) == ["Published"]

    @pytest.mark.parametrize(
        "url", ["/archive/1999/", "/archive/2012/13/", "/archive/2012/00/", "/archive/0000/"]
    )
    def test_empty_or_impossible_archives_are_404_pages(self, client, url):
        make_article(published_at=utc(2012, 7, 9))
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


class TestArticlePage:
    def test_links_section_each_author_in_byline_order_and_each_tag(self, client, city):
        amira, tom, lena = (
            make_author("Amira Haddad"),
            make_author("Tom Becker"),
            make_author("Lena Berg"),
        )
        article = make_filed_article(
            title="Cycle lanes",
            section=city,
            authors=[tom, lena, amira],
            tags=["council", "cycling"],
        )

        html = client.get(article.get_absolute_url()).content.decode()

        assert '<p class="kicker"><a href="/sections/city/">City</a></p>' in html
        assert (
            '<p class="byline">By <a href="/authors/tom-becker/" rel="author">Tom Becker</a>, '
            '<a href="/authors/lena-berg/" rel="author">Lena Berg</a> and '
            '<a href="/authors/amira-haddad/" rel="author">Amira Haddad</a></p>'
        ) in html
        assert '<a href="/tags/council/" rel="tag">council</a>' in html
        assert '<a href="/tags/cycling/" rel="tag">cycling</a>' in html

    def test_single_author_byline(self, client):
        article = make_filed_article(authors=[make_author("Tom Becker")])
        html = client.get(article.get_absolute_url()).content.decode()
        assert 'By <a href="/authors/tom-becker/" rel="author">Tom Becker</a></p>' in html

    def test_related_articles_shared_tags_first_then_section(self, client, city):
        sport = make_section("Sport")
        article = make_filed_article(
            title="Harbour reopens", section=city, tags=["harbour", "ferries"]
        )
        both_tags = make_filed_article(
            title="Ferries return", section=sport, tags=["harbour", "ferries"],
            published_at=utc(2012, 1, 1),
        )  # fmt: skip
        one_tag = make_filed_article(title="Harbour paintings", section=sport, tags=["harbour"])
        same_section_new = make_filed_article(title="Council news", section=city)
        same_section_old = make_filed_article(
            title="Old council news", section=city, published_at=utc(2011, 1, 1)
        )
        make_filed_article(title="Oldest council news", section=city, published_at=utc(2010, 1, 1))
        make_filed_article(title="Unrelated", section=sport, tags=["football"])
        make_filed_article(title="Draft harbour", section=city, tags=["harbour"], published_at=None)

        response = client.get(article.get_absolute_url())

        assert list(response.context["related_articles"]) == [
            both_tags,
            one_tag,
            same_section_new,
            same_section_old,
        ]
        html = response.content.decode()
        related = html[html.index('<aside class="related"') :]
        assert "Harbour reopens" not in related
        assert "Draft harbour" not in related and "Oldest council news" not in related

    def test_article_without_section_or_tags_has_no_related_list(self, client):
        make_article(title="Another story")
        article = make_article()
        response = client.get(article.get_absolute_url())
        assert list(response.context["related_articles"]) == []
        assert "Related articles" not in response.content.decode()

    def test_query_count_does_not_grow_with_authors_tags_or_related(
        self, client, city, django_assert_max_num_queries
    ):
        authors = [make_author(f"Writer {n}") for n in range(6)]
        tags = [f"topic-{n}" for n in range(8)]
        article = make_filed_article(section=city, authors=authors, tags=tags)
        for n in range(8):
            make_filed_article(section=city, authors=authors[:3], tags=tags[:n])

        client.get("/")  # navigation and next publication are kept until content changes
        # Article with its section, byline, tags, related articles.
        with django_assert_max_num_queries(4):
            response = client.get(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")
        assert len(response.context["related_articles"]) == 4


@pytest.mark.parametrize("count", [1, 21])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Validators (latest publication), object lookup, page; the count is remembered.
        ("/sections/city/", 3),
        ("/authors/amira-haddad/", 3),
        ("/tags/harbour/", 3),
        ("/", 2),
        # Validators, existence check, previous/next year, page; months and count remembered.
        ("/archive/2012/", 5),
    ],
)
def test_list_pages_cost_the_same_number_of_queries_for_few_or_many_articles(
    client, django_assert_max_num_queries, url, queries, count
):
    city, amira = make_section("City"), make_author("Amira Haddad")
    for day in range(1, count + 1):
        make_filed_article(
            section=city, authors=[amira], tags=["harbour", "ferries"],
            published_at=utc(2012, 1, day % 28 + 1),
        )  # fmt: skip

    client.get(url)  # navigation and next publication are then kept until content changes
    with django_assert_max_num_queries(queries):
        # A session cookie bypasses the page cache, so the view really runs.
        response = client.get(url, HTTP_COOKIE="sessionid=x")
    assert response.status_code == 200
    assert len(response.context["articles"]) == min(count, 20)


def test_related_articles_are_ranked_among_the_most_recent_kin(monkeypatch, city):
    from articles.models import article as article_module

    monkeypatch.setattr(article_module, "RELATED_CANDIDATES", 2)
    story = make_filed_article(section=city, tags=["harbour"])
    tag_twin = make_filed_article(tags=["harbour"], published_at=utc(2001, 1, 1))
    old_neighbour = make_filed_article(section=city, published_at=utc(2001, 1, 1))
    recent_neighbours = [make_filed_article(section=city) for _ in range(2)]

    related = list(story.related_articles())

    # Shared tags rank first; of the section's articles only the most recent are ranked.
    assert related[0] == tag_twin
    assert set(related[1:]) == set(recent_neighbours)
    assert old_neighbour not in related


@pytest.mark.parametrize(
    "url", ["/", "/sections/city/", "/authors/amira-haddad/", "/tags/harbour/", "/archive/2012/"]
)
# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_remembered_page_counts_follow_new_and_scheduled_articles(client, url):
    city, amira = make_section("City"), make_author("Amira Haddad")

    def file(day, **overrides):
        make_filed_article(
            section=city, authors=[amira], tags=["harbour"], published_at=utc(2012, 7, day),
            **overrides,
        )  # fmt: skip

    no_cache = {"HTTP_COOKIE": "sessionid=x"}  # the view itself runs, not the page cache
    with time_machine.travel(utc(2012, 7, 25), tick=False):
        for day in range(1, 21):
            file(day)
        file(26)  # scheduled for tomorrow
        assert "Page 1 of" not in client.get(url, **no_cache).content.decode()
        assert client.get(url, {"page": 2}, **no_cache).status_code == 404

    with time_machine.travel(utc(2012, 7, 26, 0, 1), tick=False):
        assert "Page 2 of 2" in client.get(url, {"page": 2}, **no_cache).content.decode()
        file(22)
        assert len(client.get(url, {"page": 2}, **no_cache).context["articles"]) == 2


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_year_archive_links_a_month_as_soon_as_it_has_an_article(client):
    make_article(published_at=utc(2012, 3, 1, 9))
    no_cache = {"HTTP_COOKIE": "sessionid=x"}
    assert "/archive/2012/07/" not in client.get("/archive/2012/", **no_cache).content.decode()

    make_article(published_at=utc(2012, 7, 9, 9))

    html = client.get("/archive/2012/", **no_cache).content.decode()
    assert '<a href="/archive/2012/07/">July</a>' in html


def test_tag_and_author_pages_list_each_article_once(client):
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker")
    make_filed_article(title="Joint report", authors=[amira, tom], tags=["harbour", "ferries"])

    assert listed(client.get("/authors/amira-haddad/")) == ["Joint report"]
    assert listed(client.get("/tags/harbour/")) == ["Joint report"]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The section, author or tag looked up; the year archive's own existence and
        # previous/next year checks.
        ("/", 0),
        ("/sections/city/", 1),
        ("/authors/amira-haddad/", 1),
        ("/tags/harbour/", 1),
        ("/archive/2012/", 3),
    ],
)
# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_remembered_list_cards_follow_edits_and_cost_no_article_query(
    client, url, queries, django_assert_max_num_queries
):
    from articles.cards import Card

    city, amira = make_section("City"), make_author("Amira Haddad")
    article = make_filed_article(
        title="Ferry fares rise", section=city, authors=[amira], tags=["harbour"],
        published_at=utc(2012, 7, 1),
    )  # fmt: skip
    no_cache = {"HTTP_COOKIE": "sessionid=x"}  # the view itself runs, not the page cache
    assert "Ferry fares rise" in client.get(url, **no_cache).content.decode()

    # Remembered: the page's cards are plain values, read without the list's query (the
    # articles with their lead photos).
    with django_assert_max_num_queries(queries) as captured:
        response = client.get(url, **no_cache)
    if not url.startswith("/archive/"):  # its year checks read articles (and photos) too
        assert not any('"articles_photo"' in query["sql"] for query in captured.captured_queries)
    assert [type(card) for card in response.context["articles"]] == [Card]
    assert "Ferry fares rise" in response.content.decode()

    article.title = "Ferry fares fall"
    article.save()
    html = client.get(url, **no_cache).content.decode()
    assert "Ferry fares fall" in html and "Ferry fares rise" not in html


def test_the_remembered_navigation_holds_plain_values(client):
    import pickle

    from articles.cards import SectionHeading

    make_section("City")
    make_article()
    response = client.get("/")

    navigation = list(response.context["navigation_sections"])
    assert navigation == [SectionHeading("city", "City", "/sections/city/")]
    # Every page reads it: no model instance to unpickle per section.
    assert b"model_unpickle" not in pickle.dumps(navigation)
    assert '<a href="/sections/city/">City</a>' in response.content.decode()
