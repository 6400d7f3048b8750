import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.front import build_front
from articles.models import FrontSection
from tests.factories import (
    make_article,
    make_author,
    make_banner,
    make_filed_article,
    make_photo,
    make_section,
    place_on_front,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2030, 5, 4, 5, 30)
# Tests that read a page, write, and read it again need the writes committed: the page
# cache moves at commit.
committed = pytest.mark.django_db(transaction=True)


def front_html(client):
    html = client.get(reverse("articles:home")).content.decode()
    return html


def lead_headline(html):
    lead = re.search(r'<div class="front-lead">.*?</article>', html, re.S).group(0)
    return re.search(r'class="summary-headline"><a [^>]+>([^<]+)</a>', lead).group(1)


def top_headlines(html):
    top = re.search(r'<div class="front-top">(.*?)</div>\s*</div>', html, re.S).group(1)
    return re.findall(r'class="summary-headline"><a [^>]+>([^<]+)</a>', top)


def test_without_placements_the_latest_news_fills_the_front(client):
    for hours in range(3, 0, -1):
        make_article(title=f"Story {hours}h ago", published_at=NOW - timedelta(hours=hours))
    with time_machine.travel(NOW, tick=False):
        html = front_html(client)
    assert lead_headline(html) == "Story 1h ago"
    assert top_headlines(html) == ["Story 2h ago", "Story 3h ago"]


def test_the_desk_picks_the_lead_with_its_own_headline_and_the_article_stays_as_it_is(client):
    chosen = make_article(title="Council votes on the budget", published_at=NOW - timedelta(days=1))
    make_article(title="Newer but smaller", published_at=NOW - timedelta(minutes=5))
    place_on_front(chosen, headline="Budget passes by one vote", standfirst="A late night.")
    with time_machine.travel(NOW, tick=False):
        html = front_html(client)
        page = client.get(chosen.get_absolute_url()).content.decode()
    assert lead_headline(html) == "Budget passes by one vote"
    assert "A late night." in html
    assert top_headlines(html) == ["Newer but smaller"]
    chosen.refresh_from_db()
    assert chosen.title == "Council votes on the budget"
    assert "Council votes on the budget" in page and "Budget passes by one vote" not in page


def test_a_scheduled_lead_takes_over_at_its_time_without_a_write(client):
    night = make_article(title="Night lead", published_at=NOW - timedelta(hours=5))
    morning = make_article(title="Morning lead", published_at=NOW - timedelta(hours=4))
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        place_on_front(night)
        place_on_front(morning, starts_at=utc(2030, 5, 4, 6))
    with time_machine.travel(utc(2030, 5, 4, 5, 59, 59), tick=False):
        first = client.get("/")
        assert lead_headline(first.content.decode()) == "Night lead"
    with time_machine.travel(utc(2030, 5, 4, 6), tick=False):
        # A cached page or a browser's copy is not reused: its ETag changed.
        second = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert second.status_code == 200
        assert lead_headline(second.content.decode()) == "Morning lead"
        assert top_headlines(second.content.decode())[0] == "Night lead"


