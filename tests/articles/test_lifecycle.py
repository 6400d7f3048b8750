"""Old addresses: 301 after a rename, 410 after withdrawal or deletion (articles/lifecycle.py)."""

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Tombstone
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2012, 7, 9, 12)


def url(slug):
    return reverse("articles:article", kwargs={"slug": slug})


def rename(article, slug):
    article.slug = slug
    article.save()
    return article


def withdraw(article, reason="The central claim could not be verified."):
    article.withdrawn_at = NOON
    article.withdrawal_reason = reason
    article.save()
    return article


def test_withdrawn_article_answers_410_with_headline_date_and_reason(client):
    article = withdraw(make_article(title="Mayor to resign", published_at=utc(2012, 7, 1)))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 410
    html = response.content.decode()
    assert "<h1>Mayor to resign</h1>" in html
    assert 'Withdrawn: <time datetime="2012-07-09T12:00:00+00:00">09 Jul. 2012</time>' in html
    assert "The central claim could not be verified." in html
    assert article.body_html not in html


def test_withdrawn_article_leaves_the_home_page_and_published(client):
    kept = make_article(title="Budget vote")
    withdrawn = withdraw(make_article(title="Mayor to resign"))

    html = client.get(reverse("articles:home")).content.decode()

    assert "Budget vote" in html and "Mayor to resign" not in html
    assert list(Article.objects.published()) == [kept]
    assert withdrawn.status == Article.Status.WITHDRAWN
    assert not withdrawn.is_published


def test_reinstated_article_is_readable_again(client):
    article = withdraw(make_article(title="Mayor to resign"))
    article.withdrawn_at = None
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 200


def test_deleted_published_article_answers_410_at_every_address_it_had(client):
    article = make_article(title="Mayor to resign", slug="mayor-resigns")
    rename(article, "mayor-to-resign")

    article.delete()

    for slug in ("mayor-resigns", "mayor-to-resign"):
        response = client.get(url(slug))
        assert response.status_code == 410
        assert "<h1>Mayor to resign</h1>" in response.content.decode()
        assert "no longer available" in response.content.decode()
    assert not client.get(reverse("articles:home")).context["articles"]


@pytest.mark.parametrize("published_at", [None, utc(2999, 1, 1)], ids=["draft", "scheduled"])
def test_deleting_an_article_readers_never_saw_leaves_no_trace(client, published_at):
    article = make_article(slug="secret-plans", published_at=published_at)
    article.delete()

    assert client.get(url("secret-plans")).status_code == 404
    assert not Tombstone.objects.exists()


def test_renamed_article_redirects_permanently_from_every_old_slug_in_one_hop(client):
    article = make_article(slug="harbour-closed")
    rename(article, "harbour-closed-for-storm")
    rename(article, "harbour-reopens")

    for old in ("harbour-closed", "harbour-closed-for-storm"):
        response = client.get(url(old))
        assert response.status_code == 301
        assert response["Location"] == url("harbour-reopens")
    assert client.get(url("harbour-reopens")).status_code == 200


@pytest.mark.parametrize("published_at", [None, utc(2999, 1, 1)], ids=["draft", "scheduled"])
def test_renaming_an_unpublished_article_creates_no_redirect(client, published_at):
    article = make_article(slug="first-idea", published_at=published_at)
    rename(article, "better-idea")

    assert client.get(url("first-idea")).status_code == 404


def test_a_later_article_that_takes_an_old_slug_wins_over_the_redirect(client):
    first = rename(make_article(slug="election-results", title="First count"), "first-count")
    later = make_article(slug="election-results", title="Final results")

    response = client.get(url("election-results"))

    assert response.status_code == 200
    assert response.context["article"] == later
    assert client.get(url("first-count")).context["article"] == first


def test_an_old_slug_keeps_redirecting_while_the_article_taking_it_is_a_draft(client):
    first = rename(make_article(slug="election-results"), "first-count")
    make_article(slug="election-results", published_at=None)

    response = client.get(url("election-results"))

    assert response.status_code == 301
    assert response["Location"] == first.get_absolute_url()


def test_renaming_back_to_an_old_slug_answers_there_without_a_loop(client):
    article = rename(make_article(slug="storm-warning"), "storm-warning-lifted")
    rename(article, "storm-warning")

    assert client.get(url("storm-warning")).status_code == 200
    response = client.get(url("storm-warning-lifted"))
    assert response["Location"] == url("storm-warning")


def test_renaming_away_from_a_deleted_articles_slug_replaces_its_tombstone(client):
    make_article(slug="ferry-fares").delete()
    later = make_article(slug="ferry-fares")
    rename(later, "ferry-fares-frozen")

    response = client.get(url("ferry-fares"))

    assert response.status_code == 301
    assert response["Location"] == later.get_absolute_url()


def test_deleting_the_later_holder_of_a_slug_turns_its_redirect_into_410(client):
    rename(make_article(slug="ferry-fares"), "ferry-fares-2012")
    make_article(slug="ferry-fares", title="Fares frozen again").delete()

    response = client.get(url("ferry-fares"))

    assert response.status_code == 410
    assert "Fares frozen again" in response.content.decode()


@time_machine.travel(NOON, tick=False)
def test_staff_preview_a_withdrawn_article_with_a_banner(staff_client):
    article = withdraw(make_article(title="Mayor to resign"))

    response = staff_client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Withdrawn <time" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_redirect_costs_at_most_four_queries(client, django_assert_max_num_queries):
    rename(make_article(slug="old-name"), "new-name")
    # Public article? Withdrawn? Redirect? And, once per page-cache generation, the time
    # of the next scheduled publication (how long the 301 may be cached).
    with django_assert_max_num_queries(4):
        assert client.get(url("old-name")).status_code == 301
