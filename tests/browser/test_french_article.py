"""A reader opens a French article at its French address: the page, its labels and its
dateline are French."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.factories import make_article, make_author, make_section, utc

pytestmark = pytest.mark.django_db(transaction=True)

NBSP = "\u00a0"


@override_settings(TIME_ZONE="Europe/Paris")
def test_reader_reads_a_french_article_in_french(page, screenshot_dir):
    section = make_section("Économie", slug="economie")
    article = make_article(
        language="fr",
        slug="les-negociations-reprennent",
        title="Les négociations reprennent au port",
        summary="Syndicats et direction se retrouvent lundi.",
        body="Les négociations reprennent après trois semaines de grève.",
        section=section,
        published_at=utc(2012, 7, 8, 23, 30),  # the 9th in Paris
    )
    type(article).objects.filter(pk=article.pk).update(updated_at=utc(2012, 7, 9, 6, 52))
    article.set_byline([make_author("Amira Haddad"), make_author("Jean Dupont")])

    page.goto("/fr/articles/les-negociations-reprennent/")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les négociations reprennent au port")
    header = page.locator(".article-header")
    expect(header.locator(".published")).to_have_text("09 juil. 2012")
    expect(header.locator(".updated")).to_have_text(
        f"Dernière mise à jour{NBSP}: 09 juil. 2012 08:52"
    )
    expect(header.locator(".byline")).to_have_text("Par Amira Haddad et Jean Dupont")
    expect(page.get_by_role("navigation", name="Rubriques")).to_be_visible()
    expect(page.get_by_role("navigation", name="Partager cet article")).to_be_visible()
    expect(page.get_by_role("link", name="E-mail")).to_be_visible()
    expect(page.get_by_role("search", name="Recherche sur le site")).to_be_visible()
    expect(page.get_by_role("button", name="Rechercher")).to_be_visible()
    expect(page.locator(".site-footer")).to_contain_text("Trouver l’info")
    page.screenshot(path=screenshot_dir / "french-article.png", full_page=True)
