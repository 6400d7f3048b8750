from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article, Revision, Tombstone
from tests.factories import (
    article_form_data,
    change_url,
    make_author,
    make_correction,
    make_filed_article,
    utc,
)

pytestmark = pytest.mark.django_db

TRASH = reverse("admin:articles_trashedarticle_changelist")


def delete(client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    return client.post(url, {"post": "yes"})


def trash_action(client, action, *articles):
    return client.post(
        TRASH, {"action": action, "_selected_action": [a.pk for a in articles], "index": 0}
    )


@pytest.fixture
def story():
    article = make_filed_article(
        title="Mayor to resign",
        slug="mayor-to-resign",
        authors=[make_author("Amira Haddad")],
        tags=["council"],
        published_at=utc(2012, 7, 9, 8),
    )
    make_correction(article)
    Revision.objects.create(article=article, snapshot={"title": "Mayor to resign"})
    return article


def test_deleting_moves_the_article_to_the_trash_and_its_address_answers_410(staff_client, story):
    confirmation = staff_client.get(reverse("admin:articles_article_delete", args=[story.pk]))
    assert "go to the trash for 30 days" in confirmation.content.decode()

    assert delete(staff_client, story).status_code == 302

    stored = Article.objects.get(pk=story.pk)
    assert stored.trashed_at is not None
    assert Client().get(story.get_absolute_url()).status_code == 410
    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "“Mayor to resign” is in the trash for 30 days" in listing
    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Mayor to resign" not in listing
    trash = staff_client.get(TRASH).content.decode()
    assert "Mayor to resign" in trash
    # Its change form is gone with it: nothing can be saved into the trash.
    assert staff_client.get(change_url(story)).status_code == 302


def test_restoring_brings_everything_back_as_it_was(staff_client, story):
    delete(staff_client, story)

    response = trash_action(staff_client, "restore", story)

    assert response.status_code == 302
    restored = Article.objects.get(pk=story.pk)
    assert restored.trashed_at is None
    assert [a.name for a in restored.byline_authors] == ["Amira Haddad"]
    assert [t.name for t in restored.tags.all()] == ["council"]
    assert restored.corrections.count() == 1
    assert restored.revisions.count() == 1
    page = Client().get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Mayor to resign" in page.content.decode()


def test_bulk_delete_from_the_list_also_uses_the_trash(staff_client, story):
    staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
    )
    assert Article.objects.in_trash().get() == story


def test_emptying_the_trash_is_explicit_and_leaves_a_410(staff_client, story):
    delete(staff_client, story)

    trash_action(staff_client, "delete_for_good", story)

    assert not Article.objects.exists()
    assert Tombstone.objects.filter(slug="mayor-to-resign").exists()
    assert Client().get(story.get_absolute_url()).status_code == 410


def test_a_trashed_draft_is_not_found(staff_client):
    draft = make_filed_article(published_at=None)
    delete(staff_client, draft)
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_purge_deletes_what_waited_longer_than_the_limit(settings, story, capsys):
    settings.NEWSROOM_TRASH_DAYS = 30
    recent = make_filed_article(title="Recent")
    with time_machine.travel(utc(2030, 1, 1), tick=False):
        story.move_to_trash()
    with time_machine.travel(utc(2030, 1, 20), tick=False):
        recent.move_to_trash()

    with time_machine.travel(utc(2030, 1, 31, 0, 0, 1), tick=False):
        call_command("purge_trash")

    assert list(Article.objects.all()) == [recent]
    assert "Deleted 1 article(s) from the trash for good after 30 days." in capsys.readouterr().out
    call_command("purge_trash", "--all")
    assert not Article.objects.exists()


def test_only_administrators_see_and_restore_the_trash(client, log_in_as, story):
    story.move_to_trash()
    log_in_as("Editor")
    assert client.get(TRASH).status_code == 403
    assert trash_action(client, "restore", story).status_code == 403
    assert Article.objects.get().trashed_at is not None


@pytest.mark.django_db(transaction=True)  # cached pages go when the move commits
def test_a_trashed_article_leaves_the_public_lists(client, story):
    assert b"Mayor to resign" in client.get("/").content
    story.move_to_trash()
    assert b"Mayor to resign" not in client.get("/").content
    assert b"mayor-to-resign" not in client.get("/sitemap-articles.xml").content


def test_the_trash_lists_when_each_article_goes_for_good(staff_client, settings, story):
    settings.NEWSROOM_TRASH_DAYS = 30
    with time_machine.travel(utc(2012, 7, 9, 10), tick=False):
        story.move_to_trash()
    assert story.trashed_at + timedelta(days=30) == utc(2012, 8, 8, 10)
    assert "Aug. 8, 2012" in staff_client.get(TRASH).content.decode()


def test_the_trashed_articles_own_delete_page_deletes_for_good_with_tombstones(staff_client, story):
    story.move_to_trash()
    url = reverse("admin:articles_trashedarticle_delete", args=[story.pk])

    assert staff_client.post(url, {"post": "yes"}).status_code == 302

    assert not Article.objects.exists()
    assert Client().get(story.get_absolute_url()).status_code == 410


def test_a_slug_held_in_the_trash_is_explained(staff_client, story):
    story.move_to_trash()

    response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(slug="mayor-to-resign", title="Mayor to resign, again"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "A deleted article in the trash still holds this address" in html
    assert "already exists" not in html
