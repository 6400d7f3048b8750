"""The desk's workflow in a browser: a writer submits, an editor reviews, readers see it on time."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article, EditorNote, LifecycleEvent
from articles.roles import EDITOR, WRITER, create_roles
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long staff password"
START = utc(2026, 3, 29, 8, 0, 30)


def staff_page(browser, live_server, role):
    """A browser of its own for a member of staff with this role, logged in."""
    create_roles(apps)
    username = role.lower()
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()
    return page


def test_a_writer_submits_an_editor_notes_approves_and_schedules_and_readers_see_it_on_time(
    browser, live_server, settings, screenshot_dir
):
    settings.TIME_ZONE = "Europe/Berlin"
    with time_machine.travel(START, tick=True) as clock:
        writer = staff_page(browser, live_server, WRITER)
        writer.goto("/admin/articles/article/add/")
        expect(writer.locator("#workflow-status")).to_contain_text("Draft")
        writer.get_by_label("Headline").fill("Tram line opens")
        writer.get_by_label("Standfirst").fill("The first tram leaves at 10:01.")
        writer.locator("#id_body").fill("Crowds gathered at the depot.")
        writer.keyboard.press("Control+s")  # saves as a draft, as "Save draft" does
        expect(writer.locator(".messagelist")).to_contain_text("Saved as a draft")
        writer.locator("#id_body").fill("Crowds gathered at the depot before dawn.")
        writer.get_by_role("button", name="Submit for review").click()
        expect(writer.locator(".messagelist")).to_contain_text("Submitted for review")
        expect(writer.locator("#workflow-status")).to_contain_text("In review")
        expect(writer.get_by_role("button", name="Publish now")).to_have_count(0)
        writer.screenshot(path=screenshot_dir / "writer-submitted.png", full_page=True)
        article = Article.objects.get(slug="tram-line-opens")

        editor = staff_page(browser, live_server, EDITOR)
        waiting = editor.locator("#waiting-for-review")
        expect(waiting).to_contain_text("Tram line opens")
        editor.screenshot(path=screenshot_dir / "editor-dashboard.png", full_page=True)
        waiting.get_by_role("link", name="Tram line opens").click()
        expect(editor.locator("#id_body")).to_have_value(
            "Crowds gathered at the depot before dawn."
        )
        editor.get_by_label("New note").fill("Lovely. Add the mayor's quote next time.")
        editor.get_by_role("button", name="Add note").click()
        expect(editor.locator(".messagelist")).to_contain_text("Note added for the desk.")
        expect(editor.locator(".editor-notes")).to_contain_text("Add the mayor's quote")
        expect(editor.locator("#workflow-status")).to_contain_text("In review")
        editor.screenshot(path=screenshot_dir / "editor-reviewing.png", full_page=True)
        editor.get_by_role("button", name="Approve").click()
        expect(editor.locator("#workflow-status")).to_contain_text("Approved")

        # 10:01 in Berlin (summer time) is 08:01 UTC: a minute from now.
        editor.locator("#id_published_at_0").fill("2026-03-29")
        editor.locator("#id_published_at_1").fill("10:01:00")
        editor.get_by_role("button", name="Schedule…").click()
        expect(editor.locator(".messagelist")).to_contain_text(
            "Scheduled: readers see it from 2026-03-29 10:01 CEST"
        )
        expect(editor.locator("#workflow-status")).to_contain_text(
            "Scheduled for 2026-03-29 10:01 CEST"
        )
        editor.screenshot(path=screenshot_dir / "editor-scheduled.png", full_page=True)
        editor.goto("/admin/articles/article/")
        row = editor.locator("#result_list tbody tr").first
        expect(row.locator(".status-badge")).to_have_text("Scheduled for 2026-03-29 10:01 CEST")
        expect(row.locator(".field-next_scheduled")).to_have_text("2026-03-29 10:01 CEST")
        editor.screenshot(path=screenshot_dir / "article-list-status.png", full_page=True)
        editor.goto(f"/admin/articles/article/{article.pk}/history/")
        history = editor.locator("#event-history")
        for step in ("Submitted for review", "Approved", "Scheduled"):
            expect(history).to_contain_text(step)
        editor.screenshot(path=screenshot_dir / "history-with-transitions.png", full_page=True)

        reader = browser.new_context(base_url=live_server.url).new_page()
        assert reader.goto(article.get_absolute_url()).status == 404
        clock.shift(timedelta(seconds=60))
        assert reader.goto(article.get_absolute_url()).status == 200
        expect(reader.locator("h1")).to_have_text("Tram line opens")
        expect(reader.locator("body")).not_to_contain_text("mayor's quote")  # notes are internal
        reader.screenshot(path=screenshot_dir / "reader-on-time.png", full_page=True)

    assert EditorNote.objects.get().article == article
    kinds = list(article.events.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        LifecycleEvent.Kind.SUBMITTED,
        LifecycleEvent.Kind.APPROVED,
        LifecycleEvent.Kind.SCHEDULED,
    ]
    for page in (writer, editor, reader):
        page.context.close()


def test_a_writers_change_to_a_live_article_waits_until_an_editor_publishes_it(
    browser, live_server, screenshot_dir
):
    article = make_article(title="Harbour reopens", body="Ferries run again.")
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.locator("article")).to_contain_text("Ferries run again.")

    writer = staff_page(browser, live_server, WRITER)
    writer.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(writer.locator("#workflow-status")).to_contain_text("Live")
    expect(writer.get_by_role("button", name="Publish changes")).to_have_count(0)
    writer.locator("#id_body").fill("Ferries run again, and the night bus is back.")
    writer.get_by_role("button", name="Submit changes for review").click()
    expect(writer.locator(".messagelist")).to_contain_text("Changes submitted for review")
    expect(writer.locator("#workflow-status")).to_contain_text("Live with pending changes")
    writer.screenshot(path=screenshot_dir / "writer-pending-change.png", full_page=True)

    reader.reload()
    expect(reader.locator("article")).to_contain_text("Ferries run again.")
    expect(reader.locator("article")).not_to_contain_text("night bus")

    editor = staff_page(browser, live_server, EDITOR)
    pending = editor.locator("#pending-changes")
    expect(pending).to_contain_text("Harbour reopens")
    editor.screenshot(path=screenshot_dir / "editor-dashboard-pending.png", full_page=True)
    pending.get_by_role("link", name="Harbour reopens").click()
    expect(editor.locator("#workflow-status")).to_contain_text("Live with pending changes")
    expect(editor.locator("#id_body")).to_have_value(
        "Ferries run again, and the night bus is back."
    )
    editor.get_by_role("button", name="Publish changes").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(editor.locator("#workflow-status")).to_have_text("Status: Live")

    reader.reload()
    expect(reader.locator("article")).to_contain_text("the night bus is back")
    reader.screenshot(path=screenshot_dir / "reader-after-publish.png", full_page=True)
    for page in (writer, editor, reader):
        page.context.close()


def test_share_links_are_listed_and_revoked_from_the_article(browser, live_server, screenshot_dir):
    article = make_article(title="Budget vote", published_at=None)
    editor = staff_page(browser, live_server, EDITOR)
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.get_by_role("button", name="Share preview").click()
    links = editor.locator("#preview-links")
    expect(links.locator("tbody tr")).to_have_count(1)
    links.get_by_label("New link for").fill("Harbour Agency")
    links.get_by_role("button", name="Make a link").click()
    expect(links.locator("tbody tr")).to_have_count(2)
    expect(links.locator("tbody tr").first).to_contain_text("Harbour Agency")
    url = links.locator("tbody tr").first.locator("input[readonly]").input_value()
    editor.screenshot(path=screenshot_dir / "preview-links.png", full_page=True)

    reader = browser.new_context().new_page()
    assert reader.goto(url).status == 200
    links.locator("tbody tr").first.get_by_role("button", name="Revoke").click()
    expect(editor.locator(".messagelist")).to_contain_text("That preview link has stopped working.")
    expect(links.locator("tbody tr")).to_have_count(1)
    links.get_by_role("button", name="Revoke").click()
    expect(editor.locator("#preview-links")).to_contain_text("No working share-preview links.")
    assert reader.goto(url).status == 410
    editor.context.close()
    reader.context.close()


def test_bulk_actions_in_the_article_list_follow_the_role(browser, live_server, screenshot_dir):
    from tests.factories import make_section

    make_section("Sport")
    first = make_article(title="Cup final tonight", published_at=None)
    second = make_article(title="Derby postponed", published_at=None)

    writer = staff_page(browser, live_server, WRITER)
    writer.goto("/admin/articles/article/")
    expect(writer.locator("select[name=action] option[value=publish_now]")).to_have_count(0)
    writer.get_by_role("row", name="Cup final tonight").get_by_role("checkbox").check()
    writer.get_by_role("row", name="Derby postponed").get_by_role("checkbox").check()
    writer.locator("select[name=action]").select_option(label="Submit for review")
    writer.get_by_role("button", name="Go").click()
    expect(writer.locator(".messagelist")).to_contain_text("2 article(s) submitted for review.")
    expect(writer.locator("#result_list")).to_contain_text("In review")
    writer.screenshot(path=screenshot_dir / "writer-bulk-submitted.png", full_page=True)

    editor = staff_page(browser, live_server, EDITOR)
    editor.goto("/admin/articles/article/?status=in_review")
    editor.locator("#action-toggle").check()
    editor.locator("select[name=action]").select_option(label="Move to the section below")
    editor.locator("select[name=section]").select_option(label="Sport")
    editor.get_by_role("button", name="Go").click()
    expect(editor.locator(".messagelist")).to_contain_text("2 article(s) moved to Sport.")
    editor.screenshot(path=screenshot_dir / "editor-bulk-moved.png", full_page=True)
    for article in (first, second):
        article.refresh_from_db()
        assert article.section.name == "Sport"
    writer.context.close()
    editor.context.close()
