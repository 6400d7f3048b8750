"""A writer's typing survives a closed tab, a crash and a lost connection."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article, Autosave
from articles.roles import WRITER, create_roles
from desk.timestamps import staff_time
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def writer_context(browser, live_server, django_user_model, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # the offer names the time in the newsroom's zone
    create_roles(apps)
    user = django_user_model.objects.create_user(
        "writer", "writer@example.org", "a long staff password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=WRITER))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("writer")
    page.get_by_label("Password").fill("a long staff password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()
    page.close()
    yield context
    context.close()


def type_at_end(page, selector, text):
    field = page.locator(selector)
    field.click()
    field.press("End" if selector != "#id_body" else "Control+End")
    page.keyboard.type(text)


def offered_time():
    return staff_time(Autosave.objects.get().saved_at, time_of_day=True)


def test_a_writer_closes_the_tab_mid_sentence_and_restores_the_text(writer_context, screenshot_dir):
    article = make_article(published_at=None, body="The council met on Monday.")
    change = f"/admin/articles/article/{article.pk}/change/"
    page = writer_context.new_page()
    page.goto(change)
    type_at_end(page, "#id_body", " The mayor said that the budget")
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    page.screenshot(path=screenshot_dir / "1-typing.png", full_page=True)
    page.close()  # the tab closes mid-sentence (no warning asked)

    assert Article.objects.get(pk=article.pk).body == "The council met on Monday."
    page = writer_context.new_page()
    page.goto(change)
    offer = page.locator("#autosave")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text(f"Restore your unsaved text from {offered_time()}?")
    expect(page.locator("#id_body")).to_have_value("The council met on Monday.")
    page.screenshot(path=screenshot_dir / "2-offer.png", full_page=True)
    offer.get_by_role("button", name="Restore").click()

    expect(page.locator("#id_body")).to_have_value(
        "The council met on Monday. The mayor said that the budget"
    )
    type_at_end(page, "#id_body", " will balance.")
    page.screenshot(path=screenshot_dir / "3-restored.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=article.pk).body == (
        "The council met on Monday. The mayor said that the budget will balance."
    )
    # The save cleared the autosave: nothing is offered any more.
    assert not Autosave.objects.exists()
    page.reload()
    expect(page.locator("#id_body")).to_have_value(
        "The council met on Monday. The mayor said that the budget will balance."
    )
    expect(page.locator("#autosave")).to_be_hidden()


def test_a_new_article_never_saved_is_recoverable(writer_context, screenshot_dir):
    page = writer_context.new_page()
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially("Night ferry returns")
    page.get_by_label("Standfirst").fill("From Friday.")
    type_at_end(page, "#id_body", "The night ferry will run again from")
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    page.close()

    page = writer_context.new_page()
    page.goto("/admin/articles/article/add/")
    expect(page.locator("#autosave")).to_contain_text(
        f"Restore your unsaved text from {offered_time()}?"
    )
    page.screenshot(path=screenshot_dir / "new-article-offer.png", full_page=True)
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_label("Headline")).to_have_value("Night ferry returns")
    expect(page.get_by_label("Slug")).to_have_value("night-ferry-returns")
    expect(page.locator("#id_body")).to_have_value("The night ferry will run again from")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Article.objects.get().body == "The night ferry will run again from"
    assert not Autosave.objects.exists()


def test_offline_typing_waits_in_the_browser_and_goes_when_the_server_is_back(
    writer_context, screenshot_dir
):
    article = make_article(published_at=None, body="Draft.")
    page = writer_context.new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    writer_context.set_offline(True)
    type_at_end(page, "#id_body", " Written on the train")
    expect(page.locator("#autosave-status")).to_contain_text("Offline")
    page.screenshot(path=screenshot_dir / "offline.png", full_page=True)
    assert not Autosave.objects.exists()

    writer_context.set_offline(False)
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    assert Autosave.objects.get().fields["body"] == "Draft. Written on the train"


def test_leaving_with_unsaved_changes_asks_first(writer_context):
    article = make_article(published_at=None)
    page = writer_context.new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    type_at_end(page, "#id_body", " more")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def test_logging_out_forgets_the_typing_kept_in_the_browser(writer_context):
    article = make_article(published_at=None, body="The council met on Monday.")
    page = writer_context.new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    type_at_end(page, "#id_body", " The mayor said")
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    kept = "Object.keys(localStorage).filter((k) => k.startsWith('newsroom-autosave:')).length"
    assert page.evaluate(kept) == 1

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in again")).to_be_visible()

    # Polled from here: wait_for_function evaluates its string with eval, which our CSP
    # refuses on the page.
    for _ in range(50):
        if page.evaluate(kept) == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(kept) == 0
    # The server's copy is still offered after logging in again.
    assert Autosave.objects.filter(article=article).exists()
