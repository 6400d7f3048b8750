"""Bulk actions in the article list (desk/bulk.py), by role."""

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, LifecycleEvent, ReviewState
from tests.factories import make_article, make_section, utc

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def act(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_writer_submits_drafts_for_review_in_bulk(client, log_in_as):
    writer = log_in_as("Writer")
    drafts = [make_article(published_at=None) for _ in range(2)]
    live = make_article(title="Already out")

    response = act(client, "submit_for_review", [*drafts, live])

    assert "2 article(s) submitted for review." in messages_of(response)
    assert any("Already out" in m for m in messages_of(response))
    states = set(Article.objects.filter(published_at=None).values_list("review_state", flat=True))
    assert states == {ReviewState.IN_REVIEW}
    assert LifecycleEvent.objects.filter(kind="submitted", actor=writer).count() == 2


@pytest.mark.parametrize("action", ["approve", "schedule", "publish_now"])
def test_a_writers_bulk_approve_or_publish_is_refused_with_a_message(client, log_in_as, action):
    log_in_as("Writer")
    draft = make_article(published_at=None)
    assert f'value="{action}"' not in client.get(CHANGELIST).content.decode()

    response = act(client, action, [draft], publish_at="2012-07-10T08:00")

    assert any(m.startswith("Only an editor can") for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.published_at is None and draft.review_state == ReviewState.NONE
    assert not LifecycleEvent.objects.exists()


def test_an_editor_schedules_in_bulk_and_readers_see_them_on_time(client, log_in_as):
    log_in_as("Editor")
    drafts = [make_article(published_at=None) for _ in range(2)]
    no_alt = make_article(published_at=None, body="![](/media/x.png)", title="No alt text")

    response = act(client, "schedule", [*drafts, no_alt], publish_at="2012-07-09T15:00")

    assert "2 article(s) scheduled for 2012-07-09 15:00 UTC." in messages_of(response)
    assert any(
        "an image has no alt text" in m and "No alt text" in m for m in messages_of(response)
    )
    assert {a.published_at for a in Article.objects.exclude(pk=no_alt.pk)} == {utc(2012, 7, 9, 15)}
    assert client.logout() is None
    assert client.get(drafts[0].get_absolute_url()).status_code == 404
    with time_machine.travel(utc(2012, 7, 9, 15), tick=False):
        assert client.get(drafts[0].get_absolute_url()).status_code == 200


def test_scheduling_in_bulk_needs_a_future_time(client, log_in_as):
    log_in_as("Editor")
    draft = make_article(published_at=None)

    response = act(client, "schedule", [draft], publish_at="2012-07-09T11:00")

    assert any("publish time in the future" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.published_at is None


def test_an_editor_approves_and_publishes_in_bulk(client, log_in_as):
    log_in_as("Editor")
    first, second = make_article(published_at=None), make_article(published_at=None)

    act(client, "approve", [first])
    act(client, "publish_now", [second])

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.review_state == ReviewState.APPROVED and first.published_at is None
    assert second.published_at == NOW


def test_moving_to_a_section_leaves_live_articles_alone_for_writers(client, log_in_as):
    sport = make_section("Sport")
    draft = make_article(published_at=None)
    live = make_article(title="Live one")
    log_in_as("Writer")

    response = act(client, "move_to_section", [draft, live], section=sport.pk)

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.section == sport and live.section is None
    assert any("only an editor changes what readers see" in m for m in messages_of(response))
    assert draft.revisions.first().note == "Moved to Sport"


def test_an_editor_moves_and_tags_live_articles_with_a_revision_each(client, log_in_as):
    sport = make_section("Sport")
    live = make_article()
    log_in_as("Editor")

    act(client, "move_to_section", [live], section=sport.pk)
    act(client, "add_tag", [live], tag="Harbour")

    live.refresh_from_db()
    assert live.section == sport and [t.name for t in live.tags.all()] == ["Harbour"]
    assert live.revisions.first().snapshot["tags"] == [live.tags.get().pk]
    assert client.get(CHANGELIST, {"q": ""}).status_code == 200


def test_bulk_refiling_needs_its_section_or_tag(client, log_in_as):
    log_in_as("Editor")
    draft = make_article(published_at=None)

    moved = act(client, "move_to_section", [draft])
    tagged = act(client, "add_tag", [draft], tag="  ")

    assert any("Choose the section" in m for m in messages_of(moved))
    assert any("Type the tag" in m for m in messages_of(tagged))


def test_a_writers_bulk_refiling_of_an_approved_article_sends_it_back_to_review(client, log_in_as):
    approved = make_article(published_at=None, review_state=ReviewState.APPROVED)
    log_in_as("Writer")

    act(client, "add_tag", [approved], tag="Harbour")

    approved.refresh_from_db()
    assert approved.review_state == ReviewState.IN_REVIEW
    assert approved.events.get().detail == "Changed after approval"


def test_bulk_publishing_keeps_the_photo_desks_rules(client, log_in_as, settings):
    from datetime import timedelta

    from tests.factories import make_photo

    settings.NEWSROOM_LEAD_IMAGE_REQUIRED = True
    log_in_as("Editor")
    expired = make_photo(rights_expire_at=NOW - timedelta(hours=1))
    expiring = make_photo(rights_expire_at=NOW + timedelta(hours=1))
    without_picture = make_article(title="No picture", published_at=None)
    expired_lead = make_article(title="Rights ended", published_at=None, lead_photo=expired)
    expiring_lead = make_article(title="Rights end at 13", published_at=None, lead_photo=expiring)
    fine = make_article(title="Pictured", published_at=None, lead_photo=make_photo())

    published_now = act(client, "publish_now", [without_picture, expired_lead, fine])
    scheduled = act(client, "schedule", [expiring_lead], publish_at="2012-07-09T14:00")

    published = set(Article.objects.published().values_list("title", flat=True))
    assert published == {"Pictured"}
    assert not Article.objects.scheduled().exists()
    assert "Left alone (no lead image): No picture." in messages_of(published_now)
    reason = "Left alone (a picture's rights expire before it would go live)"
    assert f"{reason}: Rights ended." in messages_of(published_now)
    assert f"{reason}: Rights end at 13." in messages_of(scheduled)


def test_bulk_publishing_respects_embargo_and_unpublish_times(client, log_in_as):
    log_in_as("Editor")
    embargoed = make_article(
        title="Embargoed", published_at=utc(2012, 7, 10, 8), embargo_until=utc(2012, 7, 10, 8)
    )
    ending = make_article(title="Ending", published_at=None, expires_at=utc(2012, 7, 9, 13))

    published_now = act(client, "publish_now", [embargoed])
    scheduled = act(client, "schedule", [ending], publish_at="2012-07-09T14:00")

    assert "Left alone (under embargo until later): Embargoed." in messages_of(published_now)
    assert "Left alone (its unpublish time comes first): Ending." in messages_of(scheduled)
    assert Article.objects.get(pk=embargoed.pk).published_at == utc(2012, 7, 10, 8)
    assert Article.objects.get(pk=ending.pk).published_at is None
