import re

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_write_preview_publish_and_read_an_article(page, staff_login, screenshot_dir):
    staff_login()

    page.get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Headline").press_sequentially("Ferries run again after the storm")
    expect(page.get_by_label("Slug")).to_have_value("ferries-run-again-after-the-storm")
    page.get_by_label("Standfirst").fill("All routes are back on the timetable.")
    page.locator("#id_body").fill(
        "## What changes\n\n- Morning ferry at 07:10\n- Evening ferry at 19:40\n"
    )
    # django-markdownx posts the text to our preview endpoint and shows the result.
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("h2")).to_have_text("What changes")
    expect(preview.locator("li")).to_have_text(["Morning ferry at 07:10", "Evening ferry at 19:40"])

    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:52:00")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="ferries-run-again-after-the-storm")

    page.get_by_role("link", name="View on site").click()
    reader = page

    expect(reader).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(reader.locator("h1")).to_have_text("Ferries run again after the storm")
    expect(reader.locator(".dateline .published")).to_have_text("09 Jul. 2012")
    # Written today for a 2012 dateline, so "Last updated" is the moment of the save.
    saved_at = dateformat.format(timezone.localtime(article.last_updated), "d M. Y H:i")
    expect(reader.locator(".dateline .updated")).to_have_text(f"Last updated: {saved_at}")
    expect(reader.locator(".dateline .published time")).to_have_attribute(
        "datetime", "2012-07-09T08:52:00+00:00"
    )
    expect(reader.locator(".article-body li")).to_have_text(
        ["Morning ferry at 07:10", "Evening ferry at 19:40"]
    )
    expect(reader.locator(".preview-banner")).to_have_count(0)
    reader.screenshot(path=screenshot_dir / "article.png", full_page=True)


def test_reader_browses_from_home_to_an_article_on_a_phone(browser, live_server, screenshot_dir):

    make_article(
        title="Night buses return",
        slug="night-buses-return",
        summary="Two routes from Friday.",
        body="Routes **N1** and **N2**.",
        published_at=utc(2012, 7, 9, 8, 0),
        updated_at=utc(2012, 7, 9, 8, 52),
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Latest news")
    page.get_by_role("link", name="Night buses return").click()
    expect(page.locator("h1")).to_have_text("Night buses return")
    expect(page.locator(".dateline .updated")).to_have_text("Last updated: 09 Jul. 2012 08:52")
    expect(page.locator(".article-body strong")).to_have_text(["N1", "N2"])
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "article-phone.png", full_page=True)
    context.close()
