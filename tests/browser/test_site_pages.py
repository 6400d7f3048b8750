"""An editor edits the About page in the admin; a reader (whose copy was cached) sees the
new text at once, with the page in the footer."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.roles import EDITOR, create_roles
from tests.factories import make_site_page

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long staff password"


def test_an_editor_edits_the_about_page_and_readers_see_it(
    page, browser, live_server, screenshot_dir
):
    make_site_page(title="About us", slug="about", body="Our office is on Harbour Street.")
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/pages/about/")
    expect(reader.locator(".article-body")).to_contain_text("Harbour Street")

    create_roles(apps)
    user = get_user_model().objects.create_user("editor", "e@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Site pages").click()
    page.get_by_role("link", name="About us").click()
    body = page.get_by_label("Body")
    body.fill("We moved to **Market Square** in July.\n\n# Visiting us")
    # The same live preview as articles: what readers will get.
    expect(page.locator(".markdownx-preview strong")).to_have_text("Market Square")
    expect(page.locator(".markdownx-preview h2")).to_have_text("Visiting us")
    page.screenshot(path=screenshot_dir / "editor.png", full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.goto("/pages/about/")
    expect(reader.locator(".article-body strong")).to_have_text("Market Square")
    expect(reader.locator(".article-body")).not_to_contain_text("Harbour Street")
    expect(reader.locator(".site-footer").get_by_role("link", name="About us")).to_be_visible()
    reader.screenshot(path=screenshot_dir / "reader.png", full_page=True)
    reader.context.close()
