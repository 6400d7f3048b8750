import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from taggit.models import Tag

from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, field, term, option):
    """Pick `option` in the admin's autocomplete (select2) box of `field`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_writer_files_an_article_with_preselected_byline_section_and_tag(
    page, staff_login, screenshot_dir
):
    staff_login("desk")
    make_author("Desk Editor", user=get_user_model().objects.get(username="desk"))
    make_author("Tom Becker")
    make_section("Transport")
    make_section("City")
    Tag.objects.create(name="harbour")

    page.goto("/admin/articles/article/add/")
    expect(page.locator(".field-byline .select2-selection__choice")).to_have_text(["×Desk Editor"])
    page.get_by_label("Headline").fill("Harbour reopens")
    page.get_by_label("Standfirst").fill("Ferries run again.")
    page.locator("#id_body").fill("The quay is safe.")
    page.locator("#id_published_at_0").fill("2012-07-09")
    page.locator("#id_published_at_1").fill("08:00:00")
    choose(page, "byline", "beck", "Tom Becker")
    choose(page, "section", "trans", "Transport")
    choose(page, "tags", "harb", "harbour")
    page.screenshot(path=screenshot_dir / "admin-filing.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.get_by_role("link", name="View on site").click()
    expect(page.locator("h1")).to_have_text("Harbour reopens")
    expect(page.locator(".kicker")).to_have_text("Transport")
    expect(page.locator(".byline")).to_have_text("By Desk Editor and Tom Becker")
    expect(page.get_by_role("navigation", name="Tags").get_by_role("link")).to_have_text(
        ["harbour"]
    )
    page.screenshot(path=screenshot_dir / "article.png", full_page=True)
