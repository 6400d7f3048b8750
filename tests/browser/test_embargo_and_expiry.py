import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from articles.roles import EDITOR, create_roles
from tests.factories import utc

pytestmark = pytest.mark.django_db(transaction=True)

START = utc(2026, 3, 29, 8, 0, 30)  # 10:00:30 in Berlin (summer time)


def test_an_embargoed_story_is_shared_with_a_partner_goes_live_and_expires_on_time(
    browser, page, live_server, django_user_model, settings, screenshot_dir
):
    settings.TIME_ZONE = "Europe/Berlin"
    create_roles(apps)
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a long staff password", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITOR))
    reader_context = browser.new_context(base_url=live_server.url)
    partner_context = browser.new_context(base_url=live_server.url)
    reader, partner = reader_context.new_page(), partner_context.new_page()
    try:
        read_and_share(page, reader, partner, screenshot_dir)
    finally:
        # Open contexts keep connections to this test's server alive into later tests.
        reader_context.close()
        partner_context.close()


def read_and_share(page, reader, partner, screenshot_dir):
    with time_machine.travel(START, tick=True) as clock:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("a long staff password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Site administration").wait_for()

        page.goto("/admin/articles/article/add/")
        page.get_by_label("Headline").fill("Bank results under embargo")
        page.get_by_label("Standfirst").fill("Profits doubled.")
        page.locator("#id_body").fill("The figures, shared with partners ahead of time.")
        # No publish time: the embargo's end is when readers get it.
        page.locator("#id_embargo_until_0").fill("2026-03-29")
        page.locator("#id_embargo_until_1").fill("10:01:00")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        expect(page.locator("#id_published_at_1")).to_have_value("10:01:00")
        article = Article.objects.get(slug="bank-results-under-embargo")

        page.get_by_role("button", name="Share preview").click()
        message = page.locator(".messagelist").inner_text()
        link = re.search(r"https?://\S+/preview/\S+/", message).group(0)
        page.goto("/admin/articles/article/")
        expect(page.locator("#result_list")).to_contain_text(
            "Embargoed until 2026-03-29 10:01 CEST"
        )
        page.screenshot(path=screenshot_dir / "list-embargoed.png", full_page=True)

        partner.goto(link)
        expect(partner.locator("h1")).to_have_text("Bank results under embargo")
        partner.screenshot(path=screenshot_dir / "partner-preview.png", full_page=True)
        assert reader.goto(article.get_absolute_url()).status == 404
        reader.goto("/feeds/rss/")
        assert "bank-results" not in reader.content()

        clock.shift(timedelta(seconds=60))
        assert reader.goto(article.get_absolute_url()).status == 200
        reader.goto("/")
        expect(reader.locator("main")).to_contain_text("Bank results under embargo")

        # Scheduled unpublish a minute from now.
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        page.locator("#id_expires_at_0").fill("2026-03-29")
        page.locator("#id_expires_at_1").fill("10:02:30")
        page.get_by_role("button", name="Publish changes").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        reader.goto("/")
        expect(reader.locator("main")).to_contain_text("Bank results under embargo")

        clock.shift(timedelta(seconds=60))
        assert reader.goto(article.get_absolute_url()).status == 410
        expect(reader.locator(".dateline")).to_contain_text("Removed")
        reader.screenshot(path=screenshot_dir / "reader-expired.png", full_page=True)
        reader.goto("/")
        expect(reader.locator("main")).not_to_contain_text("Bank results under embargo")
