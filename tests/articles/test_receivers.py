"""articles/receivers.py: what readers see goes stale with any write to it, and only that."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import EditingSession, Revision
from tests.factories import make_article, make_author, make_section


@pytest.mark.django_db(transaction=True)
def test_writes_in_one_transaction_move_the_generation_once_at_commit(generation_moves):
    with transaction.atomic():
        article = make_article(title="Harbour reopens")
        article.set_byline([make_author("Amira Haddad"), make_author("Tom Becker")])
        article.tags.add(Tag.objects.create(name="harbour"))
        article.section = make_section("City")
        article.save()
        assert generation_moves == []  # nothing committed yet: readers may still see the old
    assert len(generation_moves) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_cached_pages_alone(generation_moves):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(title="Never published")
        raise RuntimeError
    assert generation_moves == []


@pytest.mark.django_db(transaction=True)
def test_what_readers_never_see_does_not_empty_the_cache(generation_moves, django_user_model):
    article = make_article()
    editor = django_user_model.objects.create_user("desk", password="x" * 16)
    generation_moves.clear()

    Revision.objects.create(article=article, snapshot={"title": "Draft"})
    EditingSession.objects.create(article=article, user=editor)
    SessionStore().save()

    assert generation_moves == []


@pytest.mark.django_db
def test_deleting_sessions_in_bulk_uses_one_delete_query():
    for _ in range(3):
        SessionStore().save()

    with CaptureQueriesContext(connection) as queries:
        Session.objects.all().delete()

    # Django's fast delete: no row is loaded or signalled one by one.
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["DELETE"]
    assert not Session.objects.exists()
