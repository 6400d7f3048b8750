"""
An archive import, item by item: each item is one transaction, and ends in exactly one
line of the report (imported, updated, skipped with its reason, or an error), so the
counts always add up to the items in the file.

A re-run finds an article by its source and source id (never by headline and date) and
compares digests: of the source item (did the old site change it?) and of what the
import wrote (has the desk changed it since?). The desk's edits stand unless --overwrite.
"""

import hashlib
import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Article, Author, OldAddress, Section
from pagecache.dependencies import deferred_invalidations

from ..revisions import record_revision, take_snapshot
from .bodies import first_paragraph, to_markdown
from .feeds import read_feed
from .ghost import read_ghost
from .mapping import AuthorMap, SectionMap
from .media import MediaLibrary, attachment_of
from .wordpress import looks_like_wxr, old_paths, read_export

IMPORTED, UPDATED, SKIPPED, ERROR = "imported", "updated", "skipped", "error"
STATUS = {"publish": "published", "future": "scheduled", "draft": "draft", "pending": "draft"}
NOT_IMPORTED_STATUS = {
    "private": "private post",
    "trash": "in the trash",
    "auto-draft": "auto-draft",
}


# Items committed between two writes of the page cache's stamps (see _one).
STAMP_BATCH = 200


# Report lines and notes held in memory per file; the rest wait in a temporary file (an
# archive of 100,000 posts has a note for nearly every one of them).
KEPT_IN_MEMORY = 500


class _Spilled:
    """A list that can only grow and be read in order: its first KEPT_IN_MEMORY entries in
    memory, the others (JSON, one a line) in a temporary file, so the import's memory
    does not grow with the archive."""

    def __init__(self):
        self.kept, self.file, self.count = [], None, 0

    def append(self, entry):
        self.count += 1
        if len(self.kept) < KEPT_IN_MEMORY:
            self.kept.append(entry)
            return
        if self.file is None:
            # Open for the report's life; closed (and gone) with it.
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.file.write(json.dumps(entry) + "\n")

    def __iadd__(self, entries):
        for entry in entries:
            self.append(entry)
        return self

    def __len__(self):
        return self.count

    def __iter__(self):
        yield from self.kept
        if self.file is not None:
            self.file.flush()
            self.file.seek(0)
            for line in self.file:
                entry = json.loads(line)
                yield tuple(entry) if isinstance(entry, list) else entry
            self.file.seek(0, 2)  # appending goes on at the end


class DryRun(Exception):
    """Raised at the end of an item's transaction in a dry run: nothing stays written."""


@dataclass
class FileReport:
    path: str
    source: str = ""
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {IMPORTED: 0, UPDATED: 0, SKIPPED: 0, ERROR: 0})
    lines: _Spilled = field(default_factory=_Spilled)  # (outcome, item label, reason)
    notes: _Spilled = field(default_factory=_Spilled)  # per-article remarks (pictures, slugs…)
    seen: dict = field(default_factory=dict)  # source id -> position of its first item

    @property
    def items(self):
        return sum(self.counts.values())

    def add(self, outcome, label, reason=""):
        self.counts[outcome] += 1
        if outcome != IMPORTED or reason:
            self.lines.append((outcome, label, reason))

    def text(self):
        return "\n".join(self.text_lines())

    def text_lines(self):
        """The report a line at a time (a big archive's is long: the command writes it
        as it goes)."""
        yield f"{self.path}: {self.source or 'unknown source'}"
        yield from (f"  problem: {problem}" for problem in self.problems)
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        yield f"  {self.items} items: {counts}"
        for outcome, label, reason in self.lines:
            yield f"  {outcome}: {label}{' — ' + reason if reason else ''}"
        yield from (f"  note: {note}" for note in self.notes)


