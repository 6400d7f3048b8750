import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.factories import make_author, make_filed_article, make_section, make_translation, utc

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_follows_section_author_and_tag_links_and_searches(page, screenshot_dir):
    transport, city = make_section("Transport"), make_section("City")
    tom = make_author("Tom Becker", bio="Transport correspondent.")
    amira = make_author("Amira Haddad")
    make_filed_article(
        title="Harbour reopens after the storm",
        summary="Ferries run again.",
        body="The harbour master said the quay is safe.",
        section=transport,
        authors=[tom, amira],
        tags=["harbour"],
        published_at=utc(2012, 7, 9, 8),
    )
    make_filed_article(
        title="Night buses return",
        section=transport,
        authors=[tom],
        tags=["buses"],
        published_at=utc(2012, 7, 8, 8),
    )
    make_filed_article(
        title="Council budget agreed",
        section=city,
        authors=[amira],
        tags=["council"],
        published_at=utc(2012, 7, 7, 8),
    )

    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Transport").click()
    expect(page.locator("h1")).to_have_text("Transport")
    expect(page.locator(".summary-headline")).to_have_text(
        ["Harbour reopens after the storm", "Night buses return"]
    )
    page.screenshot(path=screenshot_dir / "section.png", full_page=True)

    page.get_by_role("link", name="Harbour reopens after the storm").click()
    expect(page.locator(".byline")).to_have_text("By Tom Becker and Amira Haddad")
    page.screenshot(path=screenshot_dir / "article.png", full_page=True)
    page.locator(".byline").get_by_role("link", name="Amira Haddad").click()
    expect(page.locator("h1")).to_have_text("Amira Haddad")
    expect(page.locator(".summary-headline")).to_have_text(
        ["Harbour reopens after the storm", "Council budget agreed"]
    )

    page.get_by_role("link", name="Harbour reopens after the storm").click()
    page.get_by_role("navigation", name="Tags").get_by_role("link", name="harbour").click()
    expect(page.locator("h1")).to_have_text("Tagged: harbour")
    expect(page.locator(".summary-headline")).to_have_text(["Harbour reopens after the storm"])

    page.get_by_role("search").first.get_by_label("Search").fill("budget")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page.locator(".search-summary")).to_have_text("1 result for “budget”.")
    expect(page.locator(".summary-headline")).to_have_text(["Council budget agreed"])
    page.screenshot(path=screenshot_dir / "search.png", full_page=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_a_french_reader_searches_the_french_versions_in_french(page, screenshot_dir):
    english = make_filed_article(
        title="Harbour pilots reach agreement",
        body="After two weeks of negotiations, night pilotage resumes.",
        published_at=utc(2012, 7, 9, 8),
    )
    french = make_translation(
        english,
        title="Accord des pilotes du port",
        slug="accord-des-pilotes",
        body="Au terme d'une longue négociation, le pilotage de nuit reprend mardi.",
    )

    page.goto(french.get_absolute_url())
    page.locator("input[name=q]").first.fill("négociations")
    page.locator("input[name=q]").first.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/search/\?q="))
    expect(page.locator(".summary-headline")).to_have_text(["Accord des pilotes du port"])
    expect(page.locator(".summary-snippet mark")).to_have_text(["négociation"])
    page.screenshot(path=screenshot_dir / "search-fr.png", full_page=True)
