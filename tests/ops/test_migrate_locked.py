"""manage.py migrate_locked: the release step, run twice at once against a real database."""

import subprocess
import sys
import time

from articles.management.commands.migrate_locked import MIGRATION_LOCK_KEY

from .sites import ROOT, database_cursor, needs_postgresql, production_env, scratch_database


def start_migrate(database_url):
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate_locked"],
        cwd=ROOT,
        env=production_env(DATABASE_URL=database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process):
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return stdout, stderr


@needs_postgresql
def test_two_runs_at_once_take_turns_and_both_succeed(tmp_path):
    with scratch_database(tmp_path, "migrate") as database_url:
        name = database_url.rsplit("/", 1)[1]
        with database_cursor(name) as holder:
            # Someone else (a first run) holds the lock: both new runs must wait for it.
            holder.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
            first, second = start_migrate(database_url), start_migrate(database_url)
            deadline = time.monotonic() + 60
            waiting = 0
            while time.monotonic() < deadline and waiting < 2:
                holder.execute(
                    # pg_locks shows the whole server; advisory locks are per database.
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                )
                waiting = holder.fetchone()[0]
                time.sleep(0.2)
            assert waiting == 2
            holder.execute("SELECT to_regclass('django_migrations')")
            assert holder.fetchone()[0] is None, "nothing may be migrated while the lock is held"
            holder.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])

            outputs = [finish(first), finish(second)]
            # One applied everything; the other ran after it and found nothing to do.
            applied = [out for out, _ in outputs if "Applying articles.0001" in out]
            idle = [out for out, _ in outputs if "No migrations to apply" in out]
            assert len(applied) == 1 and len(idle) == 1
            assert all("another migrate is running" in err for _, err in outputs)

            holder.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            assert holder.fetchone()[0] == 0, "the lock goes with the run"


def test_on_sqlite_it_is_plain_migrate(tmp_path):
    process = start_migrate(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    stdout, _ = finish(process)
    assert "Applying articles.0001" in stdout


@needs_postgresql
def test_a_migration_waiting_for_a_table_lock_gives_up_instead_of_stalling_the_site(tmp_path):
    with scratch_database(tmp_path, "migrate_wait") as database_url:
        finish(start_migrate(database_url))
        # A long transaction (a report, a pg_dump) in the way of the table migrate needs.
        name = database_url.rsplit("/", 1)[1]
        env = production_env(DATABASE_URL=database_url)
        with database_cursor(name) as holder:
            holder.execute("BEGIN")
            holder.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")
            result = subprocess.run(
                [sys.executable, "manage.py", "migrate_locked", "--lock-timeout", "1s"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            holder.execute("ROLLBACK")
        assert result.returncode != 0
        assert "lock timeout" in result.stderr
