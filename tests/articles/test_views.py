from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import make_article, make_author, make_filed_article, make_section, utc

pytestmark = pytest.mark.django_db

PUBLISHED = utc(2012, 7, 9, 8, 0)
UPDATED = utc(2012, 7, 9, 8, 52)


def published_and_updated_article(**overrides):
    with time_machine.travel(PUBLISHED, tick=False):
        article = make_article(published_at=PUBLISHED, **overrides)
    with time_machine.travel(UPDATED, tick=False):
        article.body = "## Latest\n\n- first point\n- second point"
        article.save()
    return article


def test_reader_sees_headline_dates_and_rendered_body(client):
    article = published_and_updated_article(title="Harbour reopens", summary="After the storm.")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Harbour reopens</h1>" in html
    assert '<time datetime="2012-07-09T08:00:00+00:00">09 Jul. 2012</time>' in html
    assert 'Last updated: <time datetime="2012-07-09T08:52:00+00:00">09 Jul. 2012 08:52</time>' in (
        html
    )
    assert "<li>first point</li>" in html
    assert html.index("<h1>") < html.index("09 Jul. 2012") < html.index("Last updated")
    assert html.index("Last updated") < html.index("<li>first point</li>")


def test_dates_are_shown_in_the_newsrooms_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    # 23:30 UTC on the 8th is already the 9th in Berlin (UTC+2 in July).
    with time_machine.travel(utc(2012, 7, 8, 23, 30), tick=False):
        article = make_article(published_at=utc(2012, 7, 8, 23, 30))

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<time datetime="2012-07-09T01:30:00+02:00">09 Jul. 2012</time>' in html
    assert "Last updated: <time" in html and "09 Jul. 2012 01:30</time>" in html


