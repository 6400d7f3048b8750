import json
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_article, make_section, utc

pytestmark = pytest.mark.django_db


def test_the_footer_links_sections_archive_search_and_feeds(client):
    make_section("City")
    make_article()
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/sections/city/">City</a>' in footer
    assert 'href="/archive/' in footer and ">Archive</a>" in footer
    assert f'href="{reverse("articles:rss")}"' in footer
    assert f'href="{reverse("articles:atom")}"' in footer
    assert '<a href="/archive/">Archive</a>' in footer


def test_the_archive_address_leads_to_the_latest_news_years_archive(client):
    make_article(published_at=utc(2012, 7, 9, 8))
    response = client.get("/archive/", follow=True)
    assert response.redirect_chain == [("/archive/2012/", 302)]
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/", "/search/?q=harbour", "/search/"])
def test_every_page_has_one_search_form(client, url):
    make_article(title="Harbour news")
    html = client.get(url).content.decode()
    assert html.count('role="search"') == 1


def test_the_web_app_manifest_names_the_site_with_its_colour_and_icons(client, settings):
    settings.NEWSROOM_ACCENT_COLOUR = "#004488"
    html = client.get("/").content.decode()
    assert f'<link rel="manifest" href="{reverse("articles:manifest")}">' in html
    assert '<meta name="theme-color" content="#004488">' in html
    response = client.get(reverse("articles:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == settings.NEWSROOM_SITE_NAME
    assert manifest["theme_color"] == "#004488"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"180x180", "any"}


def test_the_stylesheet_follows_dark_mode_and_reduced_motion(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/site.css")).read_text()
    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "@import" not in css and "fonts.googleapis" not in css


def test_the_masthead_shows_the_logo_from_settings_or_the_name_in_type(client, settings):
    make_article()
    html = client.get("/").content.decode()
    assert f'<a class="site-name" href="/">{settings.NEWSROOM_SITE_NAME}</a>' in html
    settings.NEWSROOM_MASTHEAD_LOGO = "img/favicon.svg"
    html = client.get("/", HTTP_COOKIE="sessionid=x").content.decode()
    assert (
        '<img class="masthead-logo" src="/static/img/favicon.svg" '
        f'alt="{settings.NEWSROOM_SITE_NAME}" height="48">'
    ) in html
