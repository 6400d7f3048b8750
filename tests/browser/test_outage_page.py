import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_sees_a_back_soon_page_during_a_database_outage_then_the_article(
    page, monkeypatch, screenshot_dir
):
    article = make_article(title="Harbour reopens after the storm")

    with monkeypatch.context() as outage:

        def refuse(self):
            raise OperationalError("connection to server failed: Connection refused")

        # Every query, in the live server's thread too, fails as if PostgreSQL were down.
        outage.setattr(BaseDatabaseWrapper, "cursor", refuse)
        response = page.goto(article.get_absolute_url())
        assert response.status == 503
        expect(page.get_by_role("heading", level=1)).to_have_text("We’ll be back in a moment")
        expect(page.locator("body")).not_to_contain_text("Connection refused")
        # The stylesheet still loads: no database is needed for it.
        assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
        page.screenshot(path=screenshot_dir / "outage.png", full_page=True)

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour reopens after the storm")
    page.screenshot(path=screenshot_dir / "recovered.png", full_page=True)
