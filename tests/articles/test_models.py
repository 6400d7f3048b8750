from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2012, 7, 9, 12, 0)


@time_machine.travel(NOON, tick=False)
def test_published_lists_only_articles_whose_time_has_come():
    past = make_article(published_at=NOON - timedelta(days=1))
    now = make_article(published_at=NOON)
    make_article(published_at=None)
    make_article(published_at=NOON + timedelta(seconds=1))

    assert list(Article.objects.published()) == [now, past]


def test_scheduled_article_becomes_visible_exactly_at_its_time():
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        article = make_article(published_at=NOON)
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert article.status == Article.Status.SCHEDULED
        assert not article.is_published
    with time_machine.travel(NOON, tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert article.status == Article.Status.PUBLISHED
        assert article.is_published


@time_machine.travel(NOON, tick=False)
def test_drafts_and_scheduled_querysets_partition_the_unpublished():
    draft = make_article(published_at=None)
    scheduled = make_article(published_at=NOON + timedelta(hours=1))
    make_article(published_at=NOON - timedelta(hours=1))

    assert list(Article.objects.drafts()) == [draft]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert draft.status == Article.Status.DRAFT
    assert draft.get_status_display() == "Draft"


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_changing_reader_content_moves_last_updated(field):
    with time_machine.travel(NOON, tick=False):
        article = make_article(published_at=NOON)
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        setattr(article, field, "Something readers will notice")
        article.save()
    article.refresh_from_db()
    assert article.updated_at == NOON + timedelta(hours=2)
    assert article.last_updated == NOON + timedelta(hours=2)


def test_save_without_content_change_keeps_last_updated():
    with time_machine.travel(NOON, tick=False):
        article = make_article(published_at=NOON)
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        article.slug = "a-new-address"
        article.save()
        Article.objects.get(pk=article.pk).save()
    article.refresh_from_db()
    assert article.updated_at == NOON
    assert article.modified == NOON + timedelta(hours=2)


def test_last_updated_is_never_earlier_than_the_publish_time():
    with time_machine.travel(NOON, tick=False):
        article = make_article(published_at=NOON + timedelta(days=3))
    assert article.updated_at == NOON
    assert article.last_updated == NOON + timedelta(days=3)


def test_update_fields_save_of_the_body_renders_html_and_moves_last_updated():
    with time_machine.travel(NOON, tick=False):
        article = make_article(body="old")
    with time_machine.travel(NOON + timedelta(minutes=5), tick=False):
        article.body = "*new*"
        article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p><em>new</em></p>"
    assert article.updated_at == NOON + timedelta(minutes=5)


def test_body_html_is_rendered_and_sanitised_on_save():
    article = make_article(body="## Heading\n\n<script>alert(1)</script>\n\n- one\n- two")
    stored = Article.objects.values_list("body_html", flat=True).get(pk=article.pk)
    assert "<h2>Heading</h2>" in stored
    assert "<li>one</li>" in stored
    assert "<script" not in stored


def test_article_knows_its_canonical_url_including_unicode_slugs():
    assert make_article(slug="cycle-lanes").get_absolute_url() == "/articles/cycle-lanes/"
    assert make_article(slug="zürich").get_absolute_url() == "/articles/z%C3%BCrich/"


def test_database_refuses_an_empty_headline_or_slug():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(title="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="")


def test_database_refuses_a_duplicate_slug():
    make_article(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="taken")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query planner")
def test_public_list_query_can_use_the_publish_time_index():
    make_article()
    queryset = Article.objects.published()[:20]
    with connection.cursor() as cursor:
        # Tiny tables are seq-scanned anyway; forbid that to see whether the index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    # The partial index of what readers may see (withdrawn articles left out), or its
    # per-language twin: on a tiny table the planner may take either.
    assert "article_public_idx" in plan or "article_language_public_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_languages_list_query_can_use_the_per_language_index():
    make_article(language="fr")
    queryset = Article.objects.published().in_language("fr")[:20]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # On a table this small a sort is cheapest; at archive size it is reading the
        # rows in order from the index that keeps a language's list bounded.
        cursor.execute("SET LOCAL enable_sort = off")
        plan = queryset.explain()
    assert "article_language_public_idx" in plan
