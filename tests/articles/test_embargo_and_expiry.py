"""Embargo and scheduled unpublish (expiry): both by the clock, without a cron job, to the
second, in the newsroom's own zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import Article
from desk import previews
from tests.factories import (
    article_form_data,
    change_url,
    make_author,
    make_filed_article,
    make_section,
    utc,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("berlin")]

BERLIN = ZoneInfo("Europe/Berlin")
# 10:00 in Berlin (summer time) is 08:00 UTC.
EMBARGO = datetime(2012, 7, 9, 10, 0, tzinfo=BERLIN)
SECOND = timedelta(seconds=1)


@pytest.fixture
def berlin():
    with override_settings(TIME_ZONE="Europe/Berlin"):
        yield


@pytest.fixture
def story():
    """An article filed everywhere a reader can meet it."""
    section = make_section("City")
    author = make_author("Amira Haddad")

    def build(**dates):
        return make_filed_article(
            title="Harbour deal signed",
            slug="harbour-deal-signed",
            summary="Quayside plan agreed.",
            body="The zeppelinwharf agreement.",
            section=section,
            authors=[author],
            tags=["harbour"],
            **dates,
        )

    return build


def public_places(client):
    """Every public list, feed, sitemap and search, by name."""
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": "city"}),
        "author": reverse("articles:author", kwargs={"slug": "amira-haddad"}),
        "tag": reverse("articles:tag", kwargs={"slug": "harbour"}),
        "archive": reverse("articles:archive_year", kwargs={"year": 2012}),
        "search": reverse("articles:search") + "?q=zeppelinwharf",
        "rss": reverse("articles:rss"),
        "atom": reverse("articles:atom"),
        "section rss": reverse("articles:section_rss", kwargs={"slug": "city"}),
        "tag atom": reverse("articles:tag_atom", kwargs={"slug": "harbour"}),
        "sitemap": reverse("articles:sitemap", kwargs={"section": "articles"}),
        "author sitemap": reverse("articles:sitemap", kwargs={"section": "authors"}),
        "news sitemap": reverse("articles:news_sitemap"),
    }


def where_listed(client):
    found = set()
    for name, url in public_places(client).items():
        response = client.get(url)
        if response.status_code == 200 and (
            b"harbour-deal-signed" in response.content
            or b"amira-haddad" in response.content
            and name == "author sitemap"
        ):
            found.add(name)
    return found


EVERYWHERE = {
    "home",
    "section",
    "author",
    "tag",
    "archive",
    "search",
    "rss",
    "atom",
    "section rss",
    "tag atom",
    "sitemap",
    "author sitemap",
    "news sitemap",
}


def test_an_embargoed_article_is_nowhere_until_the_second_its_embargo_ends(client, story):
    article = story(published_at=EMBARGO, embargo_until=EMBARGO)

    with time_machine.travel(EMBARGO - SECOND, tick=False):
        assert where_listed(client) == set()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert Article.objects.embargoed().get() == article
    with time_machine.travel(EMBARGO, tick=False):
        assert where_listed(client) == EVERYWHERE
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert b'"@type": "NewsArticle"' in page.content or b"NewsArticle" in page.content
        assert not Article.objects.embargoed().exists()


def test_a_cached_page_does_not_outlive_the_embargo(client, story):
    story(published_at=EMBARGO, embargo_until=EMBARGO)
    with time_machine.travel(EMBARGO - 10 * SECOND, tick=False):
        home = client.get("/")
        assert b"Harbour deal signed" not in home.content
        etag = home["ETag"]
    with time_machine.travel(EMBARGO, tick=False):
        # Neither the stored page nor a revalidation keeps the old list.
        assert b"Harbour deal signed" in client.get("/").content
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_embargoed_article_carries_no_structured_data_and_shares_by_preview_link(story):
    article = story(published_at=EMBARGO, embargo_until=EMBARGO)
    with time_machine.travel(EMBARGO - timedelta(hours=2), tick=False):
        link = previews.share_link(article)
        response = Client().get(link.path)
        assert response.status_code == 200
        assert b"Harbour deal signed" in response.content
        assert b"application/ld+json" not in response.content
        assert response["X-Robots-Tag"] == "noindex"


def test_an_expired_article_answers_gone_and_leaves_every_list_at_its_second(client, story):
    expires = datetime(2012, 7, 10, 0, 0, tzinfo=BERLIN)  # midnight in Berlin, 22:00 UTC
    article = story(published_at=EMBARGO, expires_at=expires)

    with time_machine.travel(expires - SECOND, tick=False):
        assert where_listed(client) == EVERYWHERE
        assert client.get(article.get_absolute_url()).status_code == 200
        assert Article.objects.get().is_published
    with time_machine.travel(expires, tick=False):
        assert where_listed(client) == set()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert "Removed" in response.content.decode()
        assert '<time datetime="2012-07-10T00:00:00+02:00"' in response.content.decode()
        stored = Article.objects.get()
        assert not stored.is_published and stored.status == Article.Status.WITHDRAWN


def test_a_cached_list_and_its_etag_do_not_outlive_an_expiry(client, story):
    expires = datetime(2012, 7, 10, 0, 0, tzinfo=BERLIN)
    story(published_at=EMBARGO, expires_at=expires)
    with time_machine.travel(expires - 10 * SECOND, tick=False):
        home = client.get("/")
        assert b"Harbour deal signed" in home.content
    with time_machine.travel(expires, tick=False):
        assert client.get("/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 200
        assert b"Harbour deal signed" not in client.get("/").content


def test_the_next_change_is_the_earliest_publication_or_expiry(story):
    story(published_at=utc(2030, 7, 9, 8), expires_at=utc(2030, 7, 9, 12))
    with time_machine.travel(utc(2030, 7, 9, 7), tick=False):
        assert Article.objects.next_change_time() == utc(2030, 7, 9, 8)
    with time_machine.travel(utc(2030, 7, 9, 9), tick=False):
        assert Article.objects.next_change_time() == utc(2030, 7, 9, 12)
    with time_machine.travel(utc(2030, 7, 9, 12), tick=False):
        assert Article.objects.next_change_time() is None


def test_the_database_refuses_publication_before_the_embargo_or_expiry_before_publication(
    story,
):
    with pytest.raises(IntegrityError), transaction.atomic():
        story(published_at=EMBARGO - SECOND, embargo_until=EMBARGO)
    with pytest.raises(IntegrityError), transaction.atomic():
        story(published_at=EMBARGO, expires_at=EMBARGO)
    assert not Article.objects.exists()


# --- The desk's form -----------------------------------------------------------------


def typed(moment):
    """What an editor types into a split date/time field, in Berlin time."""
    local = moment.astimezone(BERLIN)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def form_with(article, client, **moments):
    data = article_form_data(article, client=client)
    for name, moment in moments.items():
        data[f"{name}_0"], data[f"{name}_1"] = typed(moment) if moment else ("", "")
    return data


def test_an_embargo_holds_the_publish_time_back_to_its_end(staff_client, story):
    article = story(published_at=None)
    with time_machine.travel(EMBARGO - timedelta(days=1), tick=False):
        data = form_with(
            article, staff_client, published_at=EMBARGO - timedelta(hours=3), embargo_until=EMBARGO
        )
        response = staff_client.post(change_url(article), data)
    assert response.status_code == 302
    stored = Article.objects.get()
    assert (stored.published_at, stored.embargo_until) == (EMBARGO, EMBARGO)


def test_an_unpublish_time_must_come_after_the_publish_time(staff_client, story):
    article = story(published_at=None)
    with time_machine.travel(EMBARGO - timedelta(days=1), tick=False):
        data = form_with(article, staff_client, published_at=EMBARGO, expires_at=EMBARGO)
        response = staff_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "The unpublish time must come after the publish time (2012-07-09 10:00 CEST)." in (
        response.content.decode()
    )
    assert Article.objects.get().expires_at is None


def test_an_unpublish_time_needs_a_publish_time(staff_client, story):
    article = story(published_at=None)
    response = staff_client.post(
        change_url(article), form_with(article, staff_client, expires_at=EMBARGO)
    )
    assert response.status_code == 200
    assert "An unpublish time needs a publish time before it" in response.content.decode()


def test_an_embargo_cannot_take_back_what_readers_saw(staff_client, story):
    article = story(published_at=EMBARGO)
    with time_machine.travel(EMBARGO + timedelta(hours=1), tick=False):
        data = form_with(article, staff_client, embargo_until=EMBARGO + timedelta(days=1))
        response = staff_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "an embargo cannot take it back" in response.content.decode()
    assert Article.objects.get().embargo_until is None


def test_a_writer_may_not_set_an_embargo_or_expiry(client, log_in_as, story):
    log_in_as("Writer")
    article = story(published_at=None)
    data = form_with(article, client, embargo_until=EMBARGO, expires_at=EMBARGO + SECOND)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only an editor can set an embargo. Your change was not saved." in html
    assert "Only an editor can schedule an unpublish. Your change was not saved." in html
    stored = Article.objects.get()
    assert (stored.embargo_until, stored.expires_at) == (None, None)


def test_the_article_list_names_the_embargo_and_the_expiry(staff_client, story):
    story(published_at=EMBARGO, embargo_until=EMBARGO, expires_at=EMBARGO + timedelta(days=2))
    with time_machine.travel(EMBARGO - timedelta(hours=1), tick=False):
        listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert "Embargoed until 2012-07-09 10:00 CEST" in listing
    with time_machine.travel(EMBARGO + SECOND, tick=False):
        listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert "Published until 2012-07-11 10:00 CEST" in listing
