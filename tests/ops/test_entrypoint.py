"""
The real docker/entrypoint.sh and gunicorn on this host (no Docker engine here).

The tests in this module share one running site (the `running_site` fixture) and run
in file order: serve, survive an outage, then stop.
"""

import json
import subprocess
import sys
import time

import yaml
from psycopg2 import sql

from bench.hosting import free_port

from .sites import ROOT, admin_cursor, needs_postgresql, production_env


def test_placeholder_secret_key_stops_the_container_with_a_clear_message():
    result = subprocess.run(
        ["docker/entrypoint.sh"],
        cwd=ROOT,
        env=production_env(DJANGO_SECRET_KEY="change-me"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 78
    assert "refusing to start: DJANGO_SECRET_KEY is missing or still a placeholder" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_entrypoint_migrates_collects_static_and_serves_articles_through_gunicorn(
    running_site,
):
    running_site.manage("load_demo_content")

    status, headers, body = running_site.get("/articles/harbour-reopens/")
    assert status == 200
    assert "Harbour reopens after three-day storm closure" in body
    # Versions are nobody's business.
    assert headers.get("Server", "gunicorn").strip().lower() == "gunicorn"

    # Whitenoise serves the hashed, compressed copy that collectstatic wrote.
    stylesheet = next(
        part.split('"')[0] for part in body.split('href="') if part.startswith("/static/css/")
    )
    assert stylesheet != "/static/css/site.css"
    status, headers, _ = running_site.get(stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]


def test_request_and_error_lines_are_json_on_stdout(running_site):
    running_site.get("/articles/no-such-story/")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in running_site.log().splitlines() if line[:1] == "{"]
        requests = [line for line in lines if line.get("event") == "request"]
        if any(line["path"] == "/articles/no-such-story/" for line in requests):
            break
        time.sleep(0.1)
    request = next(line for line in requests if line["path"] == "/articles/no-such-story/")
    assert request["status"] == 404
    assert request["method"] == "GET"
    assert isinstance(request["duration_ms"], int)
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["level"] == "WARNING"
    assert not_found["status"] == 404


def test_the_web_containers_healthcheck_command_passes_only_while_the_site_answers(
    running_site,
):
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    kind, python, *args = compose["services"]["web"]["healthcheck"]["test"]
    assert (kind, python) == ("CMD", "python")

    def healthcheck(address):
        command = [sys.executable, *(arg.replace("127.0.0.1:8000", address) for arg in args)]
        return subprocess.run(command, capture_output=True, timeout=30).returncode

    assert healthcheck(running_site.url.removeprefix("http://")) == 0
    assert healthcheck(f"127.0.0.1:{free_port()}") != 0


@needs_postgresql
def test_readers_get_a_503_page_while_the_database_is_down_and_the_site_recovers(
    running_site,
):
    assert running_site.get("/articles/harbour-reopens/")[0] == 200
    name = sql.Identifier(running_site.database_name)
    with admin_cursor() as cursor:
        # The outage: no new connections, and every open one (the worker's) is cut.
        cursor.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(name))
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [running_site.database_name],
        )
        try:
            # A page already in the page cache is still served from memory...
            assert running_site.get("/articles/harbour-reopens/")[0] == 200
            # ...every other page needs the database.
            started = time.monotonic()
            status, headers, body = running_site.get("/articles/library-weekend-hours/")
            assert time.monotonic() - started < 5
            assert status == 503
            assert "We’ll be back in a moment" in body
            assert headers["Retry-After"] == "30"
            assert "no-store" in headers["Cache-Control"]
            for leak in ("Traceback", "psycopg", "OperationalError", "PostgreSQL", "Django"):
                assert leak not in body

            status, _, body = running_site.get("/readyz")
            assert (status, json.loads(body)) == (
                503,
                {"status": "unavailable", "reason": "database unreachable"},
            )
            assert running_site.get("/healthz")[0] == 200
        finally:
            cursor.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(name))

    status, _, body = running_site.get("/articles/library-weekend-hours/")
    assert status == 200
    assert "Library extends weekend opening hours" in body
    assert running_site.get("/readyz")[0] == 200
    assert running_site.process.poll() is None, "the site must recover without a restart"


def test_sigterm_stops_gunicorn_cleanly(running_site):
    assert running_site.stop() == 0
    assert "Shutting down: Master" in running_site.log()
