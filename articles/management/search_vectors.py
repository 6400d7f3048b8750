"""Search vectors of seeded articles, assembled instead of parsed (see SearchVectors)."""

from itertools import product

from django.conf import settings
from django.db import connection

from .sample_news import OBJECTS, SUBJECTS, VERBS, summary


class SearchVectors:
    """
    article_search_vector() of a seeded article, assembled from pieces PostgreSQL computes
    once: the weighted title and summary of every possible title, and the lexemes and word
    positions of every pool paragraph. Parsing each body instead costs PostgreSQL about
    0.15 ms an article, and a second pass that fills the vectors rewrites every row and
    every index entry.

    to_tsvector() numbers the words of a body one after the other, stop words included, so
    a paragraph's lexemes sit at their own positions plus the words before it; `||` then
    shifts the whole body past the last position of title and summary.
    """

    # A word no dictionary drops, to count the positions a paragraph takes up.
    MARKER = "zzzseedmarker"

    def __init__(self, paragraphs, config=None, titles=None, summary=summary):
        """The pieces of one language: its configuration (the default language's unless
        given), every headline the seeder may write in it and its standfirst."""
        config = config or settings.NEWSROOM_SEARCH_CONFIG
        if titles is None:
            titles = [" ".join(words) for words in product(SUBJECTS, VERBS, OBJECTS)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title, vector::text, (SELECT coalesce(max(position), 0)"
                "  FROM unnest(vector) AS lexeme, unnest(lexeme.positions) AS position)"
                " FROM unnest(%s::text[], %s::text[]) AS head(title, summary),"
                " LATERAL (SELECT setweight(to_tsvector(%s::regconfig, title), 'A')"
                "  || setweight(to_tsvector(%s::regconfig, summary), 'B') AS vector) AS vector",
                [titles, [summary(title) for title in titles], config, config],
            )
            self.heads = {title: (text, last) for title, text, last in cursor.fetchall()}
            self.lexemes, self.lengths = [], []
            for paragraph in paragraphs:
                cursor.execute(
                    "SELECT lexeme, positions FROM unnest(to_tsvector(%s::regconfig, %s))",
                    [config, paragraph],
                )
                self.lexemes.append(
                    [(_quote_lexeme(lexeme), positions) for lexeme, positions in cursor]
                )
                cursor.execute(
                    "SELECT max(position) - 1 FROM unnest(to_tsvector(%s::regconfig, %s))"
                    " AS lexeme, unnest(lexeme.positions) AS position",
                    [config, f"{paragraph}\n\n{self.MARKER}"],
                )
                self.lengths.append(cursor.fetchone()[0])
        self.placed = {}

    def __call__(self, title, paragraphs):
        """The vector's text form; PostgreSQL merges a lexeme listed more than once."""
        head, offset = self.heads[title]
        parts = [head]
        for index in paragraphs:
            parts.append(self._placed(index, offset))
            offset += self.lengths[index]
        return " ".join(parts)

    def _placed(self, index, offset):
        # Offsets repeat (a few hundred per paragraph), so each placement is written once.
        key = (index, offset)
        if key not in self.placed:
            self.placed[key] = " ".join(
                f"{lexeme}:{','.join(f'{position + offset}C' for position in positions)}"
                for lexeme, positions in self.lexemes[index]
            )
        return self.placed[key]


def _quote_lexeme(lexeme):
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"
