import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

WIDE_TABLE = "| " + " | ".join(f"Column {n}" for n in range(12)) + " |\n"
WIDE_TABLE += "|" + "---|" * 12 + "\n| " + " | ".join(f"{n * 1000}" for n in range(12)) + " |"


def test_a_wide_table_scrolls_inside_the_article_on_a_phone(browser, live_server):
    article = make_article(title="Fares by zone", body=f"> Fares rise.\n\n{WIDE_TABLE}")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(article.get_absolute_url())
    table = page.locator(".article-body table")
    expect(table).to_be_visible()
    widths = table.evaluate(
        "t => [t.clientWidth, t.scrollWidth, document.documentElement.scrollWidth]"
    )
    assert widths[1] > widths[0]  # the table scrolls...
    assert widths[2] <= 360  # ...and the page does not
    context.close()