def test_winter_dates_use_the_winter_offset(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    with time_machine.travel(utc(2012, 12, 31, 23, 15), tick=False):
        article = make_article(published_at=utc(2012, 12, 31, 23, 15))

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<time datetime="2013-01-01T00:15:00+01:00">01 Jan. 2013</time>' in html


def test_article_page_has_title_description_and_canonical_link(client):
    article = make_article(title="Cycle lanes approved", summary="The council voted 30 to 5.")

    response = client.get(article.get_absolute_url())

    assert "<title>Cycle lanes approved — Newsroom</title>" in response.content.decode()
    assert '<meta name="description" content="The council voted 30 to 5.">' in (
        response.content.decode()
    )
    assert (
        f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
        in response.content.decode()
    )


def test_article_page_is_accessible_html(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert '<html lang="en" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<article" in html and "<header" in html and "<footer" in html


def test_unicode_slug_article_opens(client):
    article = make_article(slug="zürich-partner-city", title="Zürich")
    response = client.get("/articles/z%C3%BCrich-partner-city/")
    assert response.status_code == 200
    assert response.context["article"] == article


@pytest.mark.parametrize("published_at", [None, utc(2999, 1, 1)], ids=["draft", "scheduled"])
def test_readers_get_a_404_page_for_unpublished_articles(client, published_at):
    article = make_article(published_at=published_at, title="Secret plans")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Secret plans" not in response.content.decode()


def test_unknown_slug_gets_the_404_page(client):
    response = client.get("/articles/no-such-story/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Go to the latest news" in response.content.decode()


def test_staff_preview_unpublished_article_uncached_and_not_indexed(staff_client):
    article = make_article(published_at=None, title="Budget analysis")

    response = staff_client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Preview — not published." in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_staff_see_published_articles_without_preview_banner(staff_client):
    article = make_article()
    response = staff_client.get(article.get_absolute_url())
    assert "Preview — not published" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_home_lists_published_articles_newest_first_with_date_and_summary(client):
    older = make_article(title="Older story", published_at=utc(2012, 7, 1, 9))
    newer = make_article(
        title="Newer story", summary="What happened next.", published_at=utc(2012, 7, 9, 9)
    )
    make_article(title="A draft", published_at=None)
    make_article(title="Scheduled story", published_at=utc(2999, 1, 1))

    response = client.get(reverse("articles:home"))

    assert [card.pk for card in response.context["articles"]] == [newer.pk, older.pk]
    html = response.content.decode()
    assert "A draft" not in html and "Scheduled story" not in html
    assert f'<a href="{newer.get_absolute_url()}">Newer story</a>' in html
    assert '<time datetime="2012-07-09T09:00:00+00:00">09 Jul. 2012</time>' in html
    assert "What happened next." in html


def test_home_paginates_twenty_articles_per_page(client):
    for day in range(1, 26):
        make_article(published_at=utc(2012, 7, day, 12))

    first = client.get(reverse("articles:home"))
    second = client.get(reverse("articles:home"), {"page": 2})

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    assert 'rel="prev" href="?page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1.5", "9" * 400, ""])
def test_bad_page_numbers_get_a_404_page_not_an_error(client, page):
    make_article()
    response = client.get(reverse("articles:home"), {"page": page})
    if page == "":
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_last_page_keyword_works(client):
    for day in range(1, 22):
        make_article(published_at=utc(2012, 7, day, 12))
    response = client.get(reverse("articles:home"), {"page": "last"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_home_without_articles_says_so(client):
    response = client.get(reverse("articles:home"))
    assert "Nothing has been published yet." in response.content.decode()


def test_server_error_page_is_friendly_and_self_contained():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_article_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    city = make_section("City")
    make_filed_article(section=city, tags=["harbour"])
    article = make_filed_article(section=city, tags=["harbour", "ferries"])
    # Cold caches: the article with its section, the latest publication (for the ETag),
    # the next scheduled publication, byline, tags, related articles, the navigation, the
    # breaking-news banner (every page shows it; remembered until a banner changes), the
    # footer's site pages (remembered with the navigation).
    with django_assert_max_num_queries(9):
        assert client.get(article.get_absolute_url()).status_code == 200
    # Warm: everything is kept until content changes (the article's own parts too,
    # rendered once, and checked by the stamps of what they show: no query).
    with django_assert_max_num_queries(0):
        # A session cookie bypasses the page cache, so the view really runs.
        response = client.get(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")
    related = response.content.decode().split('<aside class="related"')[1].split("</aside>")[0]
    assert related.count("<li>") == 1


def test_related_articles_pick_up_an_article_when_its_scheduled_time_comes(client):
    city = make_section("City")
    story = make_filed_article(section=city, published_at=utc(2030, 1, 1, 11))
    make_filed_article(section=city, title="Embargoed neighbour", published_at=utc(2030, 1, 1, 12))
    with time_machine.travel(utc(2030, 1, 1, 11, 59), tick=False):
        page = client.get(story.get_absolute_url(), HTTP_COOKIE="sessionid=x")
        assert "Embargoed neighbour" not in page.content.decode()
    with time_machine.travel(utc(2030, 1, 1, 12), tick=False):
        page = client.get(story.get_absolute_url(), HTTP_COOKIE="sessionid=x")
        assert "Embargoed neighbour" in page.content.decode()


def test_article_with_corrections_costs_one_query_more(client, django_assert_max_num_queries):
    from articles.models import Correction

    article = make_article()
    Correction.objects.create(article=article, text="An earlier version misspelt the name.")
    client.get("/")
    with django_assert_max_num_queries(5):
        response = client.get(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")
    assert "An earlier version misspelt the name." in response.content.decode()


def test_home_page_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    for _ in range(30):
        make_article()
    # Latest publication and the front's latest scheduled change (ETag), next
    # scheduled change (once per cache generation), breaking banner, count, page,
    # navigation sections and the footer's site pages; the front: placements, the latest
    # news filling it, section blocks, bylines.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("articles:home")).status_code == 200


def test_scheduled_article_appears_on_home_at_its_time(client):
    when = utc(2030, 1, 1, 6)
    make_article(title="Morning briefing", published_at=when)
    with time_machine.travel(when - timedelta(seconds=1), tick=False):
        assert "Morning briefing" not in client.get("/").content.decode()
    with time_machine.travel(when, tick=False):
        assert "Morning briefing" in client.get("/").content.decode()


def test_list_pages_stop_at_the_configured_depth(client, settings):
    settings.NEWSROOM_MAX_LIST_PAGES = 2
    settings.NEWSROOM_ARTICLES_PER_PAGE = 3
    for day in range(1, 11):
        make_article(published_at=utc(2012, 7, day, 12))

    last = client.get(reverse("articles:home"), {"page": 2})

    assert last.status_code == 200
    assert "Page 2 of 2" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()
    assert client.get(reverse("articles:home"), {"page": 3}).status_code == 404


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_article_page_shows_a_new_byline_and_tags_at_once(client):
    """The page remembers its byline, tags and kin until content changes, and no longer."""
    amira = make_author("Amira Haddad")
    article = make_filed_article(authors=[amira], tags=["harbour"])
    url = article.get_absolute_url()
    page = client.get(url, HTTP_COOKIE="sessionid=x").content.decode()
    assert "Amira Haddad" in page and "harbour" in page

    amira.name = "Amira Haddad-Lund"
    amira.save()
    article.set_byline([amira, make_author("Jon Berg")])
    article.tags.set(["ferries"])

    page = client.get(url, HTTP_COOKIE="sessionid=x").content.decode()
    assert "By <a" in page and "Amira Haddad-Lund</a> and <a" in page and "Jon Berg" in page
    assert ">ferries<" in page and ">harbour<" not in page
