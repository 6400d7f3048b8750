"""Surrogate keys for the edge (pagecache/edge.py)."""

import pytest
from django.urls import reverse

from pagecache import edge
from tests.factories import make_filed_article, make_section

pytestmark = pytest.mark.django_db


def test_no_keys_reach_readers_unless_a_front_is_configured(client):
    response = client.get(reverse("articles:home"))
    assert not {"xkey", "surrogate-key", "cache-tag"} & {name.lower() for name in response.headers}


@pytest.mark.parametrize("header", ["Surrogate-Key", "Cache-Tag", "xkey"])
def test_pages_carry_what_they_show_in_the_chosen_header(client, settings, header):
    settings.NEWSROOM_EDGE_KEYS_HEADER = header
    article = make_filed_article(section=make_section("City"), tags=["harbour"])
    response = client.get(article.get_absolute_url())
    separator = "," if header == "Cache-Tag" else " "
    keys = response[header].split(separator)
    assert {"all", f"article-{article.pk}", "related-section-city", "related-tag-harbour"} <= set(
        keys
    )
    # A hit carries the same keys.
    again = client.get(article.get_absolute_url())
    assert again["X-Cache"] == "hit" and again[header] == response[header]
    home = client.get(reverse("articles:home"))[header].split(separator)
    assert "articles" in home and f"article-{article.pk}" not in home


def test_private_pages_carry_no_keys(admin_client, settings):
    settings.NEWSROOM_EDGE_KEYS_HEADER = "xkey"
    article = make_filed_article(published_at=None)
    assert "xkey" not in admin_client.get(article.get_absolute_url()).headers


def test_a_list_too_long_collapses_into_family_keys_never_cut():
    names = [f"article-{n}" for n in range(1000)] + ["section-city"]
    keys = edge.keys_for(names, limit=200)
    assert keys == ["all", "all-article", "section-city"]
    assert edge.keys_for(names, limit=3) == ["all"]


def test_purges_name_the_families_that_collapsed_pages_carry():
    assert edge.purge_keys(["article-7", "section-city"]) == [
        "all-article", "all-section", "article-7", "section-city",
    ]  # fmt: skip
    assert edge.purge_keys([], everything=True) == ["all"]