def detect_source(path):
    """wordpress, ghost or feed from the first bytes; None when it is none of them."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return None
    if stripped[:1] in (b"{", b"["):
        return "ghost"
    if looks_like_wxr(head):
        return "wordpress"
    if b"<rss" in head or b"<feed" in head:
        return "feed"
    return None


class Importer:
    """`progress(name, total)` (optional) returns a callable taking the bytes read since
    its last call, with a close() method: the command's progress bar."""

    def __init__(self, *, dry_run=False, overwrite=False, media_from=None, local_zone="UTC",
                 with_pages=False, user=None, author_map=None, section_map=None,
                 progress=None):  # fmt: skip
        self.dry_run = dry_run
        self.overwrite = overwrite
        self.media_from = media_from
        self.local_zone = local_zone
        self.with_pages = with_pages
        self.user = user
        # Mapping files: a file path (CSV) or an AuthorMap / SectionMap already read.
        self.author_map = (
            author_map if isinstance(author_map, AuthorMap | None) else AuthorMap.read(author_map)
        )
        self.section_map = (
            section_map
            if isinstance(section_map, SectionMap | None)
            else SectionMap.read(section_map)
        )
        self.progress = progress
        self._forget_found()
        self._stamps, self._uncommitted = None, 0
        self.media = MediaLibrary(media_from, user=user, dry_run=dry_run)

    def import_file(self, path, source=None):
        report = FileReport(str(path))
        path = Path(path)
        if not path.is_file():
            report.problems.append("no such file")
            return report
        if path.stat().st_size == 0:
            report.problems.append("the file is empty")
            return report
        kind = source or detect_source(path)
        if kind is None:
            report.problems.append("not a WordPress export, Ghost export or feed")
            return report
        self._attachments = {}
        if self.media.folder is not None and not self.media.folder.is_dir():
            report.problems.append(
                f"--media-from {self.media.folder} is not a folder: pictures stay links"
            )
        for mapping in (self.author_map, self.section_map):
            if mapping is not None:
                report.problems += [p for p in mapping.problems if p not in report.problems]
        readers = {"feed": read_feed, "ghost": read_ghost}
        self._forget_found()
        with _quick_commits(), deferred_invalidations() as self._stamps:
            self._uncommitted = 0
            if kind == "wordpress":
                self._import_wordpress(path, report)
            else:
                self._import_entries(kind, readers[kind](path), report, path.name)
        return report

    def _import_entries(self, kind, entries, report, file_name):
        for event, payload in entries:
            if event == "problem":
                report.problems.append(payload)
            elif event == "channel":
                site = urlsplit(payload)
                where = f"{site.netloc}{site.path.rstrip('/')}" if site.netloc else payload
                report.source = f"{kind}:{where}" if where else kind
                if kind == "feed":
                    report.notes.append(
                        "a feed holds only the site's latest items: older articles are not in it"
                    )
            else:
                self._one(payload, None, report, file_name)

    def _bar(self, path, what):
        if self.progress is None:
            return None
        return self.progress(f"{path.name}: {what}", path.stat().st_size)

    def _read_attachments(self, path):
        """First pass: the export's attachment items, by id (a post may come before the
        pictures it shows, and a gallery names them by id)."""
        attachments = {}
        bar = self._bar(path, "attachments")
        try:
            for kind, payload in read_export(path, self.local_zone, progress=bar):
                if kind == "item" and payload.post_type == "attachment" and payload.post_id:
                    attachments[payload.post_id] = attachment_of(payload)
        finally:
            if bar is not None:
                bar.close()
        return attachments

    def _import_wordpress(self, path, report):
        self.media.attachments = attachments = self._read_attachments(path)
        self.media.__dict__.pop("_keys", None)
        self._attachments = attachments
        bar = self._bar(path, "posts")
        try:
            self._import_wordpress_items(path, report, bar)
        finally:
            if bar is not None:
                bar.close()

    def _import_wordpress_items(self, path, report, bar):
        export = None
        for kind, payload in read_export(path, self.local_zone, progress=bar):
            if kind == "problem":
                report.problems.append(payload)
            elif kind == "channel":
                export = payload
                site = urlsplit(export.site)
                report.source = (
                    f"wordpress:{site.netloc}{site.path}" if site.netloc else "wordpress"
                )
            else:
                self._one(payload, export, report, path.name)
        if export is not None and export.archives and not self.dry_run:
            self._archive_addresses(export, report)

    def _archive_addresses(self, export, report):
        """The old site's category and tag pages answer a 301 to the section or tag page
        their posts went to (an archive whose posts were not imported stays a 404)."""
        kept = 0
        with transaction.atomic():
            for kind, path, name, slug in export.archives:
                if kind == "category" and self.section_map is not None:
                    section = self.section_map.section(slug, name, create=False)
                else:
                    section = Section.objects.filter(slug=slugify(slug, allow_unicode=True)).first()
                target = {"section": section} if kind == "category" and section else None
                if target is None:
                    tag = Tag.objects.filter(name=name[:100]).first()
                    target = {"tag": tag} if tag else None
                if target is None:
                    continue
                target = {"article": None, "section": None, "tag": None, **target}
                OldAddress.objects.update_or_create(path=path[:500], defaults=target)
                kept += 1
        if kept:
            report.notes.append(f"{kept} category and tag archive address(es) redirect")

    def _one(self, item, export, report, file_name):
        label = f"#{item.post_id or item.position} “{item.title or '(no title)'}”"
        refusal = self._refusal(item)
        if not refusal and item.post_id in report.seen:
            refusal = (
                f"same post id as item {report.seen[item.post_id]} of this file: not imported twice"
            )
        if refusal:
            report.add(SKIPPED, label, refusal)
            return
        report.seen[item.post_id] = item.position
        self.media.begin_item()
        try:
            with transaction.atomic():
                outcome, reason = self._write(item, export, report, file_name)
                if self.dry_run:
                    raise DryRun
        except DryRun:
            # Sections and authors it created were rolled back with it.
            self._forget_found()
        except Exception as error:  # one bad item is a line in the report, not the end
            report.add(ERROR, label, f"{type(error).__name__}: {error}")
            # What was found may be what failed (a section deleted meanwhile).
            self._forget_found()
            return
        # Pictures taken into the library stay known only once their item committed.
        if not self.dry_run:
            self.media.commit_item()
            # Readers see the batch's articles once its stamps are written: every
            # STAMP_BATCH items and at the end of the file, not at each commit.
            self._uncommitted += 1
            if self._stamps is not None and self._uncommitted >= STAMP_BATCH:
                self._stamps.flush()
                self._uncommitted = 0
        report.add(outcome, label, reason)

    def _refusal(self, item):
        if item.post_type == "attachment":
            return "attachment (pictures come in with the posts that show them)"
        if item.post_type == "page" and not self.with_pages:
            return "page (pass --pages to import pages as articles)"
        if item.post_type not in ("post", "page"):
            return f"post type “{item.post_type}” is not imported"
        if item.status in NOT_IMPORTED_STATUS:
            return f"{NOT_IMPORTED_STATUS[item.status]}: not imported"
        if item.status not in STATUS:
            return f"unknown status “{item.status}”"
        if not item.title:
            return "no headline"
        if not item.post_id:
            return "no post id (a re-import could not find it again)"
        if STATUS[item.status] != "draft" and item.published is None:
            return "published without a usable date" + (
                f" ({'; '.join(item.problems)})" if item.problems else " (its dates are zero)"
            )
        return ""

    def _write(self, item, export, report, file_name):
        source = report.source or "wordpress"
        digest = _digest(item)
        article = Article.objects.filter(source=source, source_id=item.post_id).first()
        if article is not None and not self.overwrite:
            if article.import_state.get("source") == digest:
                return SKIPPED, "unchanged since the last import"
            if article.import_state.get("written") != _written(article):
                return SKIPPED, "changed on the desk since the import (--overwrite replaces it)"
        body = to_markdown(
            item.content, getattr(self, "_attachments", None) or {}, post_id=item.post_id
        )
        label = f"“{item.title}”"
        report.notes += [f"{label}: {problem}" for problem in item.problems + body.problems]
        markdown = self._pictures(body, label, report)
        created = article is None
        if created:
            article = Article(source=source, source_id=item.post_id)
            article.slug = self._free_slug(item, label, report)
        previous_modified = article.import_state.get("modified")
        article.title = item.title[:200]
        article.summary = (_plain(item.excerpt) or first_paragraph(markdown))[:500]
        article.body = markdown
        state = STATUS[item.status]
        article.published_at = item.published if state != "draft" else None
        article.section = section = self._section(item)
        modified = max(filter(None, (item.modified, item.published)), default=None)
        article.updated_at = before = article.updated_at or modified or timezone.now()
        article.save()
        # "Last updated" is the old site's, and moves on a re-import only when it moved there.
        modified_stamp = modified.isoformat() if modified else None
        moved = modified is not None and (created or modified_stamp != previous_modified)
        last_updated = modified if moved else before
        if article.updated_at != last_updated:
            Article.objects.filter(pk=article.pk).update(updated_at=last_updated)
            article.updated_at = last_updated
        article.set_byline(self._authors(item, export))
        tags = self._tag_objects(article, self._tags(item, section))
        if created:
            article.tags.add(*tags)  # nothing to clear
        else:
            article.tags.set(tags, clear=True)
        paths = list(dict.fromkeys(old_paths(item, query_id=source.startswith("wordpress"))))
        # update_or_create for each, in two or three queries rather than six per path
        # (OldAddress has no signal receivers).
        kept = set(OldAddress.objects.filter(path__in=paths).values_list("path", flat=True))
        if kept:
            OldAddress.objects.filter(path__in=kept).update(article=article, section=None, tag=None)
        OldAddress.objects.bulk_create(
            [OldAddress(path=path, article=article) for path in paths if path not in kept]
        )
        for path in paths:
            if _our_own_address(path):
                report.notes.append(
                    f"{label}: the old address {path} is also one of this site's pages, which "
                    "keeps answering there"
                )
        verb = "Imported" if created else "Re-imported"
        revision = record_revision(
            article, self.user, note=f"{verb} from {file_name} ({source} #{item.post_id})"[:200]
        )
        article.import_state = {
            "source": digest,
            "written": _written_digest(revision.snapshot, article.published_at),
            "modified": modified_stamp,
        }
        Article.objects.filter(pk=article.pk).update(import_state=article.import_state)
        return (IMPORTED if created else UPDATED), ("" if state == "published" else state)

    def _free_slug(self, item, label, report):
        # WordPress keeps slugs URL-encoded and allows characters no address of ours may
        # hold (an en dash): slugify keeps letters of every alphabet, digits and hyphens.
        base = slugify(item.slug, allow_unicode=True) or slugify(item.title, allow_unicode=True)
        base = base[:200] or f"post-{item.post_id}"
        slug = base
        if Article.objects.filter(slug=slug).exists():
            # Stable: the same item gets the same address on every run.
            slug = f"{base[:190]}-{item.post_id}"
            counter = 2
            while Article.objects.filter(slug=slug).exists():
                slug = f"{base[:185]}-{item.post_id}-{counter}"
                counter += 1
            report.notes.append(f"{label}: slug “{base}” is taken, imported as “{slug}”")
        return slug

    def _section(self, item):
        if self.section_map is not None:
            for domain, nicename, name in item.categories:
                if domain == "category":
                    section = self.section_map.section(nicename, name)
                    if section is not None:
                        return section
            return None
        for domain, nicename, name in item.categories:
            if domain == "category" and nicename != "uncategorized" and name:
                slug = slugify(nicename or name, allow_unicode=True)[:100]
                found = self._sections.get((slug, name))
                if found is None:
                    found = (
                        Section.objects.filter(slug=slug).first()
                        or Section.objects.filter(name=name[:100]).first()
                        or Section.objects.create(slug=slug, name=name[:100])
                    )
                    self._sections[(slug, name)] = found
                return found
        return None

    def _tags(self, item, section):
        names = []
        for domain, nicename, name in item.categories:
            if not name:
                continue
            if domain == "category" and self.section_map is not None:
                # Mapped to the article's section: filed there. Every other category
                # (unmapped, or mapped to another section) is kept as a tag.
                filed = section is not None and self.section_map.section(nicename, name) == section
                if not filed and name.lower() != "uncategorized":
                    names.append(name[:100])
                continue
            if domain == "post_tag" or (
                domain == "category"
                and (section is None or name != section.name)
                and name.lower() != "uncategorized"
            ):
                names.append(name[:100])
        return list(dict.fromkeys(names))

    def _forget_found(self):
        """Sections, authors and tags found or created so far in this file (one query
        each per file, not per item); forgotten when an item rolls back, which may take
        some it created with it."""
        self._sections, self._authors_by_slug, self._tags_by_name = {}, {}, {}

    def _tag_objects(self, article, names):
        """The tags taggit would find or create for these names, found once per file."""
        for name in names:
            if name not in self._tags_by_name:
                self._tags_by_name[name] = article.tags._to_tag_model_instances([name], {})[0]
        return [self._tags_by_name[name] for name in names]

    def _authors(self, item, export):
        people = [
            (nicename.removeprefix("cap-"), name)
            for domain, nicename, name in item.categories
            if domain == "author"
        ]
        if not people and item.creator:
            people = [
                (item.creator, (export.authors if export else {}).get(item.creator, item.creator))
            ]
        authors = []
        for login, name in people:
            mapped = self.author_map.author(login) if self.author_map is not None else None
            if mapped is not None:
                if mapped not in authors:
                    authors.append(mapped)
                continue
            slug = (
                slugify(login, allow_unicode=True)[:150] or slugify(name, allow_unicode=True)[:150]
            )
            if not slug:
                continue
            author = self._authors_by_slug.get(slug)
            if author is None:
                author = Author.objects.filter(slug=slug).first() or Author.objects.create(
                    slug=slug, name=name[:150] or login
                )
                self._authors_by_slug[slug] = author
            if author not in authors:
                authors.append(author)
        return authors

    def _pictures(self, body, label, report):
        markdown = body.markdown
        missing = []
        for number, picture in reversed(list(enumerate(body.pictures))):
            replacement = self._picture(picture, missing)
            markdown = markdown.replace(f"picture:{number}", replacement)
        if missing:
            unique = list(dict.fromkeys(reversed(missing)))
            by_reason = {}
            for src, why in unique:
                by_reason.setdefault(why, []).append(src)
            for why, sources in by_reason.items():
                report.notes.append(
                    f"{label}: {len(sources)} picture(s) kept as links ({why}): "
                    + ", ".join(sources[:3])
                    + (" …" if len(sources) > 3 else "")
                )
        return markdown

    def _picture(self, picture, missing):
        alt = _markdown_text(picture.alt)
        caption = picture.caption.replace('"', "'")
        found = self.media.photo_for(picture)
        if found.photo is None:
            missing.append((picture.src, found.why))
            return f"[{alt or caption or 'Picture'}]({picture.src})"
        if found.photo is True:  # a dry run found the file
            return f"![{alt}](photo:0)"
        title = f' "{caption}"' if caption else ""
        return f"![{alt}](photo:{found.photo.pk}{title})"


