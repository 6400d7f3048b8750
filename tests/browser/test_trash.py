import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_deletes_an_article_and_restores_it_from_the_trash(
    page, staff_login, screenshot_dir, browser, live_server
):
    article = make_article(title="Mayor to resign", published_at=utc(2012, 7, 9, 8))
    staff_login()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Delete").click()
    expect(page.locator("#content")).to_contain_text("go to the trash for 30 days")
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("“Mayor to resign” is in the trash")

    reader = browser.new_page(base_url=live_server.url)
    assert reader.goto(article.get_absolute_url()).status == 410

    page.goto("/admin/")
    page.get_by_role("link", name="Trash").click()
    page.get_by_role("checkbox", name="Select this object for an action - Mayor to resign").check()
    page.locator("select[name=action]").select_option("restore")
    page.screenshot(path=screenshot_dir / "trash.png", full_page=True)
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored 1 article(s), as they were.")

    assert Article.objects.get().trashed_at is None
    assert reader.goto(article.get_absolute_url()).status == 200
    expect(reader.locator("h1")).to_have_text("Mayor to resign")
    reader.close()
