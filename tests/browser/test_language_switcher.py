"""A reader switches an article's language; an Arabic version reads right to left."""

import re

import pytest
from playwright.sync_api import expect

from tests.articles.versions import make_version
from tests.browser.test_accessibility import axe_source, violations  # noqa: F401 - a fixture
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_switches_to_the_french_version(page):
    english = make_article(title="Harbour reopens", slug="harbour-reopens")
    make_version(english, "fr", title="Le port rouvre", slug="le-port-rouvre")
    page.goto(english.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switcher = page.get_by_role("navigation", name="Read this article in")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "page")

    switcher.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/fr/articles/le-port-rouvre/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Le port rouvre")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    # The French page names its switcher in French once the catalog has it.
    french_link = page.locator("nav.language-switcher").get_by_role("link", name="Français")
    expect(french_link).to_have_attribute("aria-current", "page")


def test_an_arabic_version_is_laid_out_right_to_left(page):
    english = make_article(
        title="Harbour reopens", slug="harbour-reopens", body="> A quote from the harbour master."
    )
    arabic = make_version(
        english,
        "ar",
        title="الميناء يعيد فتح أبوابه",
        slug="al-mina",
        body="> اقتباس من مدير الميناء.",
    )
    page.goto(arabic.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    headline = page.get_by_role("heading", level=1)
    # The headline's text hugs the right edge of the column: its range's box ends there.
    text_box = headline.evaluate(
        """h => { const r = document.createRange(); r.selectNodeContents(h);
                  const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }"""
    )
    column = headline.bounding_box()
    assert abs(text_box["right"] - (column["x"] + column["width"])) <= 2
    assert text_box["left"] > column["x"] + 50  # a short headline: room left on the left
    # The pull quote's rule is on the right, where the reading starts.
    quote = page.locator(".article-body blockquote")
    border = quote.evaluate(
        "q => [getComputedStyle(q).borderRightWidth, getComputedStyle(q).borderLeftWidth]"
    )
    assert border == ["4px", "0px"]
    # The switcher names the English version left to right inside the right-to-left page.
    english_link = page.get_by_role("navigation").get_by_role("link", name="English")
    expect(english_link).to_have_attribute("dir", "ltr")

    page.goto(english.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    border = page.locator(".article-body blockquote").evaluate(
        "q => [getComputedStyle(q).borderRightWidth, getComputedStyle(q).borderLeftWidth]"
    )
    assert border == ["0px", "4px"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_switcher_and_a_right_to_left_page_have_no_accessibility_violations(
    browser,
    live_server,
    axe_source,  # noqa: F811 - the imported fixture
    scheme,
):
    english = make_article(title="Harbour reopens", slug="harbour-reopens")
    french = make_version(english, "fr", title="Le port rouvre", slug="le-port-rouvre")
    arabic = make_version(english, "ar", title="الميناء يعيد فتح أبوابه", slug="al-mina")
    found = {}
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, color_scheme=scheme
        )
        reader = context.new_page()
        for version in (english, french, arabic):
            reader.goto(version.get_absolute_url())
            found[f"{version.language} {viewport['width']}"] = violations(reader, axe_source)
        context.close()
    assert all(result == [] for result in found.values()), found
