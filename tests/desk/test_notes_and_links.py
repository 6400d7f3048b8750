"""Editor notes and the share-preview links listed on an article (desk/views.py)."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import EditorNote, SharedPreviewLink
from tests.factories import change_url, make_article, utc

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def notes_url(article):
    return reverse("admin:articles_article_notes", args=[article.pk])


def test_an_editor_leaves_a_note_that_the_desk_sees_and_readers_never_do(client, log_in_as):
    article = make_article(title="Harbour reopens")
    editor = log_in_as("Editor")

    response = client.post(
        notes_url(article), {"note": "Check the <b>ferry</b> times."}, follow=True
    )

    assert "Note added for the desk." in response.content.decode()
    note = EditorNote.objects.get()
    assert (note.article, note.author, note.text) == (
        article,
        editor,
        "Check the <b>ferry</b> times.",
    )
    log_in_as("Writer")
    form = client.get(change_url(article)).content.decode()
    assert "Check the &lt;b&gt;ferry&lt;/b&gt; times." in form  # escaped, never marked safe
    assert "2012-07-09 12:00 UTC</time>, editor:" in form
    assert "ferry</b> times" not in Client().get(article.get_absolute_url()).content.decode()
    assert "ferry" not in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "text, message", [("  ", "Write the note first."), ("x" * 2001, "at most")]
)
def test_an_empty_or_overlong_note_is_refused_with_a_message(staff_client, text, message):
    article = make_article()

    response = staff_client.post(notes_url(article), {"note": text}, follow=True)

    assert message in response.content.decode()
    assert not EditorNote.objects.exists()


def test_readers_and_viewers_cannot_leave_notes(client, django_user_model):
    article = make_article()
    assert client.post(notes_url(article), {"note": "Hi"}).status_code == 302  # to the login
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)
    assert client.post(notes_url(article), {"note": "Hi"}).status_code == 403
    assert client.get(notes_url(article)).status_code == 405
    assert not EditorNote.objects.exists()


def share(client, article):
    response = client.post(
        reverse("admin:articles_article_share_preview", args=[article.pk]), follow=True
    )
    return re.search(r"http://testserver(/preview/\S+/)", response.content.decode()).group(1)


def test_share_links_are_listed_with_their_expiry_and_revoked_one_by_one(staff_client, staff_user):
    article = make_article(published_at=None)
    first, second = share(staff_client, article), share(staff_client, article)

    form = staff_client.get(change_url(article)).content.decode()
    listed = form.split('id="preview-links"')[1]
    assert f"http://testserver{first}" in listed and f"http://testserver{second}" in listed
    assert "2012-07-11 12:00 UTC" in listed  # 48 hours
    assert 'form="preview-link-revoke-form"' in listed

    link = SharedPreviewLink.objects.get(path=first)
    assert link.created_by == staff_user
    response = staff_client.post(
        reverse("admin:articles_article_revoke_preview", args=[article.pk]),
        {"link": link.pk},
        follow=True,
    )

    assert "That preview link has stopped working." in response.content.decode()
    reader = Client()
    assert reader.get(first).status_code == 410
    assert reader.get(second).status_code == 200
    listed = staff_client.get(change_url(article)).content.decode().split('id="preview-links"')[1]
    assert first not in listed and second in listed


def test_revoking_all_links_empties_the_list(staff_client):
    article = make_article(published_at=None)
    link = share(staff_client, article)

    staff_client.post(reverse("admin:articles_article_revoke_preview", args=[article.pk]))

    assert Client().get(link).status_code == 410
    form = staff_client.get(change_url(article)).content.decode()
    assert "No working share-preview links." in form


def test_revoking_an_unknown_link_says_so(staff_client):
    article = make_article()
    response = staff_client.post(
        reverse("admin:articles_article_revoke_preview", args=[article.pk]),
        {"link": "nope"},
        follow=True,
    )
    assert "That link was already revoked or expired." in response.content.decode()


def test_the_change_form_costs_the_same_with_many_notes_and_links(staff_client, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()

    def form_queries():
        staff_client.get(change_url(article))  # the editing session exists from now on
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(change_url(article)).status_code == 200
        return len(queries)

    EditorNote.objects.create(article=article, author=staff_user, text="One.")
    share(staff_client, article)
    with_one = form_queries()
    for n in range(10):
        EditorNote.objects.create(article=article, author=staff_user, text=f"Note {n}.")
        share(staff_client, article)

    assert form_queries() == with_one


def test_a_link_made_for_a_partner_is_listed_with_their_name(staff_client):
    article = make_article(published_at=utc(2012, 7, 10, 6), embargo_until=utc(2012, 7, 10, 6))
    response = staff_client.post(
        reverse("admin:articles_article_share_preview", args=[article.pk]),
        {"shared_with": "  Harbour   Agency "},
        follow=True,
    )
    assert "Share preview link for Harbour Agency to" in response.content.decode()
    (link,) = SharedPreviewLink.objects.all()
    assert link.shared_with == "Harbour Agency"
    listed = staff_client.get(change_url(article)).content.decode().split('id="preview-links"')[1]
    assert "<td>Harbour Agency</td>" in listed
    assert Client().get(link.path).status_code == 200  # the partner reads it under embargo
