"""The page cache as readers and staff meet it (pagecache/middleware.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import article_form_data, make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    article = make_article(title="Storm update")
    first = client.get(article.get_absolute_url())
    assert first["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second["X-Cache"] == "hit"
    assert second.status_code == 200
    assert "Storm update" in second.content.decode()
    assert second.content == first.content


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_saving_an_article_invalidates_every_cached_page_showing_it(client):
    article = make_article(title="Old headline")
    client.get("/")
    client.get(article.get_absolute_url())

    article.title = "New headline"
    article.save()

    assert "New headline" in client.get("/").content.decode()
    assert "New headline" in client.get(article.get_absolute_url()).content.decode()


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_deleting_an_article_invalidates_the_cached_home_page(client):
    article = make_article(title="Short-lived story")
    assert "Short-lived story" in client.get("/").content.decode()
    article.delete()
    assert "Short-lived story" not in client.get("/").content.decode()


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_edits_through_the_admin_reach_readers_at_once(staff_client):
    article = make_article(title="Before")
    reader = Client()
    reader.get(article.get_absolute_url())

    staff_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title="After"),
    )

    assert "<h1>After</h1>" in reader.get(article.get_absolute_url()).content.decode()


def test_scheduled_article_appears_on_the_cached_home_page_exactly_on_time(client):
    with time_machine.travel(NOON - timedelta(minutes=1), tick=False):
        make_article(title="Already out", published_at=NOON - timedelta(hours=1))
        make_article(title="Embargoed until noon", published_at=NOON)
        first = client.get("/")
        assert "Embargoed until noon" not in first.content.decode()
        assert "s-maxage=60" in first["Cache-Control"]
        assert client.get("/")["X-Cache"] == "hit"
    with time_machine.travel(NOON, tick=False):
        assert "Embargoed until noon" in client.get("/").content.decode()


@pytest.fixture
def cache_keeping_entries_past_their_timeout(monkeypatch):
    """A cache whose entries outlive the timeout they were stored with: Redis counts it by
    its own clock (which a test's fake clock does not move), memcached in whole seconds."""
    from pagecache import generation

    store = generation.cache_set
    monkeypatch.setattr(
        generation,
        "cache_set",
        lambda key, value, timeout, cache=None: store(key, value, None, cache),
    )


@pytest.mark.usefixtures("cache_keeping_entries_past_their_timeout")
def test_a_scheduled_article_appears_on_time_even_when_the_cache_keeps_entries_longer(client):
    with time_machine.travel(NOON - timedelta(minutes=1), tick=False):
        make_article(title="Already out", published_at=NOON - timedelta(hours=1))
        make_article(title="Embargoed until noon", published_at=NOON)
        first = client.get("/")
        assert "Embargoed until noon" not in first.content.decode()
        assert client.get("/")["X-Cache"] == "hit"
        etag = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])["ETag"]
    with time_machine.travel(NOON, tick=False):
        revalidated = client.get("/", HTTP_IF_NONE_MATCH=etag)
        assert revalidated.status_code == 200
        assert revalidated["ETag"] != etag
        assert "Embargoed until noon" in revalidated.content.decode()


def test_public_pages_let_shared_caches_keep_them_briefly(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 120
    article = make_article()
    cache_control = client.get(article.get_absolute_url())["Cache-Control"]
    for directive in [
        "public",
        "max-age=0",
        "s-maxage=120",
        "stale-while-revalidate=30",
        "stale-if-error=86400",
    ]:
        assert directive in cache_control


def test_logged_in_staff_bypass_the_cache(staff_client):
    article = make_article(title="Shared story")
    Client().get(article.get_absolute_url())
    response = staff_client.get(article.get_absolute_url())
    assert "X-Cache" not in response


def test_staff_preview_is_never_cached(staff_client):
    draft = make_article(published_at=None, title="Secret draft")
    preview = staff_client.get(draft.get_absolute_url())
    assert "no-store" in preview["Cache-Control"]
    assert "public" not in preview["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_head_requests_are_answered_like_get(client):
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.head(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert response.content == b""


def test_page_cache_can_be_switched_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert "X-Cache" not in response


def test_unreachable_cache_costs_speed_not_pages(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "fragments": settings.CACHES["fragments"],  # in each process's memory, as always
    }
    settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS = "default"  # as with REDIS_URL
    article = make_article(title="Still readable")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()
    article.title = "Saved without a cache"
    article.save()


def test_unknown_host_is_refused_not_cached(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_junk_query_strings_do_not_serve_another_pages_content(client):
    make_article(title="Front page story")
    client.get("/")
    assert client.get("/?page=abc").status_code == 404


def test_a_draft_revision_does_not_empty_the_page_cache(client, staff_user):
    from articles.models import Revision

    article = make_article()
    client.get(article.get_absolute_url())
    Revision.objects.create(article=article, kind=Revision.Kind.DRAFT, snapshot={"title": "x"})
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"


def test_pages_cached_by_an_older_release_are_not_served_after_an_upgrade(client, monkeypatch):
    from pagecache import release

    article = make_article(title="Harbour reopens")
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    monkeypatch.setattr(release, "current_release", lambda: "upgraded")
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_shared_caches_may_not_serve_a_page_stale_past_a_scheduled_publication(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_STALE_WHILE_REVALIDATE = 30
    with time_machine.travel(utc(2030, 1, 1, 11, 54, 40), tick=False):
        make_article(published_at=utc(2030, 1, 1, 9))
        make_article(title="Embargoed", published_at=utc(2030, 1, 1, 12))
        cache_control = client.get("/")["Cache-Control"]
    # 320 s to go: fresh for 300, stale for 20 more at most, not the usual 30.
    assert "s-maxage=300" in cache_control
    assert "stale-while-revalidate=20" in cache_control


@pytest.mark.urls("tests.pagecache.varying_urls")
def test_a_page_that_varies_on_a_header_is_kept_per_value_of_it(client):
    french = client.get("/greeting/", HTTP_ACCEPT_LANGUAGE="fr")
    german = client.get("/greeting/", HTTP_ACCEPT_LANGUAGE="de")
    assert (french.content, german.content) == (b"Bonjour", b"Guten Tag")

    again_french = client.get("/greeting/", HTTP_ACCEPT_LANGUAGE="fr")
    again_german = client.get("/greeting/", HTTP_ACCEPT_LANGUAGE="de")
    assert (again_french.content, again_german.content) == (b"Bonjour", b"Guten Tag")
    assert again_french["X-Cache"] == again_german["X-Cache"] == "hit"
    assert client.get("/greeting/").content == b"Hello"


@pytest.mark.urls("tests.pagecache.varying_urls")
def test_the_fast_path_keeps_variants_apart_too(call_wsgi):
    call_wsgi("/greeting/", HTTP_ACCEPT_LANGUAGE="fr")
    _, headers, body = call_wsgi("/greeting/", HTTP_ACCEPT_LANGUAGE="de")
    assert body == b"Guten Tag"
    _, headers, body = call_wsgi("/greeting/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (headers["X-Cache"], body) == ("hit", b"Bonjour")


@pytest.mark.urls("tests.pagecache.varying_urls")
def test_a_page_that_varies_on_everything_is_never_stored(client):
    client.get("/anything/", HTTP_USER_AGENT="Reader A")
    response = client.get("/anything/", HTTP_USER_AGENT="Reader B")
    assert response.content == b"Reader B"
