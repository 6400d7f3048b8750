"""manage.py import_content FILE...: bring an archive in (desk/importing/)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from desk.importing.importer import ERROR, Importer


class Command(BaseCommand):
    help = (
        "Import articles from WordPress exports (WXR 1.0-1.2). Re-running is safe: each "
        "article keeps its source and source id, only what changed in the source is updated, "
        "and the desk's edits stand unless --overwrite."
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
            metavar="DIR",
            help="The old site's uploads folder (wp-content/uploads).",
        )
        parser.add_argument("--pages", action="store_true", help="Import pages as articles too.")
        parser.add_argument(
            "--timezone",
            default=settings.TIME_ZONE,
            help="The old site's zone, for dates exported without GMT.",
        )

    def handle(self, *args, files, **options):
        importer = Importer(
            dry_run=options["dry_run"],
            overwrite=options["overwrite"],
            media_from=options["media_from"],
            local_zone=options["timezone"],
            with_pages=options["pages"],
        )
        failed = False
        for path in files:
            report = importer.import_file(path, source=options["source"])
            self.stdout.write(report.text())
            failed = failed or bool(report.problems) or report.counts[ERROR] > 0
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        if failed:
            self.stderr.write("Some files or items had problems: see the report above.")
