import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from articles.models import Article, Revision
from tests.factories import article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(django_user_model):
    """Two logged-in desk editors with their own browsers (test clients)."""

    def editor(username, first, last):
        user = django_user_model.objects.create_superuser(
            username, f"{username}@example.org", "a long staff password"
        )
        user.first_name, user.last_name = first, last
        user.save()
        client = Client()
        client.force_login(user)
        return client

    return editor("amira", "Amira", "Haddad"), editor("ben", "Ben", "Ortiz")


def test_second_save_from_the_same_version_is_refused_and_keeps_both_texts(editors):
    amira, ben = editors
    article = make_article(title="Harbour reopens", body="Ferries run again.")
    amira_data = article_form_data(article, client=amira)
    ben_data = article_form_data(article, client=ben)

    with time_machine.travel(utc(2012, 7, 9, 10, 42), tick=False):
        assert (
            amira.post(
                change_url(article), {**amira_data, "body": "Ferries run again from Monday."}
            ).status_code
            == 302
        )
    response = ben.post(change_url(article), {**ben_data, "body": "Ferries and buses run again."})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Amira Haddad changed this article at 10:42, after you opened it." in html
    # Ben's text is still in the form, and the comparison shows both versions.
    assert response.context["adminform"].form["body"].value() == "Ferries and buses run again."
    assert "Ferries and buses run again.</textarea>" in html
    assert "Their version (saved)" in html and "Your version (not saved)" in html
    assert '<td class="old">Ferries run again<del> from Monday</del>.</td>' in html
    assert '<td class="new">Ferries<ins> and buses</ins> run again.</td>' in html
    assert 'name="_save_anyway"' in html
    assert f'href="{change_url(article)}"' in html  # take their version
    article.refresh_from_db()
    assert article.body == "Ferries run again from Monday."


