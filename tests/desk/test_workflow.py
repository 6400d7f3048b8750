"""The desk's workflow (desk/workflow.py): review, approval, scheduling and publishing by role."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article, LifecycleEvent, ReviewState, Revision
from tests.factories import article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)
ADD_URL = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reader():
    return Client()


def events(article):
    return list(article.events.order_by("id").values_list("kind", "actor__username", "detail"))


def test_a_writer_submits_a_new_article_for_review_with_a_note(client, log_in_as, reader):
    log_in_as("Writer")

    response = client.post(
        ADD_URL, article_form_data(_submit_review="1", revision_note="Ready for the desk")
    )

    assert response.status_code == 302
    assert "Submitted for review" in client.get(response["Location"]).content.decode()
    article = Article.objects.get()
    assert article.review_state == ReviewState.IN_REVIEW and article.published_at is None
    assert events(article) == [(LifecycleEvent.Kind.SUBMITTED, "writer", "Ready for the desk")]
    assert reader.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("button", ["_publish", "_approve", "_schedule", "_withdraw"])
def test_a_crafted_post_by_a_writer_that_publishes_or_approves_is_refused_keeping_the_text(
    client, log_in_as, button
):
    log_in_as("Writer")
    draft = make_article(published_at=None, body="The first version.")

    data = article_form_data(draft, client=client, body="Every word the writer typed.")
    response = client.post(change_url(draft), {**data, button: "1", "review_state": "approved"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Only an editor can" in html and "Nothing was published" in html
    assert response.context["adminform"].form["body"].value() == "Every word the writer typed."
    draft.refresh_from_db()
    assert draft.published_at is None and draft.body == "The first version."
    assert draft.review_state == ReviewState.NONE and not draft.events.exists()


def test_a_writers_publish_changes_on_a_live_article_is_refused_keeping_the_text(
    client, log_in_as, reader
):
    log_in_as("Writer")
    live = make_article(body="What readers read.")

    data = article_form_data(live, client=client, body="The writer's new paragraph.")
    response = client.post(change_url(live), {**data, "_continue": "1"})

    assert response.status_code == 200
    assert "Only an editor can publish changes to a live article" in response.content.decode()
    assert response.context["adminform"].form["body"].value() == "The writer's new paragraph."
    live.refresh_from_db()
    assert live.body == "What readers read."
    assert not live.revisions.filter(kind=Revision.Kind.DRAFT).exists()


# Transactional: readers' pages are invalidated when the editor's save commits.
@pytest.mark.django_db(transaction=True)
def test_a_writers_change_to_a_live_article_waits_for_an_editor(client, log_in_as, reader):
    live = make_article(body="What readers read.")
    log_in_as("Writer")
    data = article_form_data(live, client=client, body="The writer's update.")

    response = client.post(change_url(live), {**data, "_submit_review": "1"})

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == "What readers read." and live.review_state == ReviewState.IN_REVIEW
    assert "What readers read." in reader.get(live.get_absolute_url()).content.decode()
    assert "Live with pending changes (in review)" in client.get(change_url(live)).content.decode()

    editor = log_in_as("Editor")
    index = client.get(reverse("admin:index")).content.decode()
    assert live.title in index.split('id="waiting-for-review"')[1].split("</section>")[0]
    assert live.title in index.split('id="pending-changes"')[1].split("</section>")[0]
    data = article_form_data(live, client=client)
    assert data["body"] == "The writer's update."  # the editor continues from the draft
    client.post(change_url(live), {**data, "_continue": "1", "revision_note": "Checked"})

    live.refresh_from_db()
    assert live.body == "The writer's update." and live.review_state == ReviewState.NONE
    assert "The writer's update." in reader.get(live.get_absolute_url()).content.decode()
    assert events(live)[-1] == (LifecycleEvent.Kind.CHANGES_PUBLISHED, editor.username, "Checked")


def test_a_writers_save_of_a_live_article_without_a_button_is_kept_as_a_draft(
    client, log_in_as, reader
):
    log_in_as("Writer")
    live = make_article(body="What readers read.")

    response = client.post(change_url(live), article_form_data(live, body="Scripted."))

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == "What readers read."
    assert live.revisions.first().kind == Revision.Kind.DRAFT


def test_a_writers_change_to_a_scheduled_article_waits_for_an_editor(client, log_in_as):
    scheduled = make_article(published_at=NOW + timedelta(hours=3), body="Approved text.")
    log_in_as("Writer")

    data = article_form_data(scheduled, client=client, body="Unreviewed text.")
    client.post(change_url(scheduled), {**data, "_save_draft": "1"})

    scheduled.refresh_from_db()
    assert scheduled.body == "Approved text."
    assert scheduled.revisions.first().kind == Revision.Kind.DRAFT


def test_an_editor_approves_then_schedules_and_readers_see_it_on_time(client, log_in_as, reader):
    log_in_as("Writer")
    client.post(ADD_URL, article_form_data(_submit_review="1"))
    article = Article.objects.get()
    editor = log_in_as("Editor")

    client.post(change_url(article), {**article_form_data(article, client=client), "_approve": "1"})
    article.refresh_from_db()
    assert article.review_state == ReviewState.APPROVED
    assert "Approved" in client.get(change_url(article)).content.decode()

    data = article_form_data(article, client=client)
    data.update(published_at_0="2012-07-09", published_at_1="15:00:00", _schedule="1")
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    assert "Scheduled: readers see it from 2012-07-09 15:00 UTC" in (
        client.get(response["Location"]).content.decode()
    )
    article.refresh_from_db()
    assert article.published_at == utc(2012, 7, 9, 15)
    assert [kind for kind, _by, _detail in events(article)] == [
        LifecycleEvent.Kind.SUBMITTED,
        LifecycleEvent.Kind.APPROVED,
        LifecycleEvent.Kind.SCHEDULED,
    ]
    assert events(article)[-1][1] == editor.username
    assert reader.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(utc(2012, 7, 9, 15), tick=False):
        assert reader.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "typed", [("", ""), ("2012-07-09", "11:00:00")], ids=["no-time", "past-time"]
)
def test_schedule_needs_a_time_in_the_future(client, log_in_as, typed):
    log_in_as("Editor")
    data = article_form_data(published_at_0=typed[0], published_at_1=typed[1], _schedule="1")

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "To schedule, choose a publish time in the future." in response.content.decode()
    assert not Article.objects.exists()


def test_publish_now_publishes_at_this_moment(client, log_in_as, reader):
    log_in_as("Editor")

    client.post(ADD_URL, article_form_data(_publish="1"))

    article = Article.objects.get()
    assert article.published_at == NOW
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert events(article)[0][0] == LifecycleEvent.Kind.PUBLISHED


def test_save_draft_with_a_publish_time_is_a_form_error(client, log_in_as):
    log_in_as("Editor")
    data = article_form_data(published_at_0="2012-07-10", published_at_1="09:00:00")

    response = client.post(ADD_URL, {**data, "_save_draft": "1"})

    assert "This button keeps the article unpublished" in response.content.decode()
    assert not Article.objects.exists()


def test_the_withdraw_button_withdraws_with_the_reason(client, log_in_as, reader):
    log_in_as("Editor")
    live = make_article()
    data = article_form_data(live, client=client, withdrawal_reason="Legal advice.")

    client.post(change_url(live), {**data, "_withdraw": "1"})

    live.refresh_from_db()
    assert live.status == Article.Status.WITHDRAWN
    assert reader.get(live.get_absolute_url()).status_code == 410


def test_a_writer_changing_an_approved_article_sends_it_back_to_review(client, log_in_as):
    article = make_article(published_at=None, review_state=ReviewState.APPROVED)
    log_in_as("Writer")

    data = article_form_data(article, client=client, body="Changed after approval.")
    client.post(change_url(article), {**data, "_save_draft": "1"})

    article.refresh_from_db()
    assert article.review_state == ReviewState.IN_REVIEW


def test_transitions_are_on_the_history_page_with_who_and_the_note(client, log_in_as):
    log_in_as("Writer")
    client.post(ADD_URL, article_form_data(_submit_review="1", revision_note="Over to you"))
    article = Article.objects.get()

    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content
    html = html.decode().split('id="event-history"')[1]

    assert "Submitted for review" in html and "writer" in html and "Over to you" in html


def test_buttons_follow_role_and_state(client, log_in_as):
    draft = make_article(published_at=None)
    live = make_article()
    log_in_as("Writer")
    writer_draft = client.get(change_url(draft)).content.decode()
    writer_live = client.get(change_url(live)).content.decode()
    log_in_as("Editor")
    editor_draft = client.get(change_url(draft)).content.decode()
    editor_live = client.get(change_url(live)).content.decode()

    assert 'name="_submit_review"' in writer_draft and 'name="_publish"' not in writer_draft
    assert 'name="_approve"' not in writer_draft
    assert 'value="Submit changes for review"' in writer_live
    assert 'value="Publish changes"' not in writer_live
    for button in ("_approve", "_schedule", "_publish"):
        assert f'name="{button}"' in editor_draft
    assert 'value="Publish changes"' in editor_live and 'name="_withdraw"' in editor_live
    assert "data-keyboard-save" in editor_live and "desk/workflow.js" in editor_live


def test_status_badge_and_next_scheduled_time_on_the_form_and_in_the_list(staff_client):
    scheduled = make_article(published_at=utc(2012, 7, 10, 6), title="Morning briefing")
    make_article(published_at=None, review_state=ReviewState.IN_REVIEW, title="Waiting")

    form = staff_client.get(change_url(scheduled)).content.decode()
    listed = staff_client.get(CHANGELIST).content.decode()

    assert "Scheduled for 2012-07-10 06:00 UTC" in form
    assert "Next scheduled:" in form
    assert '<span class="status-badge status-in_review">In review</span>' in listed
    assert "Scheduled for 2012-07-10 06:00 UTC" in listed
    assert "next scheduled" in listed.lower()
    filtered = staff_client.get(CHANGELIST, {"status": "in_review"})
    assert [a.title for a in filtered.context["cl"].result_list] == ["Waiting"]


# --- Corrections by writers ----------------------------------------------------------


def post_correction(client, article, text):
    data = article_form_data(article, client=client, corrections=[(text, "correction")])
    return client.post(change_url(article), {**data, "_submit_review": "1"})


@pytest.mark.django_db(transaction=True)
def test_a_writers_correction_waits_for_an_editor(client, log_in_as, reader):
    live = make_article()
    log_in_as("Writer")
    post_correction(client, live, "The ferry leaves at 07:10.")

    correction = live.corrections.get()
    assert correction.awaiting_editor
    assert "07:10" not in reader.get(live.get_absolute_url()).content.decode()

    log_in_as("Editor")
    index = client.get(reverse("admin:index")).content.decode()
    assert live.title in index.split('id="pending-changes"')[1].split("</section>")[0]
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        client.post(change_url(live), {**article_form_data(live, client=client), "_continue": "1"})

    correction.refresh_from_db()
    live.refresh_from_db()
    assert not correction.awaiting_editor
    assert correction.created_at == NOW + timedelta(minutes=5) == live.last_updated
    assert "The ferry leaves at 07:10." in reader.get(live.get_absolute_url()).content.decode()


def test_a_newsroom_can_let_writers_corrections_through_at_once(
    client, log_in_as, reader, settings
):
    settings.NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR = False
    live = make_article()
    log_in_as("Writer")

    post_correction(client, live, "The ferry leaves at 07:10.")

    assert not live.corrections.get().awaiting_editor
    assert "The ferry leaves at 07:10." in reader.get(live.get_absolute_url()).content.decode()


def test_unscheduling_is_recorded_and_leaves_the_article_approved(client, log_in_as):
    scheduled = make_article(published_at=NOW + timedelta(hours=3))
    editor = log_in_as("Editor")

    data = article_form_data(scheduled, client=client, published_at_0="", published_at_1="")
    client.post(change_url(scheduled), data)

    scheduled.refresh_from_db()
    assert scheduled.published_at is None and scheduled.review_state == ReviewState.APPROVED
    assert events(scheduled) == [(LifecycleEvent.Kind.UNSCHEDULED, editor.username, "")]


def test_an_editor_saving_a_scheduled_article_takes_in_the_writers_changes(client, log_in_as):
    scheduled = make_article(published_at=NOW + timedelta(hours=3), body="Approved text.")
    log_in_as("Writer")
    data = article_form_data(scheduled, client=client, body="Writer's change.")
    client.post(change_url(scheduled), {**data, "_submit_review": "1"})
    editor = log_in_as("Editor")

    form = client.get(change_url(scheduled)).content.decode()
    assert "This scheduled article has changes by writer" in form
    client.post(
        change_url(scheduled), {**article_form_data(scheduled, client=client), "_continue": "1"}
    )

    scheduled.refresh_from_db()
    assert scheduled.body == "Writer's change." and scheduled.review_state == ReviewState.NONE
    assert events(scheduled)[-1] == (
        LifecycleEvent.Kind.CHANGES_PUBLISHED,
        editor.username,
        "Into the scheduled version",
    )


def test_a_writers_crafted_publish_of_a_new_article_is_refused_keeping_the_text(client, log_in_as):
    log_in_as("Writer")

    response = client.post(
        ADD_URL, article_form_data(body="A new story, typed in full.", _publish="1")
    )

    assert response.status_code == 200
    assert "Only an editor can publish." in response.content.decode()
    assert response.context["adminform"].form["body"].value() == "A new story, typed in full."
    assert not Article.objects.exists()


def test_an_editor_returns_a_writers_changes_to_a_live_article_unpublished(client, log_in_as):
    live = make_article(body="What readers read.")
    log_in_as("Writer")
    data = article_form_data(live, client=client, body="Not quite right.")
    client.post(change_url(live), {**data, "_submit_review": "1"})
    editor = log_in_as("Editor")
    assert 'value="Return to writer"' in client.get(change_url(live)).content.decode()

    data = article_form_data(live, client=client, revision_note="Needs a source")
    response = client.post(change_url(live), {**data, "_return_to_draft": "1"}, follow=True)

    assert "Changes returned to the writer, unpublished." in response.content.decode()
    live.refresh_from_db()
    assert live.body == "What readers read." and live.review_state == ReviewState.NONE
    assert live.revisions.first().kind == Revision.Kind.DRAFT
    assert live.revisions.first().snapshot["body"] == "Not quite right."
    assert events(live)[-1] == (
        LifecycleEvent.Kind.RETURNED,
        editor.username,
        "Changes to the published article — Needs a source",
    )


@pytest.mark.django_db(transaction=True)  # readers' cached page goes when the edit commits
def test_a_writers_new_lead_picture_for_a_live_article_waits_for_an_editor(
    client, log_in_as, reader, settings, tmp_path
):
    from tests.factories import make_photo

    settings.MEDIA_ROOT = tmp_path
    old, new = make_photo(caption="The old pier."), make_photo(caption="The new ferry.")
    live = make_article(lead_photo=old)
    log_in_as("Writer")
    data = article_form_data(live, client=client, lead_photo=new.pk)

    response = client.post(change_url(live), {**data, "_submit_review": "1"})

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.lead_photo == old
    assert "The old pier." in reader.get(live.get_absolute_url()).content.decode()

    log_in_as("Editor")
    data = article_form_data(live, client=client)
    assert str(data["lead_photo"]) == str(new.pk)  # the editor continues from the draft
    client.post(change_url(live), {**data, "_continue": "1"})

    live.refresh_from_db()
    assert live.lead_photo == new
    assert "The new ferry." in reader.get(live.get_absolute_url()).content.decode()
