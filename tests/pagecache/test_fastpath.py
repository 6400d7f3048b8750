"""Hits and revalidations answered before Django (pagecache/fastpath.py)."""

import pytest
import time_machine

from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)


def test_wsgi_fast_path_answers_hits_without_django_or_queries(
    call_wsgi, django_assert_num_queries
):
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


def test_wsgi_fast_path_revalidates_and_answers_head(call_wsgi):
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


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_wsgi_fast_path_never_serves_sessions_or_stale_pages(call_wsgi):
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


def test_wsgi_fast_path_keeps_hosts_apart(call_wsgi):
    article = make_article()
    call_wsgi(article.get_absolute_url())
    status, _, _ = call_wsgi(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert status.startswith("400")


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_revalidations_are_answered_before_django_with_the_page_cache_off(
    call_wsgi, settings, django_assert_num_queries
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


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_no_remembered_answer_for_a_withdrawn_article_or_a_staff_session(call_wsgi, settings):
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


def test_cached_pages_tell_shared_caches_only_what_is_left_of_their_life(call_wsgi, settings):
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
