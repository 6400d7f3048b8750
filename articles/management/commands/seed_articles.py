"""
Fill the database with realistic articles for load tests: `seed_articles --count 1000000`.

Fast because nothing is rendered per article: bodies are assembled from a pool of
paragraphs whose HTML is rendered once, and rows go in with COPY on PostgreSQL
(bulk_create elsewhere). The result is the same as saving each article one by one:
body_html == render_markdown(body), updated_at >= published_at.
"""

import csv
import io
import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.markdown import render_markdown
from articles.models import Article, ArticleAuthor, Author, Section
from articles.search import article_search_vector
from newsroom import pagecache

SUBJECTS = [
    "Council", "Harbour authority", "University", "Hospital trust", "Rail operator",
    "City library", "Football club", "Water company", "Police", "Fire service",
    "School board", "Museum", "Port", "Airport", "Chamber of commerce", "Orchestra",
]  # fmt: skip
VERBS = [
    "approves", "delays", "rejects", "announces", "reviews", "expands", "cuts",
    "celebrates", "opens", "closes", "funds", "questions", "defends", "plans",
]  # fmt: skip
OBJECTS = [
    "new cycle lanes", "budget for next year", "night bus routes", "river clean-up",
    "housing plan", "weekend opening hours", "ticket prices", "green energy scheme",
    "school meals contract", "market square redesign", "summer festival", "flood defences",
    "parking charges", "tree planting programme", "recycling targets", "youth centre",
]  # fmt: skip
PARAGRAPHS = [
    "The decision followed a long debate in which {subject} members weighed the cost "
    "against the benefits for residents across the city.",
    "Officials said the first changes would be visible within weeks, with the full "
    "programme completed by the end of the year.",
    "## What residents said\n\nMany welcomed the move, while some asked for more detail "
    "about how the plans would affect **local businesses** and daily journeys.",
    '> "We listened to what people told us," a spokesperson said. "This is the start, '
    'not the end, of the conversation."',
    "Key points:\n\n- the plan is funded for three years\n- a review follows after twelve "
    "months\n- residents can comment until the end of next month",
    "Opposition members critics argued that the timetable was too ambitious and that "
    "the money could be spent *elsewhere*.",
    "Figures published alongside the announcement show demand rising steadily over the "
    "past five years, with the sharpest increase last winter.",
    "Read the [full report](https://example.org/reports) for the detailed figures and "
    "the consultation responses.",
    "### Background\n\nSimilar schemes in neighbouring towns have had mixed results; "
    "supporters point to falling costs, critics to slower progress than promised.",
    "The next public meeting is scheduled for the first Tuesday of the month at the town "
    "hall, and will also be streamed online.",
]


SECTION_NAMES = [
    "City", "Politics", "Business", "Transport", "Culture", "Sport", "Science", "Opinion",
]  # fmt: skip
AUTHOR_COUNT = 120
TAG_COUNT = 300

# COPY's marker for NULL, so that an empty string stays an empty string.
NULL = r"\N"


