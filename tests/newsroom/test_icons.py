"""The site's icon: named by every page, served, and found at /favicon.ico too."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def icon_links(html):
    return re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/articles/no-such-story/"])
def test_every_page_names_an_icon_that_exists(client, url, settings):
    links = icon_links(client.get(url).content.decode())
    assert len(links) == 3
    for link in links:
        # Served by the static files (whitenoise, or the front server): the file exists.
        assert link.startswith(settings.STATIC_URL)
        assert finders.find(link.removeprefix(settings.STATIC_URL)), link


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
    assert reverse("favicon") == "/favicon.ico"
