"""Read replicas (newsroom/replicas.py) against real PostgreSQL databases: a "replica" that
is a copy of the primary with its titles marked, and one on a port where nothing listens."""

import json
import subprocess
import sys

from psycopg2 import sql

from bench.hosting import free_port

from .sites import (
    ROOT,
    admin_cursor,
    database_cursor,
    drop_database,
    needs_postgresql,
    production_env,
    scratch_database,
)

# Which copy answered, as an anonymous reader, staff, or a browser that has just posted
# something. One process each: the site remembers what it drew (pagecache.remembered), and
# these copies differ without an edit that would tell it so.
READS = """
import json
import sys
import django

django.setup()
from django.test import Client


def copy(client):
    response = client.get("/articles/harbour-reopens/")
    if response.status_code != 200:
        return response.status_code
    return "replica" if "Replica copy:" in response.content.decode() else "primary"


client = Client()
role = sys.argv[1]
if role == "staff":
    client.cookies["sessionid"] = "anything"  # a session cookie, valid or not: the primary
if role == "writer":
    assert "newsroom_primary" in client.post("/articles/harbour-reopens/").cookies
print(json.dumps([copy(client) for _ in range(3)]))
"""


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def reads(primary_url, replica_urls, role="reader"):
    env = production_env(
        DATABASE_URL=primary_url,
        DATABASE_REPLICA_URLS=",".join(replica_urls),
        DJANGO_ALLOWED_HOSTS="testserver",
        NEWSROOM_PAGE_CACHE_SECONDS="0",
        DJANGO_DB_CONNECT_TIMEOUT="2",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        # Plain static file names: no collectstatic needed for this.
        DJANGO_DEBUG="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", READS, role],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), result.stdout + result.stderr


@needs_postgresql
def test_readers_read_the_replica_staff_and_writers_the_primary_and_a_lost_one_is_skipped(
    tmp_path,
):
    with scratch_database(tmp_path, "primary") as primary_url:
        manage(production_env(DATABASE_URL=primary_url), "migrate_locked")
        manage(production_env(DATABASE_URL=primary_url), "load_demo_content")
        primary = primary_url.rsplit("/", 1)[1]
        replica = primary.replace("primary", "replica")
        with admin_cursor() as cursor:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(replica), sql.Identifier(primary)
                )
            )
        try:
            with database_cursor(replica) as cursor:
                # A later version too: the site keeps what it drew per article version.
                cursor.execute(
                    "UPDATE articles_article SET title = 'Replica copy: ' || title,"
                    " modified = modified + interval '1 second'"
                )
            replica_url = primary_url.rsplit("/", 1)[0] + "/" + replica
            lost_url = f"postgres://postgres@127.0.0.1:{free_port()}/gone"

            assert reads(primary_url, [replica_url])[0] == ["replica"] * 3
            assert reads(primary_url, [replica_url], "staff")[0] == ["primary"] * 3
            # Pinned by the cookie after the post: reads what it wrote.
            assert reads(primary_url, [replica_url], "writer")[0] == ["primary"] * 3

            # The lost replica is tried, left out, and never costs a reader a page.
            seen, log = reads(primary_url, [lost_url, replica_url])
            assert seen == ["replica"] * 3
            assert "Read replica replica1 unreachable" in log

            # No replica left: the primary serves.
            assert reads(primary_url, [lost_url])[0] == ["primary"] * 3
        finally:
            drop_database(replica)
