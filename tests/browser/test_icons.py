"""A reader's and an editor's first page load without a single failed request."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_and_admin_login_load_with_no_console_errors_or_missing_files(page, screenshot_dir):
    make_article(title="Harbour reopens after the storm")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )

    page.goto("/")
    expect(page.get_by_role("link", name="Harbour reopens after the storm")).to_be_visible()
    # What a browser does for the tab's icon, whether or not the page names one.
    icon = page.request.get("/favicon.ico")
    page.goto("/admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.screenshot(path=screenshot_dir / "admin-login.png")

    assert icon.ok and icon.headers["content-type"].startswith("image/")
    assert problems == []
