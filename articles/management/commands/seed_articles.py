"""
Fill the database with realistic articles for load tests: `seed_articles --count 1000000`,
with `--translated-share 0.1` for a French version of one story in ten (a multilingual site:
1,000,000 articles in all, each story's French version translating its English one).

Fast because nothing is parsed per article. Bodies are assembled from a pool of paragraphs
whose HTML is rendered once. On PostgreSQL their search vectors are computed once too and
assembled per article the way to_tsvector() numbers words, so each row is written once, with
COPY, while a second thread (psycopg2 lets go of the GIL during COPY) prepares the next batch.
The result is the same as saving each article one by one: body_html == render_markdown(body),
search_vector == article_search_vector() in the row's own language (checked on the first
batch), updated_at >= published_at. Elsewhere (SQLite) rows go in with bulk_create.
"""

import io
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import cache
from itertools import product
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.markdown import render_markdown, top_heading_level
from articles.models import Article, ArticleAuthor, Author, Section, Story
from articles.models.story import search_config_for
from articles.photos.drawings import demo_photo
from articles.search import article_search_vector
from pagecache.generation import invalidate_all_pages

from ..sample_news import (
    AUTHOR_COUNT,
    OBJECTS,
    PARAGRAPHS,
    SECTION_NAMES,
    SUBJECTS,
    TAG_COUNT,
    TRANSLATORS_FR,
    VERBS,
    french_title,
    paragraph_pool,
    paragraph_pool_fr,
    summary,
    summary_fr,
)  # fmt: skip
from ..search_vectors import SearchVectors

# COPY's (text format) marker for NULL, so that an empty string stays an empty string.
NULL = "\\N"
# What COPY's text format reads as the character itself; a backslash first.
_COPY_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


# The language of the seeded translations.
FRENCH = "fr"


class Draft(NamedTuple):
    """One article to insert: its columns, its pool paragraphs, its byline and its tags;
    what a translation needs (its number and headline words), and the French version of
    its story if it has one (a Draft too)."""

    row: dict
    paragraphs: list
    authors: list
    tags: list
    number: int = 0
    words: tuple = ()
    translation: "Draft | None" = None

    def versions(self):
        return [self] if self.translation is None else [self, self.translation]


