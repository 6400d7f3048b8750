"""The honest date model: publish time, 'Last updated', update notes, re-dating, scheduling."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, LifecycleEvent
from tests.factories import article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db

PUBLISHED = utc(2012, 7, 9, 8)
LATER = utc(2012, 7, 9, 10)
CHANGELIST = reverse("admin:articles_article_changelist")


# Writes commit, as in production, once the clock is back: what they invalidate is
# stamped then (the test's own transaction never commits, and a stamp dated 2012 would be
# older than the pages drawn today).
def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def published_article(**overrides):
    with committed(), time_machine.travel(PUBLISHED, tick=False):
        return make_article(published_at=PUBLISHED, **overrides)


def edit(client, article, when=LATER, **overrides):
    with committed(), time_machine.travel(when, tick=False):
        response = client.post(change_url(article), article_form_data(article, **overrides))
    article.refresh_from_db()
    return response


def test_minor_change_keeps_last_updated_for_readers(staff_client):
    article = published_article(body="The ferry leaves at 07:10")

    edit(staff_client, article, body="The ferry leaves at 07:10.", minor_change="on")

    assert article.body_html == "<p>The ferry leaves at 07:10.</p>"
    assert article.updated_at == PUBLISHED
    html = staff_client.get(article.get_absolute_url()).content.decode()
    assert "Last updated: <time" in html and "09 Jul. 2012 08:00</time>" in html


def test_minor_change_is_off_by_default_so_an_edit_moves_last_updated(staff_client):
    article = published_article()
    html = staff_client.get(change_url(article)).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="minor_change"[^>]*>', html).group()
    assert "checked" not in checkbox

    edit(staff_client, article, body="A new paragraph readers will notice.")

    assert article.updated_at == LATER


def test_significant_update_shows_its_note_until_the_next_update(client, staff_client):
    article = published_article()

    edit(staff_client, article, body="Adds the mayor's answer.", update_note="Adds the reply.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="update-note">Adds the reply.</span>' in html
    assert "09 Jul. 2012 10:00</time>" in html

    edit(staff_client, article, when=LATER + timedelta(hours=1), body="Another change.")
    assert article.update_note == ""
    assert "update-note" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "overrides",
    [{"minor_change": "on", "body": "Typo fixed."}, {}],
    ids=["minor-change", "no-change"],
)
def test_an_update_note_without_a_significant_change_is_refused(staff_client, overrides):
    article = published_article()

    response = edit(staff_client, article, update_note="Adds the reply.", **overrides)

    assert response.status_code == 200
    assert "An update note goes with a significant change" in response.content.decode()
    assert article.update_note == "" and article.updated_at == PUBLISHED


def test_editor_redates_a_published_article_and_the_act_is_recorded(log_in_as, client):
    editor = log_in_as("Editor")
    article = published_article()

    edit(client, article, published_at_0="2012-07-08", published_at_1="18:00:00")

    assert article.published_at == utc(2012, 7, 8, 18)
    assert article.updated_at == PUBLISHED  # re-dating is not a content update
    event = article.events.get()
    assert event.kind == LifecycleEvent.Kind.REDATED and event.actor == editor
    assert event.detail == "Publish time 2012-07-09 08:00 UTC → 2012-07-08 18:00 UTC"
    record = client.get(change_url(article)).content.decode()
    assert "Re-dated by editor: Publish time 2012-07-09 08:00 UTC" in record


@pytest.mark.parametrize(
    "publish_at, message",
    [
        (("", ""), "cannot go back to being a draft"),
        (("2012-07-10", "08:00:00"), "cannot be rescheduled into the future"),
    ],
    ids=["to-draft", "to-future"],
)
def test_a_published_article_cannot_vanish_by_changing_its_date(staff_client, publish_at, message):
    article = published_article()

    response = edit(
        staff_client, article, published_at_0=publish_at[0], published_at_1=publish_at[1]
    )

    assert message in response.content.decode()
    assert article.published_at == PUBLISHED
    assert not article.events.exists()


def test_saving_a_published_article_unchanged_records_no_redating(staff_client):
    article = published_article()
    edit(staff_client, article, body="New text.")
    assert not article.events.exists()


class TestSchedulingAcrossDaylightSaving:
    """Berlin springs forward at 02:00 on 29 March 2026 (01:00 UTC): 03:30 CEST is 01:30 UTC."""

    SCHEDULED_UTC = utc(2026, 3, 29, 1, 30)

    @pytest.fixture(autouse=True)
    def berlin(self, settings):
        settings.TIME_ZONE = "Europe/Berlin"

    def schedule(self, staff_client):
        with time_machine.travel(utc(2026, 3, 28, 20), tick=False):
            staff_client.post(
                reverse("admin:articles_article_add"),
                article_form_data(published_at_0="2026-03-29", published_at_1="03:30:00"),
            )
        return Article.objects.get()

    def test_scheduled_time_is_read_in_the_newsrooms_zone_after_the_change(self, staff_client):
        assert self.schedule(staff_client).published_at == self.SCHEDULED_UTC

    @pytest.mark.parametrize(
        "offset, visible", [(-1, False), (0, True), (1, True)], ids=["before", "at", "after"]
    )
    def test_readers_see_the_article_exactly_from_its_time(
        self, staff_client, client, offset, visible
    ):
        article = self.schedule(staff_client)
        client.logout()  # the same test client: now a reader
        with time_machine.travel(self.SCHEDULED_UTC + timedelta(seconds=offset), tick=False):
            response = client.get(article.get_absolute_url())
            home = client.get(reverse("articles:home")).content.decode()
        assert response.status_code == (200 if visible else 404)
        assert (article.title in home) is visible

    def test_page_shows_the_summer_time_dateline(self, staff_client, client):
        article = self.schedule(staff_client)
        client.logout()
        with time_machine.travel(self.SCHEDULED_UTC, tick=False):
            html = client.get(article.get_absolute_url()).content.decode()
        assert '<time datetime="2026-03-29T03:30:00+02:00">29 Mar. 2026</time>' in html

    def test_admin_lists_it_as_scheduled_in_the_newsrooms_zone(self, staff_client):
        self.schedule(staff_client)
        with time_machine.travel(utc(2026, 3, 28, 21), tick=False):
            changelist = staff_client.get(CHANGELIST).content.decode()
            index = staff_client.get(reverse("admin:index")).content.decode()
        assert "Scheduled for 2026-03-29 03:30 CEST" in changelist
        assert "Next scheduled" in index
        assert "2026-03-29 03:30 CEST" in index

    @pytest.mark.parametrize(
        "day", ["2026-03-29", "2026-10-25"], ids=["skipped-in-spring", "repeated-in-autumn"]
    )
    def test_a_local_time_the_clock_change_makes_unclear_is_a_form_error(self, staff_client, day):
        response = staff_client.post(
            reverse("admin:articles_article_add"),
            article_form_data(published_at_0=day, published_at_1="02:30:00"),
        )
        assert response.status_code == 200
        assert "couldn’t be interpreted in time zone Europe/Berlin" in response.content.decode()
        assert not Article.objects.exists()


@time_machine.travel(utc(2012, 7, 9, 12), tick=False)
def test_admin_index_lists_the_next_scheduled_articles_soonest_first(staff_client):
    make_article(title="Evening edition", published_at=utc(2012, 7, 9, 18))
    make_article(title="Morning briefing", published_at=utc(2012, 7, 10, 6))
    make_article(title="Already out")
    make_article(title="Just a draft", published_at=None)

    html = staff_client.get(reverse("admin:index")).content.decode()
    # The index's other panels list published articles and drafts too.
    html = html.split('id="next-scheduled"')[1].split("</section>")[0]

    assert html.index("Evening edition") < html.index("Morning briefing")
    assert "Already out" not in html and "Just a draft" not in html


def test_admin_filters_withdrawn_articles(staff_client):
    make_article(title="Still up")
    make_article(title="Pulled", withdrawn_at=PUBLISHED, withdrawal_reason="Legal advice.")

    response = staff_client.get(CHANGELIST, {"status": "withdrawn"})

    assert [a.title for a in response.context["cl"].result_list] == ["Pulled"]
    assert "Withdrawn" in response.content.decode()