def test_save_anyway_keeps_both_versions_in_the_history(editors):
    amira, ben = editors
    article = make_article(title="Harbour reopens", body="Ferries run again.")
    amira_data = article_form_data(article, client=amira)
    ben_data = article_form_data(article, client=ben)
    amira.post(change_url(article), {**amira_data, "body": "Amira's version."})
    conflict = ben.post(change_url(article), {**ben_data, "body": "Ben's version."})
    conflict_token = conflict.context["adminform"].form.conflict.token

    response = ben.post(
        change_url(article),
        {
            **ben_data,
            "body": "Ben's version.",
            "conflict_token": conflict_token,
            "_save_anyway": "save",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Ben's version."
    bodies = [revision.snapshot["body"] for revision in article.revisions.order_by("id")]
    assert bodies[-2:] == ["Amira's version.", "Ben's version."]
    latest = article.revisions.first()
    assert latest.author.username == "ben"
    assert latest.note.startswith("Saved over revision")


def test_save_anyway_is_refused_again_if_a_third_save_came_in_between(editors):
    amira, ben = editors
    article = make_article()
    amira_data = article_form_data(article, client=amira)
    ben_data = article_form_data(article, client=ben)
    amira.post(change_url(article), {**amira_data, "body": "First."})
    token = (
        ben.post(change_url(article), {**ben_data, "body": "Ben's."})
        .context["adminform"]
        .form.conflict.token
    )
    amira_data = article_form_data(article, client=amira)
    amira.post(change_url(article), {**amira_data, "body": "Second."})

    response = ben.post(
        change_url(article),
        {**ben_data, "body": "Ben's.", "conflict_token": token, "_save_anyway": "1"},
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.body == "Second."


def test_a_double_submit_is_refused_the_second_time(staff_client):
    article = make_article()
    data = article_form_data(article, client=staff_client)

    assert staff_client.post(change_url(article), {**data, "body": "Once."}).status_code == 302
    response = staff_client.post(change_url(article), {**data, "body": "Once."})

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert article.revisions.filter(snapshot__body="Once.").count() == 1


def test_a_saved_draft_also_counts_as_a_change(editors):
    amira, ben = editors
    article = make_article()
    amira_data = article_form_data(article, client=amira)
    ben_data = article_form_data(article, client=ben)

    amira.post(change_url(article), {**amira_data, "body": "Amira's draft.", "_save_draft": "1"})
    response = ben.post(
        change_url(article), {**ben_data, "body": "Ben's draft.", "_save_draft": "1"}
    )

    assert response.status_code == 200
    assert "Amira Haddad changed this article" in response.content.decode()
    assert Revision.objects.filter(kind=Revision.Kind.DRAFT).count() == 1


def test_a_change_made_outside_the_editor_is_detected_too(staff_client):
    article = make_article(body="Original.")
    data = article_form_data(article, client=staff_client)
    article.body = "Changed by an import."
    article.save()

    response = staff_client.post(change_url(article), {**data, "body": "Edited in the form."})

    assert response.status_code == 200
    assert "someone outside the editor changed this article" in response.content.decode().lower()
    article.refresh_from_db()
    assert article.body == "Changed by an import."


def test_adding_an_article_is_never_a_conflict(staff_client):
    response = staff_client.post(
        reverse("admin:articles_article_add"),
        {"title": "New", "slug": "new", "summary": "S.", "body": "B.", "version_token": ""},
    )
    assert response.status_code == 302
    assert Article.objects.get().revisions.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_exactly_one_wins(editors):
    amira, ben = editors
    article = make_article(body="Original.")
    amira_data = article_form_data(article, client=amira)
    ben_data = article_form_data(article, client=ben)
    start = threading.Barrier(2)
    status = {}

    def submit(name, client, data):
        try:
            start.wait()
            status[name] = client.post(
                change_url(article), {**data, "body": f"{name}'s text."}
            ).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=("amira", amira, amira_data)),
        threading.Thread(target=submit, args=("ben", ben, ben_data)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(status.values()) == [200, 302]
    winner = next(name for name, code in status.items() if code == 302)
    article.refresh_from_db()
    assert article.body == f"{winner}'s text."
    saved = article.revisions.exclude(note="History starts here")
    assert [revision.snapshot["body"] for revision in saved] == [f"{winner}'s text."]


def test_the_form_names_who_else_has_the_article_open(editors, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    amira, ben = editors
    article = make_article()
    with time_machine.travel(utc(2012, 7, 9, 8, 5), tick=False):
        amira.get(change_url(article))
    with time_machine.travel(utc(2012, 7, 9, 8, 6), tick=False):
        response = ben.get(change_url(article))
        _ = article_form_data(article, client=ben)

    assert response.context["also_editing"] == ["Amira Haddad (since 10:05)"]
    assert "Also editing: <span" in response.content.decode()


def test_the_notice_goes_away_when_the_other_editor_has_left(editors):
    amira, ben = editors
    article = make_article()
    with time_machine.travel(utc(2012, 7, 9, 8, 0), tick=False):
        amira.get(change_url(article))
    with time_machine.travel(utc(2012, 7, 9, 8, 5), tick=False):
        response = ben.get(change_url(article))
        _ = article_form_data(article, client=ben)
    assert response.context["also_editing"] == []


def test_heartbeat_keeps_the_notice_and_reports_the_others(editors):
    amira, ben = editors
    article = make_article()
    heartbeat = reverse("admin:articles_article_editing", args=[article.pk])
    with time_machine.travel(utc(2012, 7, 9, 8, 0), tick=False):
        amira.get(change_url(article))
        ben.get(change_url(article))
    with time_machine.travel(utc(2012, 7, 9, 8, 20), tick=False):
        ben.post(heartbeat)
        response = amira.post(heartbeat)

    assert response.json() == {"editors": ["Ben Ortiz (since 08:20)"]}
    assert "no-store" in response["Cache-Control"]
    assert amira.get(heartbeat).status_code == 405


def test_a_scripted_post_without_a_version_token_is_not_checked(staff_client):
    # Only forms rendered by the admin carry the token; scripts and older tests do not.
    article = make_article()
    data = article_form_data(article, client=staff_client)
    article.body = "Changed elsewhere."
    article.save()
    del data["version_token"]

    assert staff_client.post(change_url(article), {**data, "body": "Scripted."}).status_code == 302
    article.refresh_from_db()
    assert article.body == "Scripted."


def test_heartbeats_are_not_saves(editors):
    from django.db.models.signals import post_save

    amira, _ = editors
    article = make_article()
    heartbeat = reverse("admin:articles_article_editing", args=[article.pk])
    amira.get(change_url(article))
    saved = []

    def listener(sender, **kwargs):
        saved.append(sender)

    post_save.connect(listener)
    try:
        amira.post(heartbeat)
        amira.get(change_url(article))
    finally:
        post_save.disconnect(listener)

    assert saved == []