@contextmanager
def _quick_commits():
    """On PostgreSQL, the import's commits do not wait for the disk (synchronous_commit
    off, for this connection only): a crash of the database server may lose the last
    fraction of a second of items, which the next run imports again (it is idempotent).
    Never lost half-way: each item's transaction stays atomic."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _our_own_address(path):
    """Whether one of this site's pages answers at an old path (the old address then only
    redirects where that page would 404, as /articles/<unknown>/ does)."""
    if path.startswith("/?"):
        return False
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.view_name != "articles:article"


def _digest(item):
    values = item._asdict()
    values.pop("position")
    values.pop("problems")
    # Read since the first imports, and the same for every post: left out so archives
    # imported before it was read are not all "changed" on their next run.
    values.pop("parent", None)
    return hashlib.sha256(
        json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True).encode()
    ).hexdigest()


def _written(article):
    """What the desk could change, as the database holds it now."""
    fresh = Article.objects.get(pk=article.pk)
    return _written_digest(take_snapshot(fresh), fresh.published_at)


def _written_digest(snapshot, published_at):
    snapshot = {**snapshot, "published_at": published_at.isoformat() if published_at else None}
    return hashlib.sha256(
        json.dumps(snapshot, cls=DjangoJSONEncoder, sort_keys=True).encode()
    ).hexdigest()


def _plain(html_text):
    import lxml.html

    if not html_text.strip():
        return ""
    try:
        return " ".join(
            lxml.html.fragment_fromstring(html_text, create_parent="div").text_content().split()
        )
    except Exception:
        return " ".join(html_text.split())


def _markdown_text(text):
    return text.replace("[", "(").replace("]", ")").replace("\n", " ").strip()
