from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.management.commands import seed_articles
from articles.markdown import render_markdown, top_heading_level
from articles.models import Article
from articles.search import article_search_vector, search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search vectors are stored on PostgreSQL"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # The seeder draws its lead pictures into the media folder.
    settings.MEDIA_ROOT = tmp_path


def seed(count, **options):
    # Text only unless a test asks: each drawn picture gets its renditions made inline.
    options.setdefault("photos", 0)
    call_command("seed_articles", count=count, stdout=StringIO(), verbosity=0, **options)


def test_seeded_articles_share_drawn_lead_pictures_with_their_renditions():
    from articles.models import Photo

    seed(6, photos=1)
    assert Photo.objects.count() == 1
    assert not Article.objects.filter(lead_photo__isnull=True).exists()
    assert all(photo.rendition_index for photo in Photo.objects.all())


def test_seeded_articles_look_like_articles_saved_one_by_one(client):
    seed(60, batch_size=25)

    articles = list(Article.objects.all())
    assert len(articles) == 60
    assert len({article.slug for article in articles}) == 60
    now = timezone.now()
    for article in articles:
        assert article.body_html == render_markdown(article.body)
        assert article.published_at <= article.updated_at
        assert now - timedelta(days=20 * 366) < article.published_at < now
    # News-story length: a few hundred words, headings, a list or a quote among them.
    words = [len(article.body.split()) for article in articles]
    assert min(words) >= 400 and max(words) <= 1000
    assert 500 <= sum(words) / len(words) <= 800
    assert any("<h2>" in article.body_html or "<ul>" in article.body_html for article in articles)
    newest = Article.objects.published().first()
    response = client.get(newest.get_absolute_url())
    assert response.status_code == 200
    assert newest.title in response.content.decode()


def test_seeding_adds_to_existing_articles_without_clashing():
    make_article(slug="existing")
    seed(10)
    seed(10)
    assert Article.objects.count() == 21


def test_seeding_is_repeatable_with_the_same_random_seed():
    seed(5, seed=7)
    first = list(Article.objects.order_by("id").values_list("title", "body"))
    Article.objects.all().delete()
    seed(5, seed=7)
    assert list(Article.objects.order_by("id").values_list("title", "body")) == first


def test_seeding_refuses_nonsense_counts():
    with pytest.raises(CommandError, match="must be positive"):
        seed(0)


def test_any_two_pool_blocks_render_like_their_parts():
    from itertools import permutations

    from articles.management.sample_news import paragraph_pool

    pool = paragraph_pool()
    for first, second in permutations(pool, 2):
        body = f"{first}\n\n{second}"
        # Each block as part of that body: its top heading decides every block's levels.
        top = top_heading_level(body)
        assert render_markdown(body) == (
            f"{render_markdown(first, top)}\n{render_markdown(second, top)}"
        )


def test_seeded_articles_are_filed_with_section_byline_and_tags(client):
    seed(30)

    articles = list(Article.objects.with_bylines())
    assert all(article.section_id for article in articles)
    assert all(1 <= len(article.byline_authors) <= 3 for article in articles)
    assert all(2 <= len(article.tag_list) <= 4 for article in articles)
    article = articles[0]
    section_page = client.get(article.section.get_absolute_url())
    assert section_page.status_code == 200
    author_page = client.get(article.byline_authors[0].get_absolute_url())
    assert author_page.status_code == 200


@postgresql_only
def test_seeded_search_vectors_are_what_saving_the_article_stores():
    seed(200, batch_size=70)

    seeded = Article.objects.annotate(expected=article_search_vector())
    pairs = list(seeded.values_list("search_vector", "expected"))
    assert len(pairs) == 200
    assert all(stored == expected for stored, expected in pairs)
    article = Article.objects.order_by("?").first()
    assert article in search_articles(Article.objects.published(), article.title)


@postgresql_only
def test_seeding_keeps_nothing_when_assembled_vectors_go_wrong(monkeypatch):
    assemble = seed_articles.SearchVectors.__call__

    def without_last_paragraph(self, title, paragraphs):
        return assemble(self, title, paragraphs[:-1])

    monkeypatch.setattr(seed_articles.SearchVectors, "__call__", without_last_paragraph)
    with pytest.raises(CommandError, match="differs from article_search_vector"):
        seed(10)
    assert not Article.objects.exists()
