import pytest
from playwright.sync_api import expect

from tests.browser.test_content_security import watch_csp
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_sees_share_links_and_no_policy_violation(page, screenshot_dir):
    article = make_article(title="Ferry timetable changes")
    violations = watch_csp(page)
    page.goto(article.get_absolute_url())
    share = page.get_by_role("navigation", name="Share this article")
    for name in ["Email", "X", "Facebook", "LinkedIn", "WhatsApp"]:
        expect(share.get_by_role("link", name=name)).to_be_visible()
    page.wait_for_load_state("load")
    # Headless Chromium has no navigator.share: the button stays hidden.
    has_share = page.evaluate("'share' in navigator")
    button = share.get_by_role("button", name="Share…")
    expect(button).to_be_visible() if has_share else expect(button).to_be_hidden()
    assert violations == []
    page.screenshot(path=screenshot_dir / "share-links.png")
