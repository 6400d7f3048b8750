"""Delete for good the articles that waited NEWSROOM_TRASH_DAYS in the trash (daily, from
cron or the worker's host); --all empties the trash now."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import TrashedArticle


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Empty the whole trash, however recent."
        )

    def handle(self, *args, all=False, **options):
        count = TrashedArticle.purge(everything=all)
        limit = "" if all else f" after {settings.NEWSROOM_TRASH_DAYS} days"
        self.stdout.write(f"Deleted {count} article(s) from the trash for good{limit}.")
