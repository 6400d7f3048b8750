import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def head(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def test_the_reader_page_uses_the_search_and_share_overrides(client):
    article = make_article(
        title="Council approves the harbour plan",
        summary="After a nine-hour session.",
        seo_title="Harbour plan approved",
        seo_description="What the vote means for the quayside.",
        social_headline="The harbour will change: here is how",
        social_description="Nine hours, one vote.",
    )
    html = head(client, article)
    assert "<title>Harbour plan approved — Newsroom</title>" in html
    assert '<meta name="description" content="What the vote means for the quayside.">' in html
    assert '<meta property="og:title" content="The harbour will change: here is how">' in html
    assert '<meta property="og:description" content="Nine hours, one vote.">' in html
    assert '<meta name="twitter:title" content="The harbour will change: here is how">' in html
    assert '<meta name="twitter:description" content="Nine hours, one vote.">' in html
    # The page itself keeps the real headline.
    assert "<h1>Council approves the harbour plan</h1>" in html


def test_without_overrides_the_headline_and_standfirst_serve(client):
    article = make_article(title="Ferries run again", summary="All routes are back.")
    html = head(client, article)
    assert "<title>Ferries run again — Newsroom</title>" in html
    assert '<meta name="description" content="All routes are back.">' in html
    assert '<meta property="og:title" content="Ferries run again">' in html
    assert '<meta name="twitter:description" content="All routes are back.">' in html
