"""
Mapping files for an import (`--author-map`, `--section-map`): two-column CSV files, one
old name a line, read before the first item so a mistake in them is reported once, at the
top of the report, instead of once per article.

    # --author-map: the old site's login (or Co-Authors Plus / Ghost slug), then an
    # existing author's slug or an existing user's username
    jdoe,jane-doe
    admin,desk

    # --section-map: the old category's slug or name, then a section's slug or name
    # (created when none has it); an empty second column keeps the category as a tag
    news,city
    Local politics,politics
    uncategorized,

A header row (`old,new`, `login,author`, `category,section`…) and lines starting with #
are skipped. With a section map, categories it does not name become tags.
"""

import csv
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from articles.models import Author, Section

_HEADERS = {"old", "login", "author", "user", "category", "categories", "source", "from"}


def _rows(path, label):
    """(line number, old, new) for each row; problems for rows that are not two columns."""
    rows, problems = [], []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return rows, [f"{label} {path}: cannot be read ({error.__class__.__name__})"]
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in _HEADERS:
            continue
        if len(cells) > 2 and any(cells[2:]):
            problems.append(f"{label} line {number}: more than two columns, not used")
            continue
        old, new = cells[0], (cells[1] if len(cells) > 1 else "")
        if not old:
            problems.append(f"{label} line {number}: no old name, not used")
            continue
        rows.append((number, old, new))
    if not rows and not problems:
        problems.append(f"{label} {path}: no mappings in the file")
    return rows, problems


class AuthorMap:
    """Old login -> an existing Author (directly, or the author page of a user)."""

    def __init__(self, authors, problems):
        self.authors = authors  # old login, case-folded -> ("author" | "user", pk)
        self.problems = problems

    @classmethod
    def read(cls, path):
        rows, problems = _rows(path, "--author-map")
        authors = {}
        users = get_user_model().objects
        for number, old, new in rows:
            author = Author.objects.filter(slug=new).first() if new else None
            user = users.filter(username=new).first() if new and author is None else None
            if author is not None:
                authors[old.casefold()] = ("author", author.pk)
            elif user is not None:
                authors[old.casefold()] = ("user", user.pk)
            else:
                problems.append(
                    f"--author-map line {number}: no author or user “{new}” for “{old}”; "
                    "that login is imported as its own author"
                )
        return cls(authors, problems)

    def author(self, login):
        kind, pk = self.authors.get((login or "").casefold(), (None, None))
        if kind == "author":
            return Author.objects.filter(pk=pk).first()
        if kind == "user":
            # A user with no author page gets one, inside the item's transaction (so a
            # dry run creates nothing).
            user = get_user_model().objects.filter(pk=pk).first()
            if user is None:
                return None
            return Author.objects.filter(user=user).first() or Author.objects.create(
                user=user,
                name=(user.get_full_name() or user.get_username())[:150],
                slug=_free_author_slug(user.get_username()),
            )
        return None


class SectionMap:
    """Old category (slug or name) -> section; categories it leaves out become tags."""

    def __init__(self, targets, problems):
        self.targets = targets  # old slug or name, case-folded -> section name or ""
        self.problems = problems
        self._sections = {}

    @classmethod
    def read(cls, path):
        rows, problems = _rows(path, "--section-map")
        targets = {}
        for number, old, new in rows:
            key = old.casefold()
            if key in targets and targets[key] != new:
                problems.append(f"--section-map line {number}: “{old}” is mapped twice, first kept")
                continue
            targets[key] = new
        return cls(targets, problems)

    def target(self, slug, name):
        for key in (slug, name):
            if key and key.casefold() in self.targets:
                return self.targets[key.casefold()]
        return ""

    def section(self, slug, name, create=True):
        """The section a category goes to, or None (it is kept as a tag)."""
        wanted = self.target(slug, name)
        if not wanted:
            return None
        if wanted in self._sections:
            return self._sections[wanted]
        found = (
            Section.objects.filter(slug=wanted).first()
            or Section.objects.filter(name=wanted).first()
            or Section.objects.filter(slug=slugify(wanted, allow_unicode=True)[:100]).first()
        )
        if found is None and create:
            found = Section.objects.create(
                name=wanted[:100], slug=slugify(wanted, allow_unicode=True)[:100] or "section"
            )
            # Not remembered: the item creating it may still be rolled back (a dry run).
            return found
        if found is not None:
            self._sections[wanted] = found
        return found


def _free_author_slug(username):
    base = slugify(username, allow_unicode=True)[:140] or "author"
    slug, counter = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
