import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_printed_article_has_no_navigation_search_share_or_footer(page, screenshot_dir):
    make_section("City")
    article = make_article(title="Printed page", body="See [the port](https://port.example/).")
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Printed page")
    for chrome in [".site-nav", ".site-search", ".share", ".site-footer"]:
        expect(page.locator(chrome)).to_be_hidden()
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('.article-body a'), '::after').content"
    )
    assert "https://port.example/" in link_after
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.emulate_media(media="screen")
    expect(page.locator(".site-nav")).to_be_visible()
