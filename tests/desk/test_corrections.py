"""Corrections and clarifications: on the page newest first, append-only for writers."""

import pytest
import time_machine

from articles.models import Correction, LifecycleEvent
from tests.factories import article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db

PUBLISHED = utc(2012, 7, 9, 8)


def published_article():
    with time_machine.travel(PUBLISHED, tick=False):
        return make_article(published_at=PUBLISHED, title="Harbour reopens")


def post_correction(client, article, text, when, kind="correction", as_writer=False):
    # A writer's browser never submits the fields a writer sees disabled (publish time,
    # withdrawal): read the form as the writer is shown it.
    data = article_form_data(
        article, client=client if as_writer else None, corrections=[(text, kind)]
    )
    with time_machine.travel(when, tick=False):
        return client.post(change_url(article), data)


def test_corrections_appear_on_the_page_newest_first_and_move_last_updated(client, log_in_as):
    log_in_as("Editor")
    article = published_article()
    post_correction(client, article, "The ferry leaves at 07:10, not 07:00.", utc(2012, 7, 9, 9))
    post_correction(
        client, article, "The harbour master spoke to us.", utc(2012, 7, 9, 11), "clarification"
    )
    client.logout()

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index("The harbour master spoke to us.") < html.index("07:10, not 07:00")
    assert (
        '<strong>Clarification</strong>, <time datetime="2012-07-09T11:00:00+00:00">'
        "09 Jul. 2012 11:00</time>" in html
    )
    assert '<strong>Correction</strong>, <time datetime="2012-07-09T09:00:00+00:00">' in html
    assert 'Last updated: <time datetime="2012-07-09T11:00:00+00:00">' in html


def test_a_correction_counts_even_when_minor_change_is_ticked(client, log_in_as):
    log_in_as("Editor")
    article = published_article()
    data = article_form_data(
        article, minor_change="on", corrections=[("Wrong date.", "correction")]
    )

    with time_machine.travel(utc(2012, 7, 9, 9), tick=False):
        client.post(change_url(article), data)

    article.refresh_from_db()
    assert article.last_updated == utc(2012, 7, 9, 9)


def test_writers_append_corrections_but_cannot_amend_them(client, log_in_as):
    log_in_as("Writer")
    article = published_article()
    post_correction(
        client, article, "The ferry leaves at 07:10.", utc(2012, 7, 9, 9), as_writer=True
    )
    correction = article.corrections.get()

    form = article_form_data(article, client=client)
    form["corrections-0-text"] = "Nothing was ever wrong."
    with time_machine.travel(utc(2012, 7, 9, 10), tick=False):
        response = client.post(change_url(article), form)

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.text == "The ferry leaves at 07:10."
    assert correction.amended_at is None
    # The saved correction is shown read-only: no text box to edit it.
    html = client.get(change_url(article)).content.decode()
    assert 'name="corrections-0-text"' not in html
    assert "The ferry leaves at 07:10." in html


def test_an_editors_amendment_is_recorded_and_shown_to_readers(client, log_in_as):
    editor = log_in_as("Editor")
    article = published_article()
    post_correction(client, article, "The ferry leaves at 07:01.", utc(2012, 7, 9, 9))

    form = article_form_data(article)
    form["corrections-0-text"] = "The ferry leaves at 07:10."
    with time_machine.travel(utc(2012, 7, 9, 10), tick=False):
        client.post(change_url(article), form)

    correction = Correction.objects.get()
    assert correction.text == "The ferry leaves at 07:10."
    assert correction.amended_at == utc(2012, 7, 9, 10) and correction.amended_by == editor
    assert article.events.get().kind == LifecycleEvent.Kind.CORRECTION_AMENDED
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<span class="correction-amended">amended <time datetime="2012-07-09T10:00:00+00:00">'
        "09 Jul. 2012 10:00</time>" in html
    )


def test_drafts_have_no_corrections_section_in_the_admin(staff_client):
    draft = make_article(published_at=None)
    html = staff_client.get(change_url(draft)).content.decode()
    assert "corrections-TOTAL_FORMS" not in html


def test_article_without_corrections_has_no_corrections_section(client):
    html = client.get(published_article().get_absolute_url()).content.decode()
    assert "Corrections and clarifications" not in html
