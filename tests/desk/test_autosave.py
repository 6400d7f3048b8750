import json

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import Article, Autosave, Revision
from tests.factories import NEW_STORY, article_form_data, change_url, make_article, utc

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def autosave(client, article=None, token="", **fields):
    return client.post(
        autosave_url(article),
        json.dumps({"fields": fields, "version_token": token}),
        content_type="application/json",
    )


def waiting(response):
    return response.context["autosave"]["waiting"]


@override_settings(TIME_ZONE="Europe/Berlin")
def test_autosave_is_private_and_moves_nothing_readers_see(staff_client, generation_moves):
    article = make_article(body="Published text.", updated_at=utc(2012, 7, 9, 8, 0))
    modified = Article.objects.get(pk=article.pk).modified

    with time_machine.travel(utc(2012, 7, 9, 8, 42, 5), tick=False):
        response = autosave(staff_client, article, token="7-1", body="Published text. The mayor")

    assert response.status_code == 200
    assert response.json()["label"] == "10:42"  # the newsroom's zone
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    kept = Autosave.objects.get()
    assert kept.fields == {"body": "Published text. The mayor"}
    assert kept.version_token == "7-1"
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.modified, stored.updated_at) == (
        "Published text.",
        modified,
        utc(2012, 7, 9, 8, 0),
    )
    assert not Revision.objects.exists()
    assert generation_moves == []
    # Readers see the published text.
    assert "The mayor" not in Client().get(article.get_absolute_url()).content.decode()


def test_the_form_offers_the_autosave_back_to_its_editor_only(staff_client, django_user_model):
    article = make_article()
    autosave(staff_client, article, body="Half a sentence")
    # Autosaving again replaces the text: one autosave per editor and article.
    autosave(staff_client, article, body="Half a sentence, then more")

    offered = waiting(staff_client.get(change_url(article)))

    assert offered["fields"] == {"body": "Half a sentence, then more"}
    assert Autosave.objects.count() == 1
    other = django_user_model.objects.create_superuser("ben", "ben@example.org", "x")
    client = Client()
    client.force_login(other)
    assert waiting(client.get(change_url(article))) is None


def test_the_change_form_carries_the_offer_and_its_script(staff_client):
    article = make_article()
    autosave(staff_client, article, body="Typed before the crash")

    html = staff_client.get(change_url(article)).content.decode()

    assert 'id="autosave"' in html and "desk/autosave.js" in html
    assert 'id="autosave-waiting" type="application/json"' in html
    assert "Typed before the crash" in html


def test_a_real_save_clears_the_autosave(staff_client):
    article = make_article()
    data = article_form_data(article, client=staff_client)
    autosave(staff_client, article, token=data["version_token"], body="Nearly done")

    response = staff_client.post(change_url(article), {**data, "body": "Done."})

    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_article_is_recoverable_and_its_save_clears_the_autosave(staff_client):
    assert autosave(staff_client, title="Harbour reop", body="Ferries").status_code == 200

    offered = waiting(staff_client.get(ADD_URL))
    assert offered["fields"] == {"title": "Harbour reop", "body": "Ferries"}
    assert Autosave.objects.get().article is None

    response = staff_client.post(ADD_URL, {**NEW_STORY, "corrections-TOTAL_FORMS": "0"})
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_restoring_after_someone_elses_save_meets_the_conflict_check(
    staff_client, django_user_model
):
    """The autosave keeps the version it was typed against; the form posts it back, so an
    autosave never overwrites a colleague's save."""
    article = make_article(body="First.")
    data = article_form_data(article, client=staff_client)
    autosave(staff_client, article, token=data["version_token"], body="Mine.")
    colleague = Client()
    colleague.force_login(django_user_model.objects.create_superuser("ben", "b@example.org", "x"))
    colleague.post(
        change_url(article), {**article_form_data(article, client=colleague), "body": "Theirs."}
    )

    offered = waiting(staff_client.get(change_url(article)))
    restored = {
        **data,
        "body": offered["fields"]["body"],
        "version_token": offered["version_token"],
    }
    response = staff_client.post(change_url(article), restored)

    assert response.status_code == 200
    assert "changed this article" in response.content.decode()
    assert "Mine." in response.content.decode()  # still in the form
    assert Article.objects.get(pk=article.pk).body == "Theirs."


def test_discarding_deletes_the_autosave(staff_client):
    article = make_article()
    autosave(staff_client, article, body="Not wanted")

    response = staff_client.post(
        autosave_url(article), json.dumps({"discard": True}), content_type="application/json"
    )

    assert response.json() == {"discarded": True}
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"fields": {"body": 3}}',
        b'{"fields": {"title": "' + b"x" * 500 + b'"}}',
    ],
)
def test_junk_is_a_400(staff_client, body):
    article = make_article()
    response = staff_client.post(autosave_url(article), body, content_type="application/json")
    assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_only_who_may_change_the_article_autosaves_it(client, log_in_as, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = make_article()

    assert autosave(client, article, body="x").status_code == 403
    assert autosave(client, body="x").status_code == 403
    assert "autosave" not in client.get(change_url(article)).context
    assert not Autosave.objects.exists()


def test_fields_outside_the_text_are_not_kept(staff_client):
    autosave(staff_client, title="T", published_at_0="2012-07-09", version_token="x")
    assert Autosave.objects.get().fields == {"title": "T"}


def test_an_autosave_arriving_after_its_editors_own_save_is_not_kept(staff_client):
    article = make_article()
    data = article_form_data(article, client=staff_client)
    staff_client.post(change_url(article), {**data, "body": "Saved."})

    # Sent with the version the editor had before pressing Save.
    late = autosave(staff_client, article, token=data["version_token"], body="Saved.")

    assert late.status_code == 409
    assert not Autosave.objects.exists()
