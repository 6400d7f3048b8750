import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    TYPED_PUBLISH_TIME,
    article_form_data,
    change_url,
    make_article,
    make_translation,
    utc,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def test_staff_create_an_article_through_the_admin(staff_client):
    body = "## Details\n\n- ferries run again\n- cafés reopen"
    response = staff_client.post(ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, body=body))

    assert response.status_code == 302
    article = Article.objects.get(slug="harbour-reopens")
    assert article.title == "Harbour reopens"
    assert article.published_at == utc(2012, 7, 9, 8)
    assert "<li>ferries run again</li>" in article.body_html


def test_admin_reads_the_publish_time_in_the_newsrooms_zone(staff_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    staff_client.post(ADD_URL, article_form_data(**TYPED_PUBLISH_TIME))
    assert Article.objects.get().published_at == utc(2012, 7, 9, 6)


def test_article_without_publish_time_is_saved_as_a_draft(staff_client):
    staff_client.post(ADD_URL, article_form_data())
    assert Article.objects.get().status == Article.Status.DRAFT


def test_duplicate_slug_is_a_form_error_and_nothing_is_lost(staff_client):
    existing = make_article(slug="harbour-reopens", title="The original")

    response = staff_client.post(
        ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, title="A second story")
    )

    assert response.status_code == 200
    assert "Another article in this language already has this address" in response.content.decode()
    # What the editor typed is still in the form.
    assert "A second story" in response.content.decode()
    assert Article.objects.count() == 1
    existing.refresh_from_db()
    assert existing.title == "The original"


def test_invalid_slug_is_a_form_error(staff_client):
    response = staff_client.post(
        ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, slug="has spaces/and slashes")
    )
    assert response.status_code == 200
    assert "Enter a valid “slug”" in response.content.decode()
    assert not Article.objects.exists()


def test_editing_content_moves_last_updated_but_a_plain_resave_does_not(staff_client):
    with time_machine.travel(utc(2012, 7, 9, 8), tick=False):
        staff_client.post(ADD_URL, article_form_data(**TYPED_PUBLISH_TIME))
    article = Article.objects.get()

    with time_machine.travel(utc(2012, 7, 9, 9), tick=False):
        staff_client.post(change_url(article), article_form_data(**TYPED_PUBLISH_TIME))
    article.refresh_from_db()
    assert article.updated_at == utc(2012, 7, 9, 8)

    with time_machine.travel(utc(2012, 7, 9, 10), tick=False):
        staff_client.post(
            change_url(article), article_form_data(**TYPED_PUBLISH_TIME, body="Rewritten.")
        )
    article.refresh_from_db()
    assert article.updated_at == utc(2012, 7, 9, 10)
    assert article.body_html == "<p>Rewritten.</p>"


def test_change_form_has_live_preview_editor_and_view_on_site_link(staff_client):
    article = make_article()
    html = staff_client.get(change_url(article)).content.decode()

    assert 'class="markdownx"' in html
    assert f'data-markdownx-urls-path="{reverse("desk:markdown_preview")}"' in html
    assert "markdownx/js/markdownx" in html
    assert "View on site" in html


def test_add_form_prefills_the_slug_from_the_title(staff_client):
    response = staff_client.get(ADD_URL)
    fields = json.loads(response.context["prepopulated_fields_json"])
    assert fields == [
        {
            "id": "#id_slug",
            "name": "slug",
            "dependency_ids": ["#id_title"],
            "dependency_list": ["title"],
            "maxLength": 200,
            "allowUnicode": True,
        }
    ]


@time_machine.travel(utc(2012, 7, 9, 12), tick=False)
@pytest.mark.parametrize(
    "status, expected",
    [("draft", "A draft"), ("scheduled", "Tomorrow's story"), ("published", "Today's story")],
)
def test_changelist_filters_by_status(staff_client, status, expected):
    make_article(title="A draft", published_at=None)
    make_article(title="Tomorrow's story", published_at=utc(2012, 7, 10, 6))
    make_article(title="Today's story", published_at=utc(2012, 7, 9, 6))

    response = staff_client.get(reverse("admin:articles_article_changelist"), {"status": status})

    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == [expected]


def test_changelist_shows_status_and_search_works(staff_client):
    make_article(title="Storm closes harbour", published_at=None)
    make_article(title="Budget vote")

    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "harbour"})

    html = response.content.decode()
    assert "Storm closes harbour" in html
    assert "Budget vote" not in html
    assert "Draft" in html


def test_readers_cannot_open_the_admin(client):
    response = client.get(ADD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_last_updated_and_record_stamps_are_read_only(staff_client):
    article = make_article()
    original = article.updated_at
    staff_client.post(
        change_url(article),
        article_form_data(
            **TYPED_PUBLISH_TIME,
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            updated_at_0="2000-01-01",
            updated_at_1="00:00:00",
        ),
    )
    article.refresh_from_db()
    assert article.updated_at - original < timedelta(seconds=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_admin_search_uses_the_full_text_index_with_stemming(staff_client):
    make_article(title="Council elections called", slug="elections-called")
    make_article(title="Budget vote")

    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "election"})

    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == ["Council elections called"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_admin_search_finds_every_language_version_by_its_own_stemming(staff_client):
    english = make_article(title="Harbour negotiations resume", slug="talks")
    make_translation(english, title="Reprise des négociations", body="Au port.")
    make_article(title="Budget vote")

    changelist = reverse("admin:articles_article_changelist")
    french = staff_client.get(changelist, {"q": "négociation"}).context["cl"].result_list
    english_results = staff_client.get(changelist, {"q": "negotiation"}).context["cl"]

    assert [article.title for article in french] == ["Reprise des négociations"]
    assert [article.title for article in english_results.result_list] == [
        "Harbour negotiations resume"
    ]


def test_changelist_search_stops_counting_at_the_page_limit(staff_client, settings):
    from desk.admin import ArticleAdmin

    settings.NEWSROOM_MAX_LIST_PAGES = 2
    for number in range(ArticleAdmin.list_per_page * 2 + 5):
        make_article(title=f"Harbour report {number}", slug=f"harbour-report-{number}")

    response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "harbour"})

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == ArticleAdmin.list_per_page * 2
    assert "Harbour report 204" in response.content.decode()  # newest first


def test_the_slug_help_text_shows_an_example_address(staff_client):
    html = staff_client.get(ADD_URL).content.decode()
    assert "as in /articles/harbour-reopens/" in html
    assert "/articles//" not in html


def test_admin_pages_write_every_moment_one_way(staff_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    make_article(title="Embargoed budget", published_at=utc(2030, 7, 9, 8, 1))
    changelist = staff_client.get(reverse("admin:articles_article_changelist")).content
    index = staff_client.get(reverse("admin:index")).content
    assert "Scheduled for 2030-07-09 10:01 CEST" in changelist.decode()
    assert '<time datetime="2030-07-09T10:01:00+02:00">2030-07-09 10:01 CEST</time>' in (
        index.decode()
    )
