from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from .conftest import article_form_data, make_article, utc

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


def test_saving_an_article_invalidates_every_cached_page_showing_it(client):
    article = make_article(title="Old headline")
    client.get("/")
    client.get(article.get_absolute_url())

    article.title = "New headline"
    article.save()

    assert "New headline" in client.get("/").content.decode()
    assert "New headline" in client.get(article.get_absolute_url()).content.decode()


def test_deleting_an_article_invalidates_the_cached_home_page(client):
    article = make_article(title="Short-lived story")
    assert "Short-lived story" in client.get("/").content.decode()
    article.delete()
    assert "Short-lived story" not in client.get("/").content.decode()


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
        }
    }
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


def call_wsgi(path, method="GET", **extra):
    from wsgiref.util import setup_testing_defaults

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from newsroom.wsgi import application

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver"}
    environ.update(extra)
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    # As Django's test client does: the test's transaction must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return captured["status"], captured["headers"], body


def test_wsgi_fast_path_answers_hits_without_django_or_queries(django_assert_num_queries):
    article = make_article(title="Viral story")
    path = article.get_absolute_url()
    status, headers, first = call_wsgi(path)
    assert status.startswith("200") and headers["X-Cache"] == "miss"

    with django_assert_num_queries(0):
        status, headers, body = call_wsgi(path)

    assert status == "200 OK"
    assert headers["X-Cache"] == "hit"
    assert body == first
    assert headers["Content-Length"] == str(len(body))
    assert "public" in headers["Cache-Control"]


def test_wsgi_fast_path_revalidates_and_answers_head():
    article = make_article()
    path = article.get_absolute_url()
    _, headers, body = call_wsgi(path)

    status, not_modified, empty = call_wsgi(path, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status == "304 Not Modified"
    assert empty == b""
    assert not_modified["ETag"] == headers["ETag"]

    status, head_headers, head_body = call_wsgi(path, method="HEAD")
    assert status == "200 OK" and head_body == b""
    assert head_headers["Content-Length"] == str(len(body))


def test_wsgi_fast_path_never_serves_sessions_or_stale_pages():
    article = make_article(title="First version")
    path = article.get_absolute_url()
    call_wsgi(path)

    _, headers, _ = call_wsgi(path, HTTP_COOKIE="sessionid=abc")
    assert "X-Cache" not in headers

    article.title = "Second version"
    article.save()
    _, headers, body = call_wsgi(path)
    assert headers["X-Cache"] == "miss"
    assert b"Second version" in body


def test_wsgi_fast_path_keeps_hosts_apart():
    article = make_article()
    call_wsgi(article.get_absolute_url())
    status, _, _ = call_wsgi(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert status.startswith("400")


def test_a_draft_revision_does_not_empty_the_page_cache(client, staff_user):
    from articles.models import Revision

    article = make_article()
    client.get(article.get_absolute_url())
    Revision.objects.create(article=article, kind=Revision.Kind.DRAFT, snapshot={"title": "x"})
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"


def test_remembered_keeps_values_until_content_changes_but_never_none():
    from newsroom.pagecache import invalidate_all_pages, remembered

    calls = []

    def compute(value):
        def inner():
            calls.append(value)
            return value

        return inner

    assert remembered("answer", compute(42)) == 42
    assert remembered("answer", compute(43)) == 42
    invalidate_all_pages()
    assert remembered("answer", compute(44)) == 44
    # A miss (a made-up address, say) is asked again every time: not kept.
    assert remembered("nothing", compute(None)) is None
    assert remembered("nothing", compute(None)) is None
    assert calls == [42, 44, None, None]


def test_the_release_fingerprint_changes_with_code_and_templates(settings, tmp_path):
    from newsroom.pagecache import _code_release

    (tmp_path / "requirements.txt").write_text("Django==5.2\n")
    for package in ("newsroom", "articles", "templates"):
        (tmp_path / package).mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<h1>{{ title }}</h1>")
    settings.BASE_DIR = tmp_path
    first = _code_release()
    assert _code_release() == first
    page.write_text("<h1 class='headline'>{{ title }}</h1>")
    assert _code_release() != first


def test_pages_cached_by_an_older_release_are_not_served_after_an_upgrade(client, monkeypatch):
    from newsroom import pagecache

    article = make_article(title="Harbour reopens")
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    monkeypatch.setattr(pagecache, "RELEASE", "upgraded")
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_revalidations_are_answered_before_django_with_the_page_cache_off(
    settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    article = make_article(title="Viral story")
    path = article.get_absolute_url()
    _, headers, _ = call_wsgi(path)
    etag = headers["ETag"]
    # The first revalidation goes through Django and leaves the validators behind...
    assert call_wsgi(path, HTTP_IF_NONE_MATCH=etag)[0] == "304 Not Modified"

    # ...so the next ones need neither Django nor the database.
    with django_assert_num_queries(0):
        status, not_modified, body = call_wsgi(path, HTTP_IF_NONE_MATCH=etag)
    assert (status, body) == ("304 Not Modified", b"")
    assert not_modified["ETag"] == etag and not_modified["X-Cache"] == "hit"
    assert "s-maxage=0" in not_modified["Cache-Control"]

    # A different copy, or any change to content, gets the whole page again.
    assert call_wsgi(path, HTTP_IF_NONE_MATCH='W/"older"')[0] == "200 OK"
    article.title = "Viral story, updated"
    article.save()
    status, _, body = call_wsgi(path, HTTP_IF_NONE_MATCH=etag)
    assert status == "200 OK" and b"Viral story, updated" in body


def test_no_remembered_answer_for_a_withdrawn_article_or_a_staff_session(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    article = make_article()
    path = article.get_absolute_url()
    etag = call_wsgi(path)[1]["ETag"]
    call_wsgi(path, HTTP_IF_NONE_MATCH=etag)
    assert "X-Cache" not in call_wsgi(path, HTTP_IF_NONE_MATCH=etag, HTTP_COOKIE="sessionid=x")[1]

    article.withdrawn_at = article.published_at
    article.withdrawal_reason = "Legal advice."
    article.save()
    assert call_wsgi(path, HTTP_IF_NONE_MATCH=etag)[0].startswith("410")


def test_cached_pages_tell_shared_caches_only_what_is_left_of_their_life(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    with time_machine.travel(utc(2030, 1, 1, 11, 50), tick=False):
        make_article(published_at=utc(2030, 1, 1, 9))
        make_article(title="Embargoed", published_at=utc(2030, 1, 1, 12))
        assert "s-maxage=300" in call_wsgi("/")[1]["Cache-Control"]
    with time_machine.travel(utc(2030, 1, 1, 11, 54), tick=False):
        _, headers, _ = call_wsgi("/")
        assert headers["X-Cache"] == "hit"
        # Stored at 11:50 for five minutes; a CDN may keep it one more minute, no longer.
        assert "s-maxage=60" in headers["Cache-Control"]


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