class Command(BaseCommand):
    help = "Insert N realistic articles (for benchmarks), spread over 20 years."

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, required=True, help="articles in all, translations included"
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2012, help="random seed (repeatable)")
        parser.add_argument(
            "--photos",
            type=int,
            default=12,
            help="drawn lead pictures shared by the articles (0: text only)",
        )
        parser.add_argument(
            "--translated-share",
            type=float,
            default=0.0,
            help="share of the stories that also get a French version (0 to 1)",
        )

    def handle(self, *args, count, batch_size, seed, translated_share=0.0, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be positive.")
        if not 0 <= translated_share <= 1:
            raise CommandError("--translated-share must be between 0 and 1.")
        rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
        paragraphs = [(text, top_heading_level(text)) for text in paragraph_pool()]
        french = [(text, top_heading_level(text)) for text in paragraph_pool_fr()]
        # Which stories get a French version, decided ahead (the ids of a batch are
        # reserved before it is drafted) with a generator of its own, so that the English
        # stories of a seed stay the same at any share.
        batches = _plan(
            count,
            batch_size,
            translated_share,
            random.Random(f"{seed}:translations"),  # noqa: S311
        )
        filing = self._filing()
        photo_ids = [
            demo_photo(seed * 1000 + number, caption=f"Seeded picture {number}").pk
            for number in range(options.get("photos", 12))
        ]
        first_number = self._last_id() + 1
        numbers = iter(range(first_number, first_number + count))
        now = timezone.now()

        def drafts(plan):
            batch = []
            for translated in plan:
                draft = self._draft(rng, paragraphs, filing, next(numbers), now, photo_ids)
                if translated:
                    draft = draft._replace(translation=_french(draft, french, now))
                batch.append(draft)
            return batch

        quiet = options["verbosity"] == 0
        on_postgresql = connection.vendor == "postgresql"
        with tqdm(total=count, unit="article", desc="Inserting", disable=quiet) as progress:
            if on_postgresql:
                self._copy_batches(drafts, batches, paragraphs, french, progress)
            else:
                for plan in batches:
                    self._bulk_batch(drafts(plan))
                    progress.update(len(plan) + sum(plan))
        if on_postgresql:
            if not quiet:
                self.stdout.write("VACUUM ANALYZE (statistics for the planner)…")
            with connection.cursor() as cursor:
                # Fresh statistics for every table (the planner picks index lookups only with
                # them) and a visibility map, so counts and date lists scan indexes alone.
                cursor.execute("VACUUM ANALYZE")
        # COPY sends no signals.
        invalidate_all_pages()
        self.stdout.write(self.style.SUCCESS(f"Inserted {count} articles."))

    def _last_id(self):
        return Article.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def _draft(self, rng, paragraphs, filing, number, now, photo_ids=()):
        sections, authors, tags = filing
        words = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))
        title = " ".join(words)
        features = rng.sample(range(len(PARAGRAPHS)), k=rng.randint(2, 4))
        prose = rng.sample(range(len(PARAGRAPHS), len(paragraphs)), k=rng.randint(8, 12))
        chosen = features + prose
        rng.shuffle(chosen)
        published_at = now - timedelta(seconds=rng.randint(60, 20 * 365 * 24 * 3600))
        updated_at = published_at + timedelta(minutes=rng.choice((0, 0, 0, 12, 45, 180)))
        row = {
            "title": title,
            "slug": f"{_slug(title)}-{number}",
            "summary": summary(title),
            # Blocks joined by a blank line render to their HTML joined by a newline, each
            # rendered as part of this body (its top heading becomes <h2>).
            "body": "\n\n".join(paragraphs[index][0] for index in chosen),
            "body_html": "\n".join(
                _rendered(paragraphs[index][0], _top_level(paragraphs, chosen)) for index in chosen
            ),
            "published_at": published_at,
            "updated_at": updated_at,
            "created": published_at,
            "modified": updated_at,
            "section_id": rng.choice(sections),
            "lead_photo_id": photo_ids[number % len(photo_ids)] if photo_ids else None,
        }
        # One to three bylines and two to four tags per article.
        byline = rng.sample(authors, k=rng.randint(1, 3))
        tags = rng.sample(tags, k=rng.randint(2, 4))
        return Draft(row, chosen, byline, tags, number, words)

    def _bulk_batch(self, drafts):
        content_type = ContentType.objects.get_for_model(Article).pk
        with transaction.atomic():
            # Each seeded story has its English version, and maybe a French one.
            stories = Story.objects.bulk_create(
                Story(created=draft.row["created"]) for draft in drafts
            )
            originals = Article.objects.bulk_create(
                Article(**draft.row, story=story)
                for draft, story in zip(drafts, stories, strict=True)
            )
            translated = [
                (draft.translation, story, original)
                for draft, story, original in zip(drafts, stories, originals, strict=True)
                if draft.translation is not None
            ]
            translations = Article.objects.bulk_create(
                Article(**draft.row, story=story, translation_of=original)
                for draft, story, original in translated
            )
            versions = [
                *zip(originals, drafts, strict=True),
                *zip(translations, (draft for draft, _, _ in translated), strict=True),
            ]
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article_id=article.pk, author_id=author, position=position)
                for article, draft in versions
                for position, author in enumerate(draft.authors, start=1)
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type_id=content_type, object_id=article.pk, tag_id=tag)
                for article, draft in versions
                for tag in draft.tags
            )

    def _filing(self):
        """Sections, authors and tags to file the articles under (made once, then reused)."""
        sections = [
            Section.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk
            for name in SECTION_NAMES
        ]
        authors = [
            Author.objects.get_or_create(
                slug=f"reporter-{number}", defaults={"name": f"Reporter {number}"}
            )[0].pk
            for number in range(1, AUTHOR_COUNT + 1)
        ]
        tags = [
            Tag.objects.get_or_create(slug=f"topic-{number}", defaults={"name": f"topic {number}"})[
                0
            ].pk
            for number in range(1, TAG_COUNT + 1)
        ]
        return sections, authors, tags

    def _copy_batches(self, drafts, batches, paragraphs, french, progress):
        """COPY batch after batch while a worker thread drafts and writes out the next one."""
        vectors = {
            settings.LANGUAGE_CODE: SearchVectors([text for text, _ in paragraphs]),
            FRENCH: SearchVectors(
                [text for text, _ in french],
                config=search_config_for(FRENCH),
                titles=_french_titles(),
                summary=summary_fr,
            ),
        }
        content_type = ContentType.objects.get_for_model(Article).pk
        fields = Article._meta.concrete_fields
        # The model's defaults for what a seeded row leaves out.
        defaults = {field.attname: field.get_default() for field in fields}
        defaults["search_config"] = search_config_for(defaults["language"])

        def prepare(plan, ids):
            # Python only, no database: this runs beside the COPY of the previous batch.
            ids, story_ids = ids
            batch = drafts(plan)
            articles, bylines, tagged = [], [], []
            stories = [
                (story_id, draft.row["created"])
                for story_id, draft in zip(story_ids, batch, strict=True)
            ]
            article_ids = iter(ids)
            for story_id, story in zip(story_ids, batch, strict=True):
                original = None
                for draft in story.versions():
                    article_id = next(article_ids)
                    vector = vectors[draft.row.get("language", defaults["language"])]
                    values = {
                        **defaults,
                        **draft.row,
                        "id": article_id,
                        "story_id": story_id,
                        "translation_of_id": original,
                        "search_vector": vector(draft.row["title"], draft.paragraphs),
                    }
                    articles.append([values[field.attname] for field in fields])
                    bylines += [
                        (article_id, author, position)
                        for position, author in enumerate(draft.authors, start=1)
                    ]
                    tagged += [(content_type, article_id, tag) for tag in draft.tags]
                    original = original or article_id
            return ids, [
                # Each seeded story has its English version, and maybe a French one.
                (Story, ["id", "created"], _copy_text(stories)),
                (Article, [field.column for field in fields], _copy_text(articles)),
                (ArticleAuthor, ["article_id", "author_id", "position"], _copy_text(bylines)),
                (TaggedItem, ["content_type_id", "object_id", "tag_id"], _copy_text(tagged)),
            ]

        self._compress_with_lz4()
        with ThreadPoolExecutor(max_workers=1) as worker:
            ahead = worker.submit(prepare, batches[0], self._reserve_ids(batches[0]))
            for index in range(len(batches)):
                ids, tables = ahead.result()
                if index + 1 < len(batches):
                    upcoming = batches[index + 1]
                    ahead = worker.submit(prepare, upcoming, self._reserve_ids(upcoming))
                with transaction.atomic():
                    for model, columns, data in tables:
                        self._copy(model, columns, data)
                    if index == 0:
                        self._check_search_vectors(ids)
                progress.update(len(ids))

    def _compress_with_lz4(self):
        # Bodies and their HTML are stored compressed (TOAST); lz4 compresses these rows
        # about a third faster than the default pglz, and reads back the same.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
            found = cursor.fetchone()
            if found and found[0]:
                cursor.execute("SET default_toast_compression = 'lz4'")

    def _reserve_ids(self, plan):
        """Article and story ids from the tables' own sequences, so that the bylines, tags
        and articles can point at them: one story per entry of the plan, and one article
        more for each story translated."""
        return [self._next_ids(Article, len(plan) + sum(plan)), self._next_ids(Story, len(plan))]

    def _next_ids(self, model, count):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _copy(self, model, columns, data):
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} ({names}) FROM STDIN",
                io.StringIO(data),
            )

    def _check_search_vectors(self, ids):
        """The assembled vectors must be what Article.save() stores, or nothing is kept."""
        seeded = Article.objects.filter(id__in=ids).annotate(expected=article_search_vector())
        for article_id, stored, expected in seeded.values_list("id", "search_vector", "expected"):
            if stored != expected:
                raise CommandError(
                    f"Seeded search vector of article {article_id} differs from "
                    f"article_search_vector(): {stored!r} != {expected!r}"
                )


