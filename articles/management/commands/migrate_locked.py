"""
`migrate`, one run at a time: the release step of a deployment with several machines.

The migrate service (docker-compose.yml) or Job (deploy/kubernetes/) runs this before any
web process of the new release starts; if two ever start together (a Job retried while its
first pod still runs, an operator's manual run), the second waits for the first to finish
and then finds nothing left to apply, instead of both applying the same migration.

The lock is a PostgreSQL session-level advisory lock held on a connection of its own:
`migrate` opens, commits and closes transactions on the alias's connection as it goes,
and none of that may release the lock. Session locks need a real server session, so this
must reach PostgreSQL directly, never through PgBouncer in transaction mode (README,
"Running on several machines"). SQLite serves one machine: no lock.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

# Any 64-bit number the application uses for nothing else ("newsroom" in ASCII).
MIGRATION_LOCK_KEY = 0x6E657773726F6F6D
# A schema change waiting for a table lock makes every query behind it wait too: readers
# of the old release would queue for as long as a slow report holds the table. Better that
# the migration fails (and the Job or an operator runs it again) than the site stalls.
LOCK_TIMEOUT = "5s"


class Command(BaseCommand):
    help = "Apply migrations, never two runs at once (a PostgreSQL advisory lock)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--lock-timeout",
            default=LOCK_TIMEOUT,
            help="How long a migration may wait for a table lock (PostgreSQL's lock_timeout).",
        )

    def handle(self, *args, database, verbosity, lock_timeout, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            call_command("migrate", database=database, interactive=False, verbosity=verbosity)
            return
        lock = connection.get_new_connection(connection.get_connection_params())
        try:
            lock.autocommit = True
            with lock.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
                if not cursor.fetchone()[0]:
                    self.stderr.write("newsroom: another migrate is running; waiting for it")
                    cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
            with connection.cursor() as cursor:
                # For the session migrate runs in (it keeps its connection throughout).
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [lock_timeout])
            call_command("migrate", database=database, interactive=False, verbosity=verbosity)
        finally:
            # Closing the session releases the lock, also when migrate failed.
            lock.close()
