import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long staff password"


def desk_editor(browser, live_server, username, first_name, last_name):
    get_user_model().objects.create_superuser(
        username,
        f"{username}@example.org",
        PASSWORD,
        first_name=first_name,
        last_name=last_name,
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()
    return context, page


def open_article(page, title):
    page.goto("/admin/articles/article/")
    page.get_by_role("link", name=title).click()


def test_second_editor_gets_the_conflict_screen_with_both_versions(
    browser, live_server, screenshot_dir
):

    article = make_article(title="Harbour reopens", body="Ferries run again.")
    amira_context, amira = desk_editor(browser, live_server, "amira", "Amira", "Haddad")
    ben_context, ben = desk_editor(browser, live_server, "ben", "Ben", "Ortiz")

    open_article(amira, "Harbour reopens")
    open_article(ben, "Harbour reopens")
    expect(ben.locator("#also-editing")).to_contain_text(
        re.compile(r"Also editing: Amira Haddad \(since \d\d:\d\d\)")
    )

    amira.locator("#id_body").fill("Ferries run again from Monday.")
    amira.get_by_role("button", name="Publish changes").click()
    expect(amira.locator(".messagelist")).to_contain_text("was changed successfully")

    ben.locator("#id_body").fill("Ferries and buses run again.")
    ben.get_by_role("button", name="Publish changes").click()

    conflict = ben.locator(".edit-conflict")
    expect(conflict.get_by_role("heading")).to_have_text(
        "Someone else saved this article while you were editing"
    )
    expect(conflict).to_contain_text("Amira Haddad saved it at")
    expect(conflict.locator("td.old del")).to_have_text(" from Monday")
    expect(conflict.locator("td.new ins")).to_have_text(" and buses")
    expect(ben.locator("#id_body")).to_have_value("Ferries and buses run again.")
    ben.screenshot(path=screenshot_dir / "conflict.png", full_page=True)
    article.refresh_from_db()
    assert article.body == "Ferries run again from Monday."

    ben.get_by_role("button", name="Save anyway and publish").click()
    expect(ben.locator(".messagelist")).to_contain_text("The version you replaced stays")
    article.refresh_from_db()
    assert article.body == "Ferries and buses run again."
    amira_context.close()
    ben_context.close()


def test_draft_of_a_live_article_share_preview_history_and_restore(
    browser, live_server, screenshot_dir
):

    make_article(title="Budget passes", body="The council voted 21 to 9.")
    context, editor = desk_editor(browser, live_server, "desk", "Dana", "Desk")
    reader_context = browser.new_context(base_url=live_server.url)
    reader = reader_context.new_page()

    open_article(editor, "Budget passes")
    editor.locator("#id_body").fill("The council voted 21 to 9 after a long debate.")
    editor.get_by_label("Note for the history").fill("Added the debate")
    editor.get_by_role("button", name="Save draft").click()
    expect(editor.locator(".messagelist")).to_contain_text("Draft saved")
    expect(editor.locator(".pending-draft")).to_contain_text("unpublished changes by Dana Desk")

    reader.goto(Article.objects.get().get_absolute_url())
    expect(reader.locator(".article-body")).to_have_text("The council voted 21 to 9.")

    editor.get_by_role("button", name="Share preview").click()
    link = re.search(r"http://\S+/preview/\S+/", editor.locator(".messagelist").inner_text())
    reader.goto(link.group(0))
    expect(reader.locator(".preview-banner")).to_contain_text("Unpublished changes")
    expect(reader.locator(".article-body")).to_have_text(
        "The council voted 21 to 9 after a long debate."
    )
    reader.screenshot(path=screenshot_dir / "shared-preview.png", full_page=True)

    editor.locator(".object-tools").get_by_role("link", name="History").click()
    expect(editor.locator("#revision-history")).to_contain_text("Added the debate")
    editor.get_by_role("button", name="Compare selected revisions").click()
    expect(editor.locator("td.new ins")).to_have_text(" after a long debate")
    editor.screenshot(path=screenshot_dir / "compare.png", full_page=True)

    open_article(editor, "Budget passes")
    editor.get_by_role("button", name="Publish changes").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    reader.goto(Article.objects.get().get_absolute_url())
    expect(reader.locator(".article-body")).to_have_text(
        "The council voted 21 to 9 after a long debate."
    )

    # Restore the first version: it comes back through the form, as a new revision.
    editor.locator(".object-tools").get_by_role("link", name="History").click()
    editor.get_by_role("link", name="Restore…").last.click()
    expect(editor.locator(".editing-notice").last).to_contain_text("The form holds revision")
    expect(editor.locator("#id_body")).to_have_value("The council voted 21 to 9.")
    editor.get_by_role("button", name="Publish changes").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    editor.locator(".object-tools").get_by_role("link", name="History").click()
    expect(editor.locator("#revision-history tbody tr").first).to_contain_text("restored from")
    editor.screenshot(path=screenshot_dir / "history.png", full_page=True)
    reader.goto(Article.objects.get().get_absolute_url())
    expect(reader.locator(".article-body")).to_have_text("The council voted 21 to 9.")
    reader_context.close()
    context.close()