class Command(BaseCommand):
    help = "Insert N realistic articles (for benchmarks), spread over 20 years."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2012, help="random seed (repeatable)")

    def handle(self, *args, count, batch_size, seed, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be positive.")
        rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
        paragraphs = [(text, render_markdown(text)) for text in self._paragraph_pool()]
        first_number = (Article.objects.order_by("-id").values_list("id", flat=True).first()) or 0
        now = timezone.now()
        on_postgresql = connection.vendor == "postgresql"
        sections, authors, tags = self._filing()
        with tqdm(total=count, unit="article", disable=options["verbosity"] == 0) as progress:
            for start in range(0, count, batch_size):
                size = min(batch_size, count - start)
                rows = [
                    self._article(rng, paragraphs, first_number + start + offset + 1, now)
                    for offset in range(size)
                ]
                for row in rows:
                    row["section_id"] = rng.choice(sections)
                with transaction.atomic():
                    ids = self._copy_batch(rows) if on_postgresql else self._bulk_batch(rows)
                    self._file(rng, ids, authors, tags, on_postgresql)
                progress.update(size)
        if connection.vendor == "postgresql":
            self._fill_search_vectors(
                first_number, batch_size, progress_disabled=not options["verbosity"]
            )
            with connection.cursor() as cursor:
                # Fresh statistics for every table (the planner picks index lookups only with
                # them) and a visibility map, so counts and date lists scan indexes alone.
                cursor.execute("VACUUM ANALYZE")
        pagecache.invalidate_all_pages()
        self.stdout.write(self.style.SUCCESS(f"Inserted {count} articles."))

    def _fill_search_vectors(self, after_id, batch_size, progress_disabled):
        """What Article.save() stores; by id range, so each batch is an index range scan."""
        last_id = Article.objects.order_by("-id").values_list("id", flat=True).first() or 0
        step = batch_size * 4
        with tqdm(total=last_id - after_id, unit="vector", disable=progress_disabled) as progress:
            for start in range(after_id, last_id, step):
                Article.objects.filter(id__gt=start, id__lte=start + step).update(
                    search_vector=article_search_vector()
                )
                progress.update(min(step, last_id - start))

    def _paragraph_pool(self):
        # Each block once: two blockquotes (or lists) in a row would merge into one.
        return [
            text.format(subject=subject)
            for text, subject in zip(PARAGRAPHS, SUBJECTS, strict=False)
        ]

    def _article(self, rng, paragraphs, number, now):
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        chosen = rng.sample(paragraphs, k=rng.randint(5, 9))
        published_at = now - timedelta(seconds=rng.randint(60, 20 * 365 * 24 * 3600))
        updated_at = published_at + timedelta(minutes=rng.choice((0, 0, 0, 12, 45, 180)))
        return {
            "title": title,
            "slug": f"{slugify(title)}-{number}",
            "summary": f"{title}: what changes, who is affected and what happens next.",
            # Blocks joined by a blank line render to their HTML joined by a newline.
            "body": "\n\n".join(text for text, _ in chosen),
            "body_html": "\n".join(html for _, html in chosen),
            "published_at": published_at,
            "updated_at": updated_at,
            "created": published_at,
            "modified": updated_at,
        }

    def _bulk_batch(self, rows):
        return [
            article.pk for article in Article.objects.bulk_create(Article(**row) for row in rows)
        ]

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

    def _file(self, rng, article_ids, authors, tags, on_postgresql):
        """One to three bylines and two to four tags per article."""
        content_type = ContentType.objects.get_for_model(Article).pk
        bylines, tagged = [], []
        for article_id in article_ids:
            for position, author in enumerate(rng.sample(authors, k=rng.randint(1, 3)), start=1):
                bylines.append(
                    {"article_id": article_id, "author_id": author, "position": position}
                )
            for tag in rng.sample(tags, k=rng.randint(2, 4)):
                tagged.append(
                    {"content_type_id": content_type, "object_id": article_id, "tag_id": tag}
                )
        if on_postgresql:
            self._copy(ArticleAuthor, bylines)
            self._copy(TaggedItem, tagged)
        else:
            ArticleAuthor.objects.bulk_create(ArticleAuthor(**row) for row in bylines)
            TaggedItem.objects.bulk_create(TaggedItem(**row) for row in tagged)

    def _copy(self, model, rows):
        """COPY rows (dicts keyed by column) into model's table; None is NULL."""
        columns = list(rows[0])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(
                NULL
                if value is None
                else value.isoformat()
                if hasattr(value, "isoformat")
                else value
                for value in row.values()
            )
        buffer.seek(0)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')", buffer
            )

    def _copy_batch(self, rows):
        # Ids from the table's own sequence, so the bylines and tags can point at them.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Article._meta.db_table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        # Every column, with the model's defaults for what a seeded row leaves out.
        fields = [field for field in Article._meta.concrete_fields if field.name != "search_vector"]
        self._copy(
            Article,
            [
                {
                    field.column: article_id
                    if field.primary_key
                    else row.get(field.attname, field.get_default())
                    for field in fields
                }
                for row, article_id in zip(rows, ids, strict=True)
            ],
        )
        return ids
