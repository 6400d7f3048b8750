"""articles/cache_keys.py with the page cache: a write makes stale exactly the pages that
show what it changed (and nothing else)."""

import pytest
from django.urls import reverse

from tests.factories import make_author, make_filed_article, make_section

# Real commits: pages go stale when a write commits.
pytestmark = pytest.mark.django_db(transaction=True)


def cached(client, url):
    """X-Cache of a second read (the first stores the page)."""
    return client.get(url)["X-Cache"]


@pytest.fixture
def newsroom():
    city, sport = make_section("City"), make_section("Sport", slug="sport")
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker", slug="tom-becker")
    a = make_filed_article(title="Harbour reopens", section=city, authors=[amira], tags=["harbour"])
    b = make_filed_article(title="Derby tonight", section=sport, authors=[tom], tags=["football"])
    return {"a": a, "b": b, "city": city, "sport": sport, "amira": amira, "tom": tom}


def urls_of(news):
    a = news["a"]
    return {
        "a": a.get_absolute_url(),
        "b": news["b"].get_absolute_url(),
        "home": reverse("articles:home"),
        "rss": reverse("articles:rss"),
        "city": reverse("articles:section", kwargs={"slug": "city"}),
        "city_rss": reverse("articles:section_rss", kwargs={"slug": "city"}),
        "sport": reverse("articles:section", kwargs={"slug": "sport"}),
        "amira": reverse("articles:author", kwargs={"slug": news["amira"].slug}),
        "tom": reverse("articles:author", kwargs={"slug": "tom-becker"}),
        "harbour": reverse("articles:tag", kwargs={"slug": "harbour"}),
        "football": reverse("articles:tag", kwargs={"slug": "football"}),
        "sitemap": reverse("articles:sitemap_index"),
    }


def warm(client, urls):
    for url in urls.values():
        assert client.get(url).status_code == 200
    assert {name: cached(client, url) for name, url in urls.items()} == dict.fromkeys(urls, "hit")


def test_an_edit_re_renders_what_shows_the_article_and_nothing_else(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)

    a = newsroom["a"]
    a.title = "Harbour reopens after repairs"
    a.save()

    seen = {name: client.get(url) for name, url in urls.items()}
    stale = {name for name, response in seen.items() if response["X-Cache"] == "miss"}
    assert stale == {"a", "home", "rss", "city", "city_rss", "amira", "harbour", "sitemap"}
    assert "Harbour reopens after repairs" in seen["a"].content.decode()
    assert "Harbour reopens after repairs" in seen["city"].content.decode()


def test_moving_an_article_to_another_section_re_renders_both(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)

    a = newsroom["a"]
    a.section = newsroom["sport"]
    a.save()

    seen = {name: client.get(url) for name, url in urls.items()}
    assert seen["city"]["X-Cache"] == seen["sport"]["X-Cache"] == "miss"
    assert "Harbour reopens" not in seen["city"].content.decode()
    assert "Harbour reopens" in seen["sport"].content.decode()
    assert seen["tom"]["X-Cache"] == seen["football"]["X-Cache"] == "hit"


def test_an_article_in_a_related_box_takes_the_pages_showing_it_along(client):
    city = make_section("City")
    shown = make_filed_article(title="Ferries resume", section=city, tags=["harbour"])
    story = make_filed_article(title="Harbour reopens", section=city, tags=["harbour"])
    page = client.get(story.get_absolute_url())
    assert "Ferries resume" in page.content.decode()
    assert cached(client, story.get_absolute_url()) == "hit"

    shown.title = "Ferries resume on Monday"
    shown.save()

    page = client.get(story.get_absolute_url())
    assert page["X-Cache"] == "miss"
    assert "Ferries resume on Monday" in page.content.decode()


def test_retagging_re_renders_old_and_new_tag_lists(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)

    newsroom["a"].tags.set(["football"])

    assert client.get(urls["harbour"])["X-Cache"] == "miss"
    football = client.get(urls["football"])
    assert football["X-Cache"] == "miss" and "Harbour reopens" in football.content.decode()
    # Now kin of the other football story: it joins that page's related box.
    b = client.get(urls["b"])
    assert b["X-Cache"] == "miss" and "Harbour reopens" in b.content.decode()
    assert client.get(urls["tom"])["X-Cache"] == "hit"


def test_a_new_byline_re_renders_the_new_authors_list(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)

    newsroom["a"].set_byline([newsroom["tom"]])

    assert client.get(urls["amira"])["X-Cache"] == "miss"
    tom = client.get(urls["tom"])
    assert tom["X-Cache"] == "miss" and "Harbour reopens" in tom.content.decode()
    assert client.get(urls["b"])["X-Cache"] == "hit"


def test_a_withdrawn_article_answers_410_at_once_and_leaves_others_cached(client, newsroom):
    from django.utils import timezone

    urls = urls_of(newsroom)
    warm(client, urls)

    a = newsroom["a"]
    a.withdrawn_at, a.withdrawal_reason = timezone.now(), "Published in error."
    a.save()

    assert client.get(urls["a"]).status_code == 410
    assert "Harbour reopens" not in client.get(urls["home"]).content.decode()
    assert client.get(urls["b"])["X-Cache"] == "hit"


def test_a_section_change_is_everywhere_the_navigation_is(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)

    newsroom["sport"].name = "Sports"
    newsroom["sport"].save()

    assert client.get(urls["b"])["X-Cache"] == "miss"
    assert client.get(urls["a"])["X-Cache"] == "miss"


def test_editing_a_draft_leaves_readers_pages_alone(client, newsroom):
    urls = urls_of(newsroom)
    warm(client, urls)
    draft = make_filed_article(title="Not yet", section=newsroom["city"], published_at=None)
    assert {name: cached(client, url) for name, url in urls.items()} == dict.fromkeys(urls, "hit")

    draft.title = "Still not yet"
    draft.save()

    assert {name: cached(client, url) for name, url in urls.items()} == dict.fromkeys(urls, "hit")


def test_an_edit_changes_the_etag_of_the_pages_showing_it_only(client, newsroom):
    urls = urls_of(newsroom)
    before = {name: client.get(url)["ETag"] for name, url in urls.items()}

    newsroom["a"].summary = "A new standfirst."
    newsroom["a"].save()

    after = {name: client.get(url)["ETag"] for name, url in urls.items()}
    assert after["a"] != before["a"] and after["city"] != before["city"]
    assert after["b"] == before["b"] and after["sport"] == before["sport"]
