import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_follows_a_link_to_a_missing_translation_and_reaches_the_english_version(
    page, screenshot_dir
):
    make_article(
        title="Night buses return",
        slug="night-buses-return",
        body="The council restored the night routes.",
        published_at=utc(2012, 7, 8, 8),
    )
    make_article(
        language="fr",
        title="Le port rouvre",
        slug="le-port-rouvre",
        # A French link to a story the French desk has not translated.
        body="Les ferries partent. [Les bus de nuit](/fr/articles/night-buses-return/)",
        published_at=utc(2012, 7, 9, 8),
    )

    page.goto("/fr/articles/le-port-rouvre/")
    expect(page.locator("h1")).to_have_text("Le port rouvre")
    with page.expect_response(lambda response: "night-buses" in response.url) as answer:
        page.get_by_role("link", name="Les bus de nuit").click()
    assert answer.value.status == 404
    # The answer speaks the address's language.
    expect(page.locator("h1")).to_have_text("Cet article n'est pas disponible dans cette langue")
    version = page.get_by_role("link", name="Night buses return")
    expect(version).to_have_attribute("hreflang", "en")
    expect(version).to_have_attribute("lang", "en")
    page.screenshot(path=screenshot_dir / "not-in-french.png", full_page=True)

    version.click()
    expect(page).to_have_url(re.compile(r"//[^/]+/articles/night-buses-return/$"))
    expect(page.locator("h1")).to_have_text("Night buses return")
    expect(page.get_by_text("The council restored the night routes.")).to_be_visible()
