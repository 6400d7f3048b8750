"""Filing an article in the admin: section, ordered byline, tags, with autocomplete."""

import json

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Section
from tests.factories import (
    TYPED_PUBLISH_TIME,
    article_form_data,
    make_author,
    make_filed_article,
    make_section,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def test_staff_file_an_article_with_section_ordered_byline_and_tags(staff_client):
    city = make_section("City")
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker")
    harbour, ferries = Tag.objects.create(name="harbour"), Tag.objects.create(name="ferries")

    response = staff_client.post(
        ADD_URL,
        article_form_data(
            **TYPED_PUBLISH_TIME,
            section=city.pk,
            byline=[tom.pk, amira.pk],
            tags=[harbour.pk, ferries.pk],
        ),
    )

    assert response.status_code == 302
    article = Article.objects.with_bylines().get(slug="harbour-reopens")
    assert article.section == city
    assert article.byline_authors == [tom, amira]
    assert sorted(tag.name for tag in article.tags.all()) == ["ferries", "harbour"]


def test_change_form_shows_the_byline_in_its_order_and_can_reorder_it(staff_client):
    amira, tom = make_author("Amira Haddad"), make_author("Tom Becker")
    article = make_filed_article(authors=[tom, amira])
    change_url = reverse("admin:articles_article_change", args=[article.pk])

    html = staff_client.get(change_url).content.decode()
    assert html.index(">Tom Becker</option>") < html.index(">Amira Haddad</option>")

    staff_client.post(
        change_url,
        article_form_data(
            **TYPED_PUBLISH_TIME, title=article.title, slug=article.slug, byline=[amira.pk, tom.pk]
        ),
    )
    assert Article.objects.with_bylines().get().byline_authors == [amira, tom]


def test_writers_own_author_profile_is_preselected_on_a_new_article(staff_client, staff_user):
    make_author("Someone Else")
    me = make_author("Desk Editor", user=staff_user)

    html = staff_client.get(ADD_URL).content.decode()

    assert f'<option value="{me.pk}" selected>Desk Editor</option>' in html
    assert "Someone Else" not in html


def test_no_author_is_preselected_for_staff_without_a_profile(staff_client):
    make_author("Someone Else")
    html = staff_client.get(ADD_URL).content.decode()
    assert "selected>Someone Else" not in html


@pytest.mark.parametrize(
    ("field", "make", "term", "expected"),
    [
        ("section", lambda: make_section("Transport"), "trans", "Transport"),
        ("authors", lambda: make_author("Tom Becker"), "beck", "Tom Becker"),
        ("tags", lambda: Tag.objects.create(name="harbour"), "harb", "harbour"),
    ],
)
def test_autocomplete_finds_sections_authors_and_tags(staff_client, field, make, term, expected):
    make()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert [result["text"] for result in json.loads(response.content)["results"]] == [expected]


def test_a_section_with_articles_cannot_be_deleted(staff_client):
    city = make_section("City")
    make_filed_article(section=city)

    response = staff_client.post(
        reverse("admin:articles_section_delete", args=[city.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "Cannot delete section" in response.content.decode()
    assert Section.objects.filter(pk=city.pk).exists()
