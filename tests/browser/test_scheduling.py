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

START = utc(2026, 3, 29, 8, 0, 30)


def test_editor_schedules_an_article_that_appears_at_its_time_then_corrects_it(
    browser, page, live_server, django_user_model, settings, screenshot_dir
):
    settings.TIME_ZONE = "Europe/Berlin"
    create_roles(apps)
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a long staff password", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITOR))
    reader = browser.new_context(base_url=live_server.url).new_page()

    # The server shares this process, so moving the clock moves the site's clock too.
    with time_machine.travel(START, tick=True) as clock:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill("a long staff password")
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#newsroom-sidebar")).to_contain_text("You may publish and schedule")

        page.goto("/admin/articles/article/add/")
        page.get_by_label("Headline").fill("Tram line opens")
        page.get_by_label("Standfirst").fill("The first tram leaves at 10:01.")
        page.locator("#id_body").fill("Crowds gathered at the depot.")
        # 10:01 in Berlin (summer time) is 08:01 UTC: a minute from now.
        page.locator("#id_published_at_0").fill("2026-03-29")
        page.locator("#id_published_at_1").fill("10:01:00")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        article = Article.objects.get(slug="tram-line-opens")

        page.goto("/admin/articles/article/?status=scheduled")
        expect(page.locator("#result_list")).to_contain_text("Scheduled for 2026-03-29 10:01 CEST")
        page.goto("/admin/")
        expect(page.locator("#next-scheduled")).to_contain_text("Tram line opens")
        page.screenshot(path=screenshot_dir / "admin-index-next-scheduled.png", full_page=True)

        response = reader.goto(article.get_absolute_url())
        assert response.status == 404
        expect(reader.locator("h1")).to_have_text("Page not found")

        clock.shift(timedelta(seconds=60))
        response = reader.goto(article.get_absolute_url())
        assert response.status == 200
        expect(reader.locator("h1")).to_have_text("Tram line opens")
        expect(reader.locator(".dateline .published time")).to_have_attribute(
            "datetime", "2026-03-29T10:01:00+02:00"
        )

        page.goto(f"/admin/articles/article/{article.pk}/change/")
        page.get_by_role("button", name="Add another Correction").click()
        page.locator("#id_corrections-0-text").fill("The first tram left at 10:04, not 10:01.")
        page.get_by_role("button", name="Publish changes").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

        reader.reload()
        corrections = reader.locator(".corrections")
        expect(corrections).to_contain_text("The first tram left at 10:04, not 10:01.")
        expect(corrections.locator(".correction-dateline")).to_contain_text(
            "Correction, 29 Mar. 2026"
        )
        reader.screenshot(path=screenshot_dir / "article-with-correction.png", full_page=True)
    reader.context.close()
