"""The desk at 1280 px and on a phone: every column of the article list readable."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINES = (
    "Council approves the harbour redevelopment plan after a nine-hour session on Monday",
    "Night ferry returns to the island timetable from Friday, with two extra sailings",
    "Storm closes the coastal road between the two villages for the second time this week",
)


@pytest.fixture
def articles():
    for number, headline in enumerate(HEADLINES, start=1):
        make_article(title=headline, published_at=utc(2012, 7, number, 8))
    make_article(title="Budget draft", published_at=None)
    make_article(title="Morning briefing", published_at=utc(2999, 1, 1, 6))


def clipped_columns(page):
    """Header cells that stick out of the table's box or the screen, by their text."""
    return page.evaluate(
        """() => {
        const table = document.querySelector('#result_list');
        const box = table.closest('.results') || table.parentElement;
        const limit = Math.min(box.getBoundingClientRect().right, window.innerWidth) + 1;
        return [...table.querySelectorAll('thead th')]
            .filter((th) => th.getBoundingClientRect().right > limit)
            .map((th) => th.textContent.trim());
    }"""
    )


def headline_lines(page):
    return page.evaluate(
        """() => {
        const links = [...document.querySelectorAll('#result_list tbody th a')];
        return Math.max(...links.map((link) => {
            const lineHeight = parseFloat(getComputedStyle(link).lineHeight) || 18;
            return Math.round(link.getBoundingClientRect().height / lineHeight);
        }));
    }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_article_list_shows_every_column(
    browser, live_server, staff_login, articles, screenshot_dir, width, page
):
    staff_login()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/admin/articles/article/")
    expect(page.locator("#result_list")).to_contain_text("Council approves")
    page.screenshot(path=screenshot_dir / f"article-list-{width}.png", full_page=True)

    assert clipped_columns(page) == []
    # An 85-character headline on at most three lines (it took seven at 1280 px).
    assert headline_lines(page) <= 3
    # Nothing wider than the screen but the table's own scroll box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_form_gives_the_headline_room_and_the_preview_a_place_beside_the_editor(
    page, staff_login, screenshot_dir
):
    staff_login()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/admin/articles/article/add/")
    headline = page.get_by_label("Headline")
    headline.fill("Council approves the harbour plan")
    page.get_by_label("Standfirst").fill("After a nine-hour session.")
    body = page.locator("#id_body")
    body.fill("The council met on **Monday**. " * 120)

    expect(page.locator(".markdownx-preview strong").first).to_have_text("Monday")
    expect(page.locator(".word-count")).to_have_text("600 words · 3 min read")
    editor_box, preview_box = body.bounding_box(), page.locator(".markdownx-preview").bounding_box()
    assert preview_box["x"] >= editor_box["x"] + editor_box["width"]  # beside, not below
    assert abs(preview_box["y"] - editor_box["y"]) < 5
    assert headline.bounding_box()["width"] >= 600

    # The search result and the share card follow what is typed.
    previews = page.locator("#link-previews")
    expect(previews.locator(".search-result-title")).to_have_text(
        "Council approves the harbour plan — Newsroom"
    )
    page.get_by_label("Search title").fill("Harbour plan approved")
    page.get_by_label("Share title").fill("The harbour will change: here is how")
    page.get_by_label("Share description").fill("Nine hours, one vote.")
    expect(previews.locator(".search-result-title")).to_have_text(
        "Harbour plan approved — Newsroom"
    )
    expect(previews.locator(".search-result-description")).to_have_text(
        "After a nine-hour session."
    )
    expect(previews.locator(".search-result-address")).to_contain_text(
        "/articles/council-approves-the-harbour-plan/"
    )
    expect(previews.locator(".share-card-title")).to_have_text(
        "The harbour will change: here is how"
    )
    expect(previews.locator(".share-card-description")).to_have_text("Nine hours, one vote.")
    page.screenshot(path=screenshot_dir / "article-form-1280.png", full_page=True)
    previews.screenshot(path=screenshot_dir / "link-previews.png")
    # The desk's scripts and styles are files: nothing for the content policy to block.
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    assert blocked == []


@pytest.mark.parametrize("width", [1280, 1024, 390])
def test_the_forms_buttons_never_cover_a_long_headline(page, staff_login, screenshot_dir, width):
    article = make_article(
        title="Council approves the harbour redevelopment plan after a nine-hour session"
    )
    staff_login()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.screenshot(path=screenshot_dir / f"change-form-{width}.png")

    title = page.locator("#content > h2").first.bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"]  # below the headline, not over it
    assert tools["x"] + tools["width"] <= width