@committed
@pytest.mark.parametrize("how", ["withdrawn", "expired", "trashed", "unpublished"])
def test_a_lead_readers_may_no_longer_see_leaves_and_the_next_story_moves_up(client, how):
    lead = make_article(title="Lead story", published_at=NOW - timedelta(hours=3))
    second = make_article(title="Second story", published_at=NOW - timedelta(hours=2))
    make_article(title="Latest story", published_at=NOW - timedelta(hours=1))
    place_on_front(lead, slot=1, starts_at=NOW - timedelta(hours=1))
    place_on_front(second, slot=2, starts_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        assert lead_headline(front_html(client)) == "Lead story"
    with time_machine.travel(NOW + timedelta(milliseconds=500), tick=False):
        if how == "withdrawn":
            lead.withdrawn_at, lead.withdrawal_reason = NOW, "Legal"
        elif how == "expired":
            lead.expires_at = NOW + timedelta(seconds=1)
        elif how == "trashed":
            lead.trashed_at = NOW
        else:
            lead.published_at = None
        lead.save()
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        html = front_html(client)
    assert "Lead story" not in html
    assert lead_headline(html) == "Second story"
    assert top_headlines(html) == ["Latest story"]


def test_top_story_slots_keep_their_order_and_the_latest_news_fills_the_gaps(client, settings):
    settings.NEWSROOM_FRONT_TOP_STORIES = 3
    a, b = make_article(title="Placed third"), make_article(title="Placed second")
    make_article(title="Not placed")
    place_on_front(a, slot=4)
    place_on_front(b, slot=2)
    html = front_html(client)
    assert top_headlines(html)[:2] == ["Placed second", "Placed third"]
    assert "Not placed" in lead_headline(html) + "".join(top_headlines(html))


def test_a_breaking_banner_shows_from_its_start_until_its_expiry(client):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        make_article(title="Anything")
        make_banner(
            "Bridge closed after crash",
            link="https://news.example.org/live",
            starts_at=NOW,
            expires_at=NOW + timedelta(hours=1),
        )
    with time_machine.travel(NOW - timedelta(seconds=1), tick=False):
        assert "Bridge closed after crash" not in front_html(client)
    with time_machine.travel(NOW, tick=False):
        html = front_html(client)
        assert '<a href="https://news.example.org/live">Bridge closed after crash</a>' in html
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert "Bridge closed after crash" not in front_html(client)


@committed
def test_a_banner_switched_off_comes_down_at_once(client):
    make_article()
    banner = make_banner("Polls have closed")
    assert "Polls have closed" in front_html(client)
    banner.switched_on = False
    banner.save()
    assert "Polls have closed" not in front_html(client)


def test_section_blocks_show_that_sections_latest_not_already_on_the_front(client, settings):
    settings.NEWSROOM_FRONT_TOP_STORIES = 1
    city, sport = make_section("City"), make_section("Sport")
    for n in range(4):
        make_article(title=f"City {n}", section=city, published_at=NOW - timedelta(hours=n + 1))
    make_article(title="Sport 0", section=sport, published_at=NOW - timedelta(hours=10))
    FrontSection.objects.create(section=sport, position=1, stories=2)
    FrontSection.objects.create(section=city, position=2, stories=2)
    place_on_front(make_article(title="Lead", published_at=NOW - timedelta(days=1)))
    with time_machine.travel(NOW, tick=False):
        front = build_front()
    assert [block.section.name for block in front.sections] == ["Sport", "City"]
    shown_on_top = {story.headline for story in front.top}
    city_block = [story.headline for story in front.sections[1].stories]
    assert shown_on_top == {"City 0"}
    assert city_block == ["City 1", "City 2"]


def test_the_remembered_front_holds_plain_values_not_model_instances():
    import pickle

    city = make_section("City")
    writer = make_author("Amira Haddad")
    lead = make_filed_article(title="Lead", section=city, authors=[writer])
    lead.lead_photo = make_photo()
    lead.save()
    place_on_front(lead, headline="The desk's lead")
    make_article(title="Second", section=city)
    FrontSection.objects.create(section=city, position=1, stories=2)

    front = build_front()
    stored = pickle.dumps(front)

    # Unpickling a model instance (model_unpickle) was most of a cold home page's time.
    assert b"model_unpickle" not in stored and b"articles.models" not in stored
    assert front.lead.headline == "The desk's lead" and front.lead.kicker == "City"
    assert 'rel="author">Amira Haddad</a>' in front.lead.byline
    assert front.lead.lead_image.startswith('<figure class="lead-image">')


@committed
def test_changing_the_front_makes_the_cached_home_page_stale(client):
    make_article(title="First")
    other = make_article(title="Second")
    assert lead_headline(front_html(client)) == "Second"  # now cached
    place_on_front(make_article(title="Third", published_at=other.published_at))
    assert lead_headline(front_html(client)) == "Third"


def test_front_cards_show_kicker_byline_dateline_and_thumbnail(client):
    city = make_section("City")
    photo = make_photo()
    amira = make_author("Amira Haddad")
    make_filed_article(title="Older", section=city, authors=[amira], lead_photo=photo)
    make_filed_article(title="Newest", section=city, authors=[amira], lead_photo=photo)
    html = front_html(client)
    card = re.search(r'<div class="front-top">.*?</article>', html, re.S).group(0)
    assert '<p class="kicker"><a href="/sections/city/">City</a></p>' in card
    assert 'By <a href="/authors/amira-haddad/" rel="author">Amira Haddad</a>' in card
    assert "<time datetime=" in card and "<picture" in card


def test_front_page_costs_the_same_queries_with_every_slot_filled(
    client, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_FRONT_TOP_STORIES = 6
    amira = make_author("Amira Haddad")
    photo = make_photo()
    sections = [make_section(name) for name in ("City", "Sport", "Culture")]
    for position, section in enumerate(sections):
        FrontSection.objects.create(section=section, position=position, stories=4)
        for _ in range(6):
            make_filed_article(section=section, authors=[amira], lead_photo=photo)
    for slot in range(1, 8):
        place_on_front(make_filed_article(section=sections[0], authors=[amira]), slot=slot)
    make_banner()
    # Validators (latest publication, which every page shares, and the front's latest
    # change), next change, the banner (every page's), count, page, navigation (sections
    # and the footer's site pages); the front: placements, latest fill, the blocks with
    # their stories (one query), bylines. Nothing per slot or per block.
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    assert html.count('class="summary lead-story"') == 1
    assert len(top_headlines(html)) == 6
    assert html.count('class="front-section"') == 3
    # Warm: the front is remembered until it or an article changes.
    with django_assert_max_num_queries(2):
        client.get("/", HTTP_COOKIE="sessionid=x")


def test_a_section_front_puts_the_desks_story_on_top_of_the_sections_latest(client):
    city, sport = make_section("City"), make_section("Sport")
    chosen = make_article(
        title="Old city story", section=city, published_at=NOW - timedelta(days=2)
    )
    make_article(title="New city story", section=city, published_at=NOW - timedelta(hours=1))
    make_article(title="Sport story", section=sport, published_at=NOW - timedelta(minutes=1))
    place_on_front(chosen, section=city, headline="The big city story", starts_at=NOW)
    with time_machine.travel(NOW - timedelta(seconds=1), tick=False):
        before = client.get(city.get_absolute_url()).content.decode()
        # The home page's front is not the section's.
        assert lead_headline(front_html(client)) == "Sport story"
    assert 'class="front-lead"' not in before
    with time_machine.travel(NOW, tick=False):
        html = client.get(city.get_absolute_url()).content.decode()
        home = front_html(client)
    assert lead_headline(html) == "The big city story"
    assert top_headlines(html) == ["New city story"]
    assert "Sport story" not in html
    assert lead_headline(home) == "Sport story"


def test_a_section_page_without_placements_is_its_plain_list(client):
    city = make_section("City")
    make_article(title="City story", section=city)
    html = client.get(city.get_absolute_url()).content.decode()
    assert "City story" in html and 'class="front-lead"' not in html


@committed
def test_the_breaking_banner_is_on_every_reader_page_until_it_comes_down(client):
    city = make_section("City")
    article = make_article(title="Tram depot opens", section=city)
    pages = ["/", article.get_absolute_url(), city.get_absolute_url(), "/search/?q=tram"]
    for url in pages:  # cached without a banner first
        assert "Bridge closed" not in client.get(url).content.decode()
    banner = make_banner("Bridge closed after a crash", link="https://news.example.org/live")
    for url in pages:
        html = client.get(url).content.decode()
        assert '<aside class="breaking" aria-label="Breaking news">' in html, url
        assert '<a href="https://news.example.org/live">Bridge closed after a crash</a>' in html
    banner.switched_on = False
    banner.save()
    for url in pages:
        assert "Bridge closed" not in client.get(url).content.decode(), url


@committed
def test_a_banner_changes_an_article_pages_etag_and_a_placement_does_not(client):
    article = make_article(title="Tram depot opens")
    first = client.get(article.get_absolute_url())
    etag = first["ETag"]
    place_on_front(make_article(title="Another story"))
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_banner("Bridge closed after a crash")
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "Bridge closed after a crash" in again.content.decode()


def test_a_banner_due_later_reaches_article_pages_at_its_time_without_a_write(client):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        article = make_article(title="Anything")
        make_banner("Polls have closed", starts_at=NOW, expires_at=NOW + timedelta(hours=1))
        before = client.get(article.get_absolute_url())
        assert "Polls have closed" not in before.content.decode()
    with time_machine.travel(NOW, tick=False):
        response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
        assert response.status_code == 200
        assert "Polls have closed" in response.content.decode()
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert "Polls have closed" not in client.get(article.get_absolute_url()).content.decode()


def test_a_placement_shows_its_own_crop_of_the_picture_and_the_article_keeps_its_own(client):
    from articles.photos.renditions import make_renditions

    photo = make_photo(size=(1600, 1200))
    make_renditions.call(photo.pk)
    article = make_article(title="Ferries sail again", lead_photo=photo)
    place_on_front(article, crop="1:1")
    html = front_html(client)
    lead = re.search(r'<div class="front-lead">.*?</article>', html, re.S).group(0)
    assert re.search(r'<img [^>]*width="(\d+)" height="\1"', lead), "a square picture"
    page = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="lead-image">.*?</figure>', page, re.S).group(0)
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', figure).groups())
    assert round(width / height, 2) == round(16 / 9, 2)


def test_each_languages_pages_show_only_that_languages_banner(client):
    from tests.articles.versions import make_version

    english = make_article(title="Bridge closed", slug="bridge-closed")
    french = make_version(english, "fr", slug="pont-ferme")
    make_banner("Bridge closed after a crash")
    make_banner("Pont fermé après un accident", language="fr")
    english_pages = ["/", english.get_absolute_url(), "/search/?q=bridge"]
    french_pages = ["/fr/", french.get_absolute_url(), "/fr/search/?q=pont"]
    for url in english_pages:
        html = client.get(url).content.decode()
        assert "Bridge closed after a crash" in html, url
        assert "Pont fermé" not in html, url
    for url in french_pages:
        html = client.get(url).content.decode()
        assert "Pont fermé après un accident" in html, url
        assert "Bridge closed after a crash" not in html, url
    # A language without a banner of its own shows none, not another language's.
    assert '<aside class="breaking"' not in client.get("/ru/").content.decode()


def test_a_banner_without_a_language_is_the_default_languages(client):
    banner = make_banner("Storm warning")
    assert banner.language == "en"
    assert "Storm warning" in client.get("/").content.decode()
    assert "Storm warning" not in client.get("/fr/").content.decode()


@committed
def test_a_french_banner_changes_the_french_pages_validators(client):
    english = make_article(title="Anything")
    pages = ["/fr/", "/"]
    etags = {url: client.get(url)["ETag"] for url in pages}
    make_banner("Pont fermé", language="fr")
    french = client.get("/fr/", HTTP_IF_NONE_MATCH=etags["/fr/"])
    assert french.status_code == 200
    assert "Pont fermé" in french.content.decode()
    assert "Pont fermé" not in client.get(english.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_banners_from_before_languages_become_the_default_languages():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before = [("articles", "0025_merge_language_indexes_permissions_names")]
    after = [("articles", "0026_breaking_news_language")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_banner = executor.loader.project_state(before).apps.get_model("articles", "BreakingNews")
    pk = old_banner.objects.create(
        text="Storm warning", expires_at=timezone.now() + timedelta(hours=1)
    ).pk
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    from articles.models import BreakingNews

    language = BreakingNews.objects.get(pk=pk).language
    # Back to the latest schema: later migrations (from other branches) stay applied for
    # the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert language == "en"
