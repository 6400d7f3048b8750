from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import BreakingNews, FrontPlacement
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def post_placement(client, article, **overrides):
    now = timezone.localtime()
    data = {
        "slot": 1,
        "article": article.pk,
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "headline": "",
        "standfirst": "",
        **overrides,
    }
    return client.post(reverse("admin:articles_frontplacement_add"), data)


def test_an_editor_places_a_story_and_the_change_is_recorded_with_who_and_when(client, log_in_as):
    editor = log_in_as("Editor")
    article = make_article(title="Harbour reopens")
    response = post_placement(client, article, headline="The harbour is back")
    assert response.status_code == 302
    placement = FrontPlacement.objects.get()
    assert placement.placed_by == editor and placement.headline == "The harbour is back"
    entry = LogEntry.objects.get(object_id=str(placement.pk))
    assert entry.user == editor and entry.action_time is not None
    listing = client.get(reverse("admin:articles_frontplacement_changelist")).content.decode()
    assert "On the front" in listing


def test_a_draft_or_withdrawn_story_cannot_go_on_the_front(client, log_in_as):
    log_in_as("Editor")
    draft = make_article(published_at=None)
    response = post_placement(client, draft)
    assert response.status_code == 200
    assert "Only a published or scheduled story" in response.content.decode()
    assert not FrontPlacement.objects.exists()


def test_a_scheduled_placement_is_listed_as_scheduled(client, log_in_as):
    log_in_as("Editor")
    later = timezone.localtime() + timedelta(hours=3)
    post_placement(
        client,
        make_article(),
        starts_at_0=later.strftime("%Y-%m-%d"),
        starts_at_1=later.strftime("%H:%M:%S"),
    )
    listing = client.get(reverse("admin:articles_frontplacement_changelist")).content.decode()
    assert "Scheduled" in listing


def test_two_placements_in_one_slot_at_the_same_moment_are_a_form_error(client, log_in_as):
    log_in_as("Editor")
    moment = timezone.localtime().replace(microsecond=0)
    fields = {
        "starts_at_0": moment.strftime("%Y-%m-%d"),
        "starts_at_1": moment.strftime("%H:%M:%S"),
    }
    assert post_placement(client, make_article(), **fields).status_code == 302
    response = post_placement(client, make_article(), **fields)
    assert response.status_code == 200 and FrontPlacement.objects.count() == 1


def test_an_editor_switches_on_a_breaking_banner_with_an_expiry(client, log_in_as):
    editor = log_in_as("Editor")
    add = reverse("admin:articles_breakingnews_add")
    form = client.get(add)
    assert form.status_code == 200
    now = timezone.localtime()
    until = now + timedelta(hours=1)
    response = client.post(
        add,
        {
            "text": "Polls have closed",
            "link": "https://news.example.org/live",
            "switched_on": "on",
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
            "expires_at_0": until.strftime("%Y-%m-%d"),
            "expires_at_1": until.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    banner = BreakingNews.objects.get()
    assert banner.changed_by == editor
    assert BreakingNews.objects.on().get() == banner


def test_a_writer_may_not_change_the_front(client, log_in_as):
    log_in_as("Writer")
    assert client.get(reverse("admin:articles_frontplacement_add")).status_code == 403


def test_a_story_goes_only_on_its_own_sections_front(client, log_in_as):
    from tests.factories import make_section

    log_in_as("Editor")
    city, sport = make_section("City"), make_section("Sport")
    response = post_placement(client, make_article(section=sport), section=city.pk)
    assert response.status_code == 200
    assert "This story is not filed in City." in response.content.decode()
    assert post_placement(client, make_article(section=city), section=city.pk).status_code == 302
