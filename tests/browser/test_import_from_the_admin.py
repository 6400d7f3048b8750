import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from articles.roles import EDITOR, create_roles

from .test_imported_archive import EXPORT

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_uploads_an_export_reads_the_dry_run_runs_it_and_sees_the_result(
    page, django_user_model, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_roles(apps)
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.org", "a long staff password", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITOR))
    export = tmp_path / "old-gazette.xml"
    export.write_text(EXPORT)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long staff password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Archive imports").first.click()
    page.get_by_role("link", name="Add archive import").click()
    page.get_by_label("File").set_input_files(str(export))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Dry run done: nothing was written.")).to_be_visible()
    dry_run = page.locator(".import-report").first
    expect(dry_run).to_contain_text("1 items: 1 imported, 0 updated, 0 skipped, 0 error")
    expect(dry_run).to_contain_text("Dry run: nothing was written.")
    assert not Article.objects.exists()
    page.screenshot(path=screenshot_dir / "dry-run.png", full_page=True)

    page.get_by_role("button", name="Run the import").click()

    expect(page.get_by_text("The import is running in the background.")).to_be_visible()
    expect(page.locator(".field-status")).to_contain_text("Done")
    expect(page.locator(".import-report").last).to_contain_text("1 items: 1 imported")
    page.screenshot(path=screenshot_dir / "imported.png", full_page=True)
    assert Article.objects.get().title == "Staying the course"

    page.goto("/2012/07/09/staying-the-course/")
    expect(page.locator("h1")).to_have_text("Staying the course")
