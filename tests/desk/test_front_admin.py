import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
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


def preview(client, **params):
    return client.get(reverse("admin:articles_frontplacement_preview"), params)


def test_an_editor_previews_the_front_at_a_later_time_with_what_is_scheduled_by_then(
    client, log_in_as
):
    from articles.models import Article

    log_in_as("Editor")
    now = timezone.now()
    make_article(title="Ferry strike ends", published_at=now - timedelta(hours=2))
    later = make_article(title="Storm hits the coast", published_at=now - timedelta(hours=1))
    FrontPlacement.objects.create(article=later, slot=1, starts_at=now + timedelta(hours=3))
    scheduled = make_article(title="Budget day", published_at=now + timedelta(hours=2))
    BreakingNews.objects.create(
        text="Polls have closed",
        starts_at=now + timedelta(hours=3),
        expires_at=now + timedelta(hours=5),
    )
    at = timezone.localtime(now + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    response = preview(client, at=at)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview — the front as readers will see it" in html
    lead = html.split('<div class="front-lead">', 1)[1].split("</article>", 1)[0]
    assert "Storm hits the coast" in lead
    assert "Budget day" in html and "Polls have closed" in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    # Now, readers see neither the scheduled lead, the scheduled story nor the banner;
    # nothing was changed by previewing.
    now_html = preview(client).content.decode()
    assert "Budget day" not in now_html and "Polls have closed" not in now_html
    assert Article.objects.get(pk=scheduled.pk).title == "Budget day"
    reader = client.get("/", HTTP_COOKIE="sessionid=x").content.decode()
    assert "Preview" not in reader and "Budget day" not in reader


def test_a_preview_of_a_sections_front(client, log_in_as):
    from tests.factories import make_section

    log_in_as("Editor")
    city, sport = make_section("City"), make_section("Sport")
    make_article(title="Tram depot opens", section=city)
    make_article(title="Cup final tonight", section=sport)
    html = preview(client, section="city").content.decode()
    assert "Tram depot opens" in html and "Cup final tonight" not in html


def test_a_preview_at_a_made_up_time_is_a_form_error(client, log_in_as):
    log_in_as("Editor")
    response = preview(client, at="next tuesday")
    assert response.status_code == 400
    assert "Enter a valid date/time." in response.content.decode()


def test_a_writer_may_not_preview_the_front(client, log_in_as):
    log_in_as("Writer")
    assert preview(client).status_code == 403
    assert client.get(reverse("admin:articles_frontplacement_front_history")).status_code == 403


def test_the_fronts_history_lists_every_change_with_who_and_when(client, log_in_as):
    editor = log_in_as("Editor")
    article = make_article(title="Harbour reopens")
    post_placement(client, article, headline="The harbour is back")
    placement = FrontPlacement.objects.get()
    client.post(
        reverse("admin:articles_frontplacement_delete", args=[placement.pk]), {"post": "yes"}
    )
    client.post(
        reverse("admin:articles_breakingnews_add"),
        {
            "text": "Bridge closed",
            "link": "",
            "switched_on": "on",
            "starts_at_0": timezone.localtime().strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime().strftime("%H:%M:%S"),
            "expires_at_0": (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%d"),
            "expires_at_1": (timezone.localtime() + timedelta(hours=1)).strftime("%H:%M:%S"),
        },
    )
    html = client.get(reverse("admin:articles_frontplacement_front_history")).content.decode()
    rows = html.split('<table id="front-history">', 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 1 + 3  # the heading, then newest first
    banner_row, removed_row, added_row = rows.split("<tr>")[2:]
    assert "Added" in banner_row and "Bridge closed" in banner_row
    assert "Removed" in removed_row and "Harbour reopens" in removed_row
    assert "Added" in added_row and editor.username in added_row


def test_a_placement_takes_a_crop_of_its_own(client, log_in_as):
    log_in_as("Editor")
    post_placement(client, make_article(), crop="1:1")
    assert FrontPlacement.objects.get().crop == "1:1"
    response = post_placement(client, make_article(), crop="7:2", slot=2)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def move(client, placement, direction):
    return client.post(
        reverse("admin:articles_frontplacement_move", args=[placement.pk, direction])
    )


def test_an_editor_moves_a_story_down_and_the_neighbour_comes_up_recorded_from_now(
    client, log_in_as
):
    editor = log_in_as("Editor")
    earlier = timezone.now() - timedelta(hours=1)
    first, second = make_article(title="Ferry strike ends"), make_article(title="Storm")
    lead = FrontPlacement.objects.create(article=first, slot=1, starts_at=earlier, crop="1:1")
    FrontPlacement.objects.create(article=second, slot=2, starts_at=earlier)
    listing = client.get(reverse("admin:articles_frontplacement_changelist")).content.decode()
    assert 'aria-label="Move down: Ferry strike ends"' in listing
    assert 'aria-label="Move up: Ferry strike ends"' not in listing  # already the lead

    response = move(client, lead, "down")
    assert response.status_code == 302
    current = {p.slot: p for p in FrontPlacement.objects.current().on_front()}
    assert current[1].article == second and current[2].article == first
    assert current[2].crop == "1:1" and current[2].placed_by == editor
    assert FrontPlacement.objects.count() == 4  # what was there before is kept
    html = Client().get("/").content.decode()  # a reader
    assert html.index("Storm") < html.index("Ferry strike ends")
    history = client.get(reverse("admin:articles_frontplacement_front_history"))
    assert history.status_code == 200, history
    history = history.content
    assert b"Moved from slot 1 to 2." in history and b"Moved from slot 2 to 1." in history


def test_moving_out_of_the_front_or_by_get_is_refused(client, log_in_as):
    log_in_as("Editor")
    lead = FrontPlacement.objects.create(article=make_article(), slot=1)
    assert move(client, lead, "up").status_code == 400
    assert move(client, lead, "sideways").status_code == 400
    url = reverse("admin:articles_frontplacement_move", args=[lead.pk, "down"])
    assert client.get(url).status_code == 405
    assert FrontPlacement.objects.count() == 1


def test_a_writer_may_not_move_stories(client, log_in_as):
    lead = FrontPlacement.objects.create(article=make_article(), slot=1)
    log_in_as("Writer")
    assert move(client, lead, "down").status_code == 403


def test_moving_a_story_into_a_slot_the_latest_news_fills_swaps_it_with_that_story(
    client, log_in_as
):
    log_in_as("Editor")
    now = timezone.now()
    older = make_article(title="Ferry strike ends", published_at=now - timedelta(hours=3))
    make_article(title="Council sets the budget", published_at=now - timedelta(hours=1))
    lead = FrontPlacement.objects.create(article=older, slot=1, starts_at=now - timedelta(hours=1))
    assert move(client, lead, "down").status_code == 302
    html = Client().get("/").content.decode()
    front = html.split('<div class="front-lead">', 1)[1]
    assert front.index("Council sets the budget") < front.index("Ferry strike ends")


def language_select(html):
    import re

    return re.search(r'<select name="language".*?</select>', html, re.DOTALL).group(0)


def banner_post(language=None, text="Pont fermé après un accident"):
    now = timezone.localtime()
    until = now + timedelta(hours=1)
    data = {
        "text": text,
        "switched_on": "on",
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "expires_at_0": until.strftime("%Y-%m-%d"),
        "expires_at_1": until.strftime("%H:%M:%S"),
    }
    if language is not None:
        data["language"] = language
    return data


def test_the_desk_chooses_a_banners_language_the_default_one_first(client, log_in_as):
    log_in_as("Editor")
    add = reverse("admin:articles_breakingnews_add")
    select = language_select(client.get(add).content.decode())
    assert '<option value="en" selected>' in select and '<option value="fr">' in select
    assert client.post(add, banner_post("fr")).status_code == 302
    assert BreakingNews.objects.get().language == "fr"
    assert "Pont fermé après un accident" in Client().get("/fr/").content.decode()
    assert "Pont fermé" not in Client().get("/").content.decode()


def test_a_banner_posted_without_a_language_is_the_default_languages(client, log_in_as):
    log_in_as("Editor")
    response = client.post(reverse("admin:articles_breakingnews_add"), banner_post())
    assert response.status_code == 302
    assert BreakingNews.objects.get().language == "en"


def test_an_editor_limited_to_french_makes_french_banners_only(client, log_in_as):
    from django.contrib.auth.models import Permission

    editor = log_in_as("Editor")
    editor.user_permissions.add(Permission.objects.get(codename="work_in_fr"))
    add = reverse("admin:articles_breakingnews_add")
    select = language_select(client.get(add).content.decode())
    assert '<option value="en"' not in select and '<option value="fr" selected>' in select
    refused = client.post(add, banner_post("en", text="Bridge closed"))
    assert refused.status_code == 200 and not BreakingNews.objects.exists()
    english = BreakingNews.objects.create(
        text="Bridge closed", expires_at=timezone.now() + timedelta(hours=1)
    )
    change = reverse("admin:articles_breakingnews_change", args=[english.pk])
    response = client.post(change, banner_post("fr", text="Bridge closed"))
    assert response.status_code == 200
    assert "You may not work in English" in response.content.decode()
    assert BreakingNews.objects.get(pk=english.pk).language == "en"


def test_the_banner_list_switches_only_banners_in_the_editors_languages(client, log_in_as):
    from django.contrib.auth.models import Permission

    editor = log_in_as("Editor")
    editor.user_permissions.add(Permission.objects.get(codename="work_in_fr"))
    until = timezone.now() + timedelta(hours=1)
    english = BreakingNews.objects.create(text="Bridge closed", expires_at=until)
    french = BreakingNews.objects.create(text="Pont fermé", language="fr", expires_at=until)
    listing = reverse("admin:articles_breakingnews_changelist")
    rows = {banner.pk: index for index, banner in enumerate(BreakingNews.objects.order_by("-pk"))}
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for banner in (english, french):
        data[f"form-{rows[banner.pk]}-id"] = str(banner.pk)  # both posted as switched off

    response = client.post(listing, data)

    assert response.status_code == 302
    assert BreakingNews.objects.get(pk=french.pk).switched_on is False
    # The English banner stays on: this editor works in French only.
    assert BreakingNews.objects.get(pk=english.pk).switched_on is True
    assert "Bridge closed" in Client().get("/").content.decode()
    # ... and its checkbox says so.
    page = client.get(listing).content.decode()
    english_box = re.search(rf'<input[^>]*name="form-{rows[english.pk]}-switched_on"[^>]*>', page)
    french_box = re.search(rf'<input[^>]*name="form-{rows[french.pk]}-switched_on"[^>]*>', page)
    assert "disabled" in english_box.group() and "disabled" not in french_box.group()
