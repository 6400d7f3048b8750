"""Translating at the desk in a browser: Translate → French, publish it, see it live on the
translations board; a significant update of the English marks the French stale, with a diff."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from articles.roles import EDITOR, create_roles
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long staff password"


def log_in_as_editor(page):
    create_roles(apps)
    user = get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()


def test_an_editor_translates_into_french_publishes_it_and_sees_it_go_stale(page, screenshot_dir):
    english = make_article(
        title="Harbour reopens after the storm",
        slug="harbour-reopens",
        summary="Ferries run again.",
        body="The harbour reopened on Monday.",
        published_at=timezone.now() - timedelta(hours=2),
    )
    log_in_as_editor(page)

    page.goto(f"/admin/articles/article/{english.pk}/change/")
    page.screenshot(path=screenshot_dir / "english-form.png")
    page.get_by_role("button", name="Translate into French").click()

    expect(page.locator(".messagelist")).to_contain_text("A draft in French")
    expect(page.locator("#workflow-status")).to_contain_text("Draft")
    expect(page.get_by_label("Headline")).to_have_value("Harbour reopens after the storm")
    expect(page.locator("#id_body")).to_have_value("The harbour reopened on Monday.")
    expect(page.locator("#language-versions")).to_contain_text("Translated from:")
    page.screenshot(path=screenshot_dir / "french-draft.png", full_page=True)
    page.get_by_label("Headline").fill("Le port rouvre après la tempête")
    page.locator("#id_body").fill("Le port a rouvert lundi.")
    page.get_by_role("button", name="Publish now").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Published")

    french = Article.objects.get(language="fr")
    assert french.is_published and french.title == "Le port rouvre après la tempête"
    page.goto("/admin/articles/article/translations/")
    french_cell = page.locator(f'#story-{english.story_id} td[data-language="fr"]')
    expect(french_cell).to_contain_text("Live")
    expect(page.locator(f'#story-{english.story_id} td[data-language="ru"]')).to_contain_text(
        "Missing"
    )

    page.goto(f"/admin/articles/article/{english.pk}/change/")
    page.locator("#id_body").fill("The harbour reopened on Monday after three days of storms.")
    page.get_by_role("button", name="Publish changes").first.click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    page.goto(f"/admin/articles/article/{french.pk}/change/")
    expect(page.locator("#translation-stale")).to_contain_text("was updated after")
    page.screenshot(path=screenshot_dir / "french-stale-form.png")
    page.goto("/admin/articles/article/translations/")
    expect(french_cell).to_contain_text("Stale")
    changes = page.locator(".stale-changes")
    expect(changes).to_contain_text("What changed in the source")
    expect(changes.locator("ins").first).to_contain_text("after three days of storms")
    page.screenshot(path=screenshot_dir / "board-stale.png", full_page=True)
