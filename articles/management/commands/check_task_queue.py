"""The worker container's health check: the background task queue is being worked.

Unhealthy when the database cannot be reached or when a task has been ready to run for
longer than --max-wait seconds (the worker is stuck, dead or far behind). Exit status 0
means healthy, 1 unhealthy, with the reason on stderr.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone


class Command(BaseCommand):
    help = "Exit non-zero when background tasks wait longer than --max-wait seconds."

    def add_arguments(self, parser):
        parser.add_argument("--max-wait", type=int, default=300)

    def handle(self, *args, max_wait, **options):
        if settings.NEWSROOM_TASKS_BACKEND != "database":
            self.stdout.write("Tasks run inline (NEWSROOM_TASKS_BACKEND=immediate).")
            return
        from django_tasks_db.models import DBTaskResult, get_date_max

        overdue_since = timezone.now() - timedelta(seconds=max_wait)
        # A task deferred with run_after only starts waiting at that time.
        overdue = Q(run_after=get_date_max(), enqueued_at__lt=overdue_since) | Q(
            run_after__lt=overdue_since
        )
        try:
            oldest = (
                DBTaskResult.objects.ready()
                .filter(overdue)
                .order_by("enqueued_at")
                .values_list("enqueued_at", flat=True)
                .first()
            )
        except DatabaseError as error:
            raise CommandError(f"Task queue unreachable: {error}") from error
        if oldest is not None:
            raise CommandError(
                f"A task has waited since {oldest.isoformat()} (over {max_wait} s): "
                "is the worker running?"
            )
        self.stdout.write("Task queue is being worked.")
