"""manage.py import_content FILE...: bring an archive in (desk/importing/)."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from desk.importing.importer import ERROR, Importer


class Command(BaseCommand):
    help = (
        "Import articles from WordPress exports (WXR 1.0-1.2), Ghost JSON exports and "
        "RSS/Atom feeds. Re-running is safe: each article keeps its source and source id, "
        "only what changed in the source is updated, and the desk's edits stand unless "
        "--overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--source",
            choices=("wordpress", "ghost", "feed"),
            help="The kind of export (found from the file when omitted).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything, write nothing."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace articles the desk has changed since their import.",
        )
        parser.add_argument(
            "--media-from",
            metavar="DIR|URL",
            help="Where the old site's pictures are: its uploads folder (wp-content/uploads) "
            "copied here, or its address (https://old.example/wp-content/uploads/).",
        )
        parser.add_argument(
            "--author-map",
            metavar="CSV",
            help="Old login, then an existing author's slug or a user's username, per line.",
        )
        parser.add_argument(
            "--section-map",
            metavar="CSV",
            help="Old category, then a section, per line; categories not in it become tags.",
        )
        parser.add_argument("--pages", action="store_true", help="Import pages as articles too.")
        parser.add_argument(
            "--timezone",
            default=settings.TIME_ZONE,
            help="The old site's zone, for dates exported without GMT.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (none off a terminal)."
        )

    def handle(self, *args, files, **options):
        # The bar goes to stderr, and only to a terminal: a log or a pipe gets the report.
        show = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] > 0
        importer = Importer(
            dry_run=options["dry_run"],
            overwrite=options["overwrite"],
            media_from=options["media_from"],
            local_zone=options["timezone"],
            with_pages=options["pages"],
            author_map=options["author_map"],
            section_map=options["section_map"],
            progress=_progress_bar if show else None,
        )
        failed = False
        started = time.monotonic()
        totals = {}
        for path in files:
            report = importer.import_file(path, source=options["source"])
            for line in report.text_lines():
                self.stdout.write(line)
            failed = failed or bool(report.problems) or report.counts[ERROR] > 0
            for kind, count in report.counts.items():
                totals[kind] = totals.get(kind, 0) + count
        elapsed = time.monotonic() - started
        items = sum(totals.values())
        self.stdout.write(
            f"All files: {len(files)} file(s), {items} items: "
            + ", ".join(f"{n} {kind}" for kind, n in totals.items())
            + f"; {importer.media.fetched} picture(s) fetched; {elapsed:.1f} s"
            + (f" ({items / elapsed:.0f} items/s)" if elapsed > 0 and items else "")
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        if failed:
            self.stderr.write("Some files or items had problems: see the report above.")


class _progress_bar:  # noqa: N801 (used as the Importer's progress factory)
    """Bytes of the file read so far, as a tqdm bar on stderr."""

    def __init__(self, label, total):
        self.bar = tqdm(
            total=total, desc=label, unit="B", unit_scale=True, file=sys.stderr, leave=False
        )

    def __call__(self, read):
        self.bar.update(read)

    def close(self):
        self.bar.close()
