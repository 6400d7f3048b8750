from datetime import timedelta

import pytest
import time_machine
from django.utils.http import http_date

from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests are about the views' own conditional GET handling.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


def test_article_page_sends_validators(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]


def test_revalidation_gets_304_from_one_query_without_rendering(client, django_assert_num_queries):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]

    with django_assert_num_queries(1):
        response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert not response.templates


def test_if_modified_since_gets_304(client):
    article = make_article()
    last_modified = client.get(article.get_absolute_url())["Last-Modified"]
    response = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_an_edit_changes_the_validators(client):
    with time_machine.travel(NOON, tick=False):
        article = make_article()
        first = client.get(article.get_absolute_url())
    with time_machine.travel(NOON + timedelta(minutes=5), tick=False):
        article.body = "Corrected figures."
        article.save()
        response = client.get(
            article.get_absolute_url(),
            HTTP_IF_NONE_MATCH=first["ETag"],
        )
        assert response.status_code == 200
        assert "Corrected figures." in response.content.decode()
        stale = client.get(
            article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        assert stale.status_code == 200


def test_home_changes_its_etag_when_a_scheduled_article_goes_live(client):
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        make_article(published_at=NOON - timedelta(days=1))
        make_article(title="Embargoed", published_at=NOON)
        etag = client.get("/")["ETag"]
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(NOON, tick=False):
        response = client.get("/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert "Embargoed" in response.content.decode()


def test_each_home_page_has_its_own_etag(client):
    for day in range(1, 25):
        make_article(published_at=utc(2012, 7, day))
    assert client.get("/")["ETag"] != client.get("/?page=2")["ETag"]


def test_malformed_conditional_headers_are_ignored(client):
    article = make_article()
    for header, value in [
        ("HTTP_IF_NONE_MATCH", '"unterminated'),
        ("HTTP_IF_NONE_MATCH", "*, garbage"),
        ("HTTP_IF_MODIFIED_SINCE", "yesterday-ish"),
        ("HTTP_IF_MODIFIED_SINCE", http_date(0) + "junk"),
    ]:
        assert client.get(article.get_absolute_url(), **{header: value}).status_code in (200, 304)


def test_unpublished_article_has_no_validators_and_stays_404(client):
    draft = make_article(published_at=None)
    response = client.get(draft.get_absolute_url(), HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 404


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_repeated_revalidation_needs_no_query_until_content_changes(
    client, django_assert_num_queries
):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304

    article.withdrawn_at = article.published_at
    article.withdrawal_reason = "Legal advice."
    article.save()
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 410
