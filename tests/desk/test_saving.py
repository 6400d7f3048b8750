"""desk/saving.py: one press of Save, in order, with one cache invalidation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from tests.factories import (
    article_form_data,
    change_url,
    make_article,
    make_author,
    make_section,
)


@pytest.mark.django_db(transaction=True)
def test_one_admin_save_moves_the_generation_once(client, staff_user, generation_moves):
    client.force_login(staff_user)
    section = make_section("City")
    authors = [make_author(name) for name in ("Amira Haddad", "Tom Becker", "Lena Park")]
    tags = [Tag.objects.create(name=name) for name in ("harbour", "ferries")]
    article = make_article(title="Harbour reopens")
    data = article_form_data(article, client=client)
    generation_moves.clear()

    response = client.post(
        change_url(article),
        {
            **data,
            "title": "Harbour reopens after the storm",
            "section": section.pk,
            "byline": [author.pk for author in authors],
            "tags": [tag.pk for tag in tags],
            "_continue": "1",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Harbour reopens after the storm"
    assert article.byline_authors == authors
    # The article, three bylines, two taggings and a revision were written: one move.
    assert len(generation_moves) == 1


@pytest.mark.django_db(transaction=True)
def test_a_draft_of_a_live_article_leaves_readers_pages_alone(client, staff_user, generation_moves):
    client.force_login(staff_user)
    article = make_article(title="Harbour reopens")
    data = article_form_data(article, client=client)
    generation_moves.clear()

    client.post(change_url(article), {**data, "title": "Not yet", "_save_draft": "1"})

    assert generation_moves == []
    article.refresh_from_db()
    assert article.title == "Harbour reopens"


@pytest.mark.django_db
def test_a_save_reads_the_stored_article_once(staff_client):
    article = make_article(title="Harbour reopens", slug="harbour-reopens")
    data = article_form_data(article, client=staff_client)

    with CaptureQueriesContext(connection) as queries:
        staff_client.post(
            change_url(article), {**data, "body": "Ferries run again.", "_continue": "1"}
        )

    reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and 'FROM "articles_article"' in query["sql"]
        # (not the form's check that no other article has the slug)
        and "NOT (" not in query["sql"]
    ]
    # Once, under the row lock (SELECT ... FOR UPDATE on PostgreSQL): the version check,
    # Article.save() and the revision all reuse that read.
    assert len(reads) == 1, reads
