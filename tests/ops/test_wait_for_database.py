"""docker/wait_for_database.py: the entrypoint's first step."""

import os
import subprocess
import sys
import threading
import time

from psycopg2 import sql

from bench.hosting import free_port

from .sites import (
    ROOT,
    admin_cursor,
    create_database,
    drop_database,
    needs_postgresql,
    production_env,
)


def wait_for_database(database_url, seconds):
    return subprocess.run(
        [sys.executable, "docker/wait_for_database.py"],
        cwd=ROOT,
        env=production_env(
            DATABASE_URL=database_url,
            NEWSROOM_DB_WAIT_SECONDS=str(seconds),
            DJANGO_DB_CONNECT_TIMEOUT="1",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gives_up_with_a_clear_message_when_the_database_never_answers():
    nobody_listens = f"postgres://newsroom@127.0.0.1:{free_port()}/newsroom"
    started = time.monotonic()
    result = wait_for_database(nobody_listens, seconds=1)
    assert result.returncode == 1
    assert time.monotonic() - started < 15
    assert "waiting for the database" in result.stderr
    assert "database still unreachable after 1s" in result.stderr


@needs_postgresql
def test_waits_until_the_database_accepts_connections():
    name = f"newsroom_ops_wait_{os.getpid()}"
    url = create_database(name)
    try:
        with admin_cursor() as cursor:
            cursor.execute(
                sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name))
            )

        def database_comes_up():
            time.sleep(1.5)
            with admin_cursor() as cursor:
                cursor.execute(
                    sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(name))
                )

        opener = threading.Thread(target=database_comes_up)
        opener.start()
        result = wait_for_database(url, seconds=20)
        opener.join()
        assert result.returncode == 0, result.stderr
        assert "waiting for the database" in result.stderr
    finally:
        drop_database(name)
