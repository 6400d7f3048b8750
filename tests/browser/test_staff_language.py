import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _catalogs(staff_catalogs):
    pass


def test_an_editor_picks_francais_in_the_menu_and_works_in_french(
    page, staff_login, screenshot_dir
):
    make_article(title="Harbour reopens", published_at=None)
    staff_login()
    page.goto("/admin/articles/article/")

    page.locator("#interface-language-select").select_option(label="Français")
    page.get_by_role("button", name="Change language").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#changelist-filter")).to_contain_text("Validé, non programmé")
    expect(page.locator("#result_list")).to_contain_text("Brouillon")
    page.get_by_role("link", name="Harbour reopens").click()
    expect(page.get_by_role("heading", name="Signature et classement")).to_be_visible()
    expect(page.locator("label[for=id_title]")).to_have_text("Titre\u00a0:")
    expect(page.locator("label[for=id_summary]")).to_have_text("Chapô\u00a0:")
    expect(page.get_by_role("button", name="Enregistrer le brouillon")).to_be_visible()
    # The editor's scripts too (desk:jsi18n).
    expect(page.locator(".markdownx")).to_contain_text("Insérer une image")
    expect(page.locator("#content")).to_contain_text("mots · 1 min de lecture")
    page.screenshot(path=screenshot_dir / "article-form-in-french.png", full_page=True)

    # Back to English from the same menu, now in French, for the next pages too.
    page.locator("#interface-language-select").select_option(label="English")
    page.get_by_role("button", name="Changer de langue").click()
    expect(page.get_by_role("heading", name="Byline and filing")).to_be_visible()
    page.goto("/admin/")
    expect(page.locator("#newsroom-sidebar")).to_contain_text("Your role")