def _plan(count, batch_size, share, rng):
    """Batches of about batch_size articles, `count` in all: per story, whether it also
    gets a French version."""
    batches, batch, rows, left = [], [], 0, count
    while left:
        translated = left > 1 and rng.random() < share
        batch.append(translated)
        rows += 1 + translated
        left -= 1 + translated
        if rows >= batch_size or not left:
            batches.append(batch)
            batch, rows = [], 0
    return batches


def _french(draft, paragraphs, now):
    """The French version of a seeded story: its blocks and headline translated, published
    a little after the English version's last update (and before now), by a translator."""
    english = draft.row
    number = draft.number
    title = french_title(*draft.words)
    published_at = english["updated_at"] + timedelta(minutes=20 + number * 53 % 240)
    if published_at > now - timedelta(minutes=1):
        published_at = english["updated_at"]
    row = {
        **english,
        "title": title,
        "slug": f"{_slug(title)}-{number}",
        "summary": summary_fr(title),
        "body": "\n\n".join(paragraphs[index][0] for index in draft.paragraphs),
        "body_html": "\n".join(
            _rendered(paragraphs[index][0], _top_level(paragraphs, draft.paragraphs))
            for index in draft.paragraphs
        ),
        "published_at": published_at,
        "updated_at": published_at,
        "created": published_at,
        "modified": published_at,
        "language": FRENCH,
        "search_config": search_config_for(FRENCH),
        "translator": TRANSLATORS_FR[number % len(TRANSLATORS_FR)],
        # Up to date: made from the English version as it reads now.
        "translated_from_updated_at": english["updated_at"],
    }
    return Draft(row, draft.paragraphs, draft.authors, draft.tags)


@cache
def _french_titles():
    return [french_title(*words) for words in product(SUBJECTS, VERBS, OBJECTS)]


@cache
def _slug(title):
    return slugify(title)


def _copy_text(rows):
    """Rows in COPY's text format: escaping with str.replace() is several times faster than
    the csv module on bodies of a few kilobytes."""
    return "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)


def _copy_value(value):
    if value is None:
        return NULL
    if isinstance(value, str):
        for character, escaped in _COPY_ESCAPES:
            if character in value:
                value = value.replace(character, escaped)
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _top_level(paragraphs, chosen):
    levels = [paragraphs[index][1] for index in chosen if paragraphs[index][1] is not None]
    return min(levels, default=None)


@cache
def _rendered(text, top_level):
    """A pool block's HTML inside a body whose top heading level is top_level (rendered
    once per pair: there are only a few dozen)."""
    return render_markdown(text, top_heading_level=top_level)
