import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from desk import previews
from tests.factories import (
    article_form_data,
    change_url,
    make_article,
    make_author,
    make_filed_article,
    make_section,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


def share(staff_client, article):
    """Click "Share preview" and read the link from the confirmation message."""
    url = reverse("admin:articles_article_share_preview", args=[article.pk])
    response = staff_client.post(url, follow=True)
    message = str(list(response.context["messages"])[-1])
    return re.search(r"http://testserver(/preview/\S+/)", message).group(1), message


def assert_never_cached_nor_indexed(response):
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_share_link_shows_the_current_draft_to_someone_without_an_account(staff_client, reader):
    article = make_article(title="Harbour reopens", body="Published text.")
    data = article_form_data(article, client=staff_client)
    staff_client.post(change_url(article), {**data, "body": "Draft **text**.", "_save_draft": "1"})
    link, message = share(staff_client, article)

    response = reader.get(link)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft <strong>text</strong>." in html
    assert "Preview — not published." in html
    assert_never_cached_nor_indexed(response)
    assert "Published text." in reader.get(article.get_absolute_url()).content.decode()


def test_a_share_link_to_a_never_published_draft(staff_client, reader):
    article = make_article(title="Budget vote", published_at=None)
    link, _ = share(staff_client, article)
    response = reader.get(link)
    assert "<h1>Budget vote</h1>" in response.content.decode()
    assert "This is a draft; readers cannot see it." in response.content.decode()
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_a_share_link_expires_after_the_configured_time(staff_client, reader, settings):
    settings.NEWSROOM_PREVIEW_LINK_HOURS = 2
    article = make_article(published_at=None)
    with time_machine.travel(utc(2012, 7, 9, 8, 0), tick=False):
        link, message = share(staff_client, article)
    assert "valid until 2012-07-09 10:00 UTC" in message

    with time_machine.travel(utc(2012, 7, 9, 9, 59)):
        assert reader.get(link).status_code == 200
    with time_machine.travel(utc(2012, 7, 9, 10, 1)):
        response = reader.get(link)

    assert response.status_code == 410
    assert "This preview link has expired" in response.content.decode()
    assert_never_cached_nor_indexed(response)


def test_the_default_lifetime_is_48_hours(settings):
    assert settings.NEWSROOM_PREVIEW_LINK_HOURS == 48
    assert previews.link_lifetime().total_seconds() == 48 * 3600


@pytest.mark.parametrize("tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), str.upper])
def test_a_tampered_link_is_refused(staff_client, reader, tamper):
    article = make_article(published_at=None)
    link, _ = share(staff_client, article)
    token = link.split("/")[2]

    response = reader.get(reverse("desk:shared_preview", kwargs={"token": tamper(token)}))

    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()
    assert_never_cached_nor_indexed(response)


def test_revoking_stops_every_link_to_the_article_and_new_links_work(staff_client, reader):
    article, other = make_article(published_at=None), make_article(published_at=None)
    first, _ = share(staff_client, article)
    second, _ = share(staff_client, article)
    other_link, _ = share(staff_client, other)

    revoke = reverse("admin:articles_article_revoke_preview", args=[article.pk])
    assert staff_client.get(revoke).status_code == 405
    staff_client.post(revoke)

    for link in (first, second):
        response = reader.get(link)
        assert response.status_code == 410
        assert "This preview link has been withdrawn" in response.content.decode()
    assert reader.get(other_link).status_code == 200
    fresh, _ = share(staff_client, article)
    assert reader.get(fresh).status_code == 200


def test_a_link_to_a_deleted_article_is_gone(staff_client, reader):
    article = make_article(published_at=None)
    link, _ = share(staff_client, article)
    article.delete()
    assert reader.get(link).status_code == 410


def test_readers_cannot_make_share_links(reader):
    article = make_article(published_at=None)
    url = reverse("admin:articles_article_share_preview", args=[article.pk])
    response = reader.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_draft_previews_with_its_own_section_byline_and_tags(staff_client, reader):
    city, transport = make_section("City"), make_section("Transport")
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker")
    Tag.objects.create(name="ferries")
    article = make_filed_article(
        title="Harbour reopens", section=city, authors=[amira], tags=["harbour"]
    )
    ferries = Tag.objects.get(name="ferries")
    data = article_form_data(article, client=staff_client)
    staff_client.post(
        change_url(article),
        {
            **data,
            "section": transport.pk,
            "byline": [tom.pk, amira.pk],
            "tags": [ferries.pk],
            "_save_draft": "1",
        },
    )
    link, _ = share(staff_client, article)

    preview = reader.get(link).content.decode()
    live = reader.get(article.get_absolute_url()).content.decode()

    def kicker(section):
        return f'<p class="kicker"><a href="/sections/{section}/">'

    assert kicker("transport") in preview and ">Tom Becker</a> and <a" in preview
    assert 'rel="tag">ferries</a>' in preview and 'rel="tag">harbour</a>' not in preview
    assert kicker("city") in live and ">Tom Becker</a>" not in live
    assert 'rel="tag">harbour</a>' in live
