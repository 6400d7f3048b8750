from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, make_section, utc

pytestmark = pytest.mark.django_db(transaction=True)

START = utc(2026, 3, 29, 5, 0, 30)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pick_article(page, headline):
    page.locator(".field-article .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(headline.split()[0])
    page.locator(".select2-results__option", has_text=headline).click()


def place_lead(page, headline, *, day=None, time=None, front_headline=""):
    page.goto("/admin/articles/frontplacement/add/")
    pick_article(page, headline)
    if front_headline:
        page.get_by_label("Headline").fill(front_headline)
    if day:
        page.locator("#id_starts_at_0").fill(day)
        page.locator("#id_starts_at_1").fill(time)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def readers(browser, live_server):
    """A phone and a desktop reader, in light and in dark mode."""
    return {
        f"{name}-{scheme}": browser.new_context(
            base_url=live_server.url, viewport=size, color_scheme=scheme
        ).new_page()
        for name, size in (("phone", PHONE), ("desktop", DESKTOP))
        for scheme in ("light", "dark")
    }


def look(pages, screenshot_dir, moment):
    for name, reader in pages.items():
        reader.goto("/")
        reader.screenshot(path=screenshot_dir / f"{moment}-{name}.png", full_page=True)
    return pages["desktop-light"]


def lead(reader):
    return reader.locator(".front-lead .summary-headline")


def test_an_editor_runs_the_front_and_readers_see_each_change_at_its_time(
    browser, page, live_server, staff_login, screenshot_dir
):
    city = make_section("City")
    with time_machine.travel(START - timedelta(hours=3), tick=False):
        make_article(title="Ferry strike ends", section=city)
    with time_machine.travel(START - timedelta(hours=2), tick=False):
        storm = make_article(title="Storm hits the coast", section=city)
    with time_machine.travel(START - timedelta(hours=1), tick=False):
        make_article(title="Council sets the budget", section=city)
    pages = readers(browser, live_server)

    with time_machine.travel(START, tick=True) as clock:
        staff_login()
        reader = look(pages, screenshot_dir, "0-latest-news")
        expect(lead(reader)).to_have_text("Council sets the budget")

        # The desk puts an older story in the lead, with the front's own headline.
        place_lead(page, "Ferry strike ends", front_headline="Ferries sail again")
        reader = look(pages, screenshot_dir, "1-desk-lead")
        expect(lead(reader)).to_have_text("Ferries sail again")
        expect(reader.locator(".front-lead .kicker")).to_have_text("City")

        # And schedules the next lead for 06:00.
        place_lead(page, "Storm hits the coast", day="2026-03-29", time="06:00:00")
        page.goto("/admin/articles/frontplacement/")
        expect(page.locator("#result_list")).to_contain_text("Scheduled")
        page.screenshot(path=screenshot_dir / "2-admin-placements.png", full_page=True)
        reader.reload()
        expect(lead(reader)).to_have_text("Ferries sail again")

        # Before it goes live, the desk previews the front at 06:00; readers still see
        # the front of now.
        page.get_by_role("link", name="Preview the front").click()
        page.get_by_label("Readers will see it at").fill("2026-03-29T06:00")
        page.get_by_role("button", name="Show").click()
        expect(page.locator(".preview-banner")).to_contain_text("as readers will see it")
        expect(lead(page)).to_have_text("Storm hits the coast")
        page.screenshot(path=screenshot_dir / "2-preview-at-0600.png", full_page=True)
        reader.reload()
        expect(lead(reader)).to_have_text("Ferries sail again")

        clock.shift(timedelta(hours=1))  # 06:00:30
        reader = look(pages, screenshot_dir, "3-scheduled-lead-at-0600")
        expect(lead(reader)).to_have_text("Storm hits the coast")

        # Breaking news: on until it expires.
        page.goto("/admin/articles/breakingnews/add/")
        page.get_by_label("Text").fill("Bridge closed after a crash")
        page.get_by_label("Link").fill("https://news.example.org/live")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        reader = look(pages, screenshot_dir, "4-breaking-banner")
        expect(reader.locator(".breaking")).to_contain_text("Bridge closed after a crash")
        next_in_line = reader.locator(".front-top .summary-headline").first.text_content()
        # On every reader page, not only home.
        reader.goto(storm.get_absolute_url())
        expect(reader.locator(".breaking")).to_contain_text("Bridge closed after a crash")
        reader.screenshot(path=screenshot_dir / "4-breaking-banner-on-an-article.png")

        # Withdrawing the lead story promotes the next; no hole.
        page.goto(f"/admin/articles/article/{storm.pk}/change/")
        page.get_by_role("heading", name="Withdrawal").click()
        page.get_by_label("Withdrawn").check()
        page.get_by_label("Withdrawal reason").fill("The photo was not of this storm.")
        page.get_by_role("button", name="Publish changes").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        assert Article.objects.get(pk=storm.pk).withdrawn_at is not None
        reader = look(pages, screenshot_dir, "5-lead-withdrawn")
        expect(lead(reader)).to_have_text(next_in_line)
        expect(reader.get_by_text("Storm hits the coast")).to_have_count(0)

        clock.shift(timedelta(hours=2))  # the banner's two hours are over
        reader.reload()
        expect(reader.locator(".breaking")).to_have_count(0)

        # The desk reorders the top stories with the list's buttons, and reads the
        # front's history: who changed what, when.
        place_lead(page, "Council sets the budget")
        page.goto("/admin/articles/frontplacement/")
        reader.reload()
        expect(lead(reader)).to_have_text("Council sets the budget")
        second = reader.locator(".front-top .summary-headline").nth(0).text_content()
        page.get_by_role("button", name="Move down: Council sets the budget").click()
        expect(page.locator(".messagelist")).to_contain_text("is now in slot 2")
        reader.reload()
        expect(lead(reader)).to_have_text(second)
        expect(reader.locator(".front-top .summary-headline").nth(0)).to_have_text(
            "Council sets the budget"
        )
        reader.screenshot(path=screenshot_dir / "6-moved-down.png", full_page=True)
        page.get_by_role("link", name="History of the front").click()
        expect(page.locator("#front-history")).to_contain_text("Moved from slot 1 to 2.")
        expect(page.locator("#front-history")).to_contain_text("desk")
        page.screenshot(path=screenshot_dir / "7-front-history.png", full_page=True)
    for reader in pages.values():
        reader.context.close()


def test_an_editor_curates_a_section_front(browser, page, live_server, staff_login, screenshot_dir):
    city = make_section("City")
    make_article(title="Tram depot opens", section=city, published_at=utc(2026, 3, 1, 8))
    make_article(title="Bakery wins prize", section=city)
    staff_login()
    page.goto("/admin/articles/frontplacement/add/")
    page.get_by_label("Section").select_option(label="City")
    pick_article(page, "Tram depot opens")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("City")

    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        reader = browser.new_context(base_url=live_server.url, viewport=size).new_page()
        reader.goto(city.get_absolute_url())
        expect(lead(reader)).to_have_text("Tram depot opens")
        expect(reader.locator(".front-top .summary-headline")).to_have_text(["Bakery wins prize"])
        reader.screenshot(path=screenshot_dir / f"section-front-{name}.png", full_page=True)
        reader.context.close()


def test_the_desk_puts_up_a_french_banner_that_only_french_readers_see(
    browser, page, live_server, staff_login, screenshot_dir
):
    make_article(title="Bridge closed")
    staff_login()
    page.goto("/admin/articles/breakingnews/add/")
    expect(page.locator("#id_language")).to_have_value("en")  # the default language first
    page.get_by_label("Text").fill("Pont fermé après un accident")
    page.locator("#id_language").select_option("fr")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("French")

    reader = browser.new_context(base_url=live_server.url, viewport=PHONE).new_page()
    reader.goto("/fr/")
    expect(reader.locator(".breaking")).to_contain_text("Pont fermé après un accident")
    reader.screenshot(path=screenshot_dir / "french-banner-on-fr.png", full_page=True)
    reader.goto("/")
    expect(reader.locator(".breaking")).to_have_count(0)
    reader.context.close()
