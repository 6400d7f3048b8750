from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from articles.management.commands import seed_articles
from articles.markdown import render_markdown, top_heading_level
from articles.models import Article, Story
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


def test_a_share_of_seeded_stories_get_a_french_version(client):
    seed(200, batch_size=70, translated_share=0.25)

    assert Article.objects.count() == 200
    french = list(Article.objects.filter(language="fr").select_related("translation_of"))
    # About a quarter of some 160 stories; each story has at most one French version.
    assert 25 <= len(french) <= 55
    assert Story.objects.count() == 200 - len(french)
    english = Article.objects.get(pk=french[0].translation_of_id)
    for version in french:
        source = version.translation_of
        assert source.language == "en" and version.story_id == source.story_id
        assert version.search_config == "french" and version.translator
        assert version.body_html == render_markdown(version.body)
        assert version.slug.endswith(source.slug.rsplit("-", 1)[1])
        assert version.translated_from_updated_at == source.updated_at
        assert source.updated_at <= version.published_at <= version.updated_at
        assert version.section_id == source.section_id
        assert version.lead_photo_id == source.lead_photo_id
        assert 400 <= len(version.body.split()) <= 1200
    # The same story, told in French: the blocks of the English body, translated.
    version = french[0]
    assert len(version.body.split("\n\n")) == len(english.body.split("\n\n"))
    assert "\u00a0: ce qui change" in version.summary
    assert set(version.tags.names()) == set(english.tags.names())
    assert [a.pk for a in version.authors.all()] == [a.pk for a in english.authors.all()]
    assert Article.objects.published().filter(language="fr").exists()
    newest = Article.objects.published().filter(language="fr").first()
    assert newest.get_absolute_url().startswith("/fr/articles/")


def test_translations_leave_the_english_stories_of_a_seed_as_they_were():
    seed(20, seed=7)
    plain = list(Article.objects.order_by("id").values_list("title", "body")[:10])
    Article.objects.all().delete()
    seed(20, seed=7, translated_share=0.5)
    english = Article.objects.filter(language="en").order_by("id")
    assert list(english.values_list("title", "body")[:10]) == plain


def test_seeding_refuses_a_share_outside_zero_to_one():
    with pytest.raises(CommandError, match="between 0 and 1"):
        seed(10, translated_share=1.5)


def test_any_two_french_pool_blocks_render_like_their_parts():
    from itertools import permutations

    from articles.management.sample_news import paragraph_pool, paragraph_pool_fr

    pool = paragraph_pool_fr()
    assert len(pool) == len(paragraph_pool())
    for first, second in permutations(pool, 2):
        body = f"{first}\n\n{second}"
        top = top_heading_level(body)
        assert render_markdown(body) == (
            f"{render_markdown(first, top)}\n{render_markdown(second, top)}"
        )


@postgresql_only
def test_seeded_french_vectors_are_what_saving_the_article_stores(client):
    seed(200, batch_size=70, translated_share=0.3)

    seeded = Article.objects.annotate(expected=article_search_vector())
    pairs = list(seeded.values_list("language", "search_vector", "expected"))
    assert {language for language, _, _ in pairs} == {"en", "fr"}
    assert all(stored == expected for _, stored, expected in pairs)
    version = Article.objects.filter(language="fr").order_by("?").first()
    with translation.override("fr"):
        found = search_articles(Article.objects.published(), version.title)
        assert version in found
        assert all(article.language == "fr" for article in found)
    response = client.get("/fr/search/", {"q": "négociation"})
    assert response.status_code == 200
