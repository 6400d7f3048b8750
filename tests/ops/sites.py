"""
Helpers for the ops tests: scratch PostgreSQL databases (newsroom_ops_*), a free loopback
port, the production environment, and a Site: the real entrypoint started as a child
process that is always stopped again.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def suite_database():
    return dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite:///unused"))


def on_postgresql():
    return suite_database()["ENGINE"] == "django.db.backends.postgresql"


needs_postgresql = pytest.mark.skipif(
    not on_postgresql(),
    reason="PostgreSQL only: run with DATABASE_URL=postgres://... (CI does)",
)


@contextmanager
def database_cursor(name):
    """Autocommit cursor on the suite's PostgreSQL server, outside Django."""
    db = suite_database()
    connection = psycopg2.connect(
        dbname=name,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        connect_timeout=5,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def admin_cursor():
    return database_cursor("postgres")


def drop_database(name):
    with admin_cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_database(name):
    assert name.startswith("newsroom_ops_")
    drop_database(name)  # a leftover from an interrupted run
    with admin_cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = suite_database()
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def production_env(**overrides):
    """The environment of the web container, without anything from the test run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_", "PG"))
        and key not in {"DATABASE_URL", "TIME_ZONE"}
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return env


def fetch(url, timeout=10):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        # Always http://127.0.0.1:<port>: the URL is built by the fixture below.
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Site:
    def __init__(self, process, url, log_path, env):
        self.process = process
        self.url = url
        self.log_path = log_path
        self.env = env

    @property
    def database_name(self):
        return dj_database_url.parse(self.env["DATABASE_URL"])["NAME"]

    def get(self, path, timeout=10):
        return fetch(self.url + path, timeout=timeout)

    def log(self):
        return self.log_path.read_text(errors="replace")

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            # load_demo_content makes its pictures' renditions inline (the immediate task
            # backend): about 3 s of CPU per picture, more on a busy machine.
            timeout=240,
            check=True,
        )

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"entrypoint exited with {self.process.returncode}:\n{self.log()}")
            try:
                if self.get("/readyz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass  # gunicorn is not listening yet
            time.sleep(0.2)
        pytest.fail(f"/readyz did not answer 200 within {seconds}s:\n{self.log()}")

    def stop(self, seconds=15):
        """SIGTERM, as `docker stop` sends it; returns gunicorn's exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@contextmanager
def scratch_database(tmp, name):
    """A database of its own for one site: a newsroom_ops_<name>_* database on the
    PostgreSQL run, a file in `tmp` on SQLite. Yields its DATABASE_URL."""
    if not on_postgresql():
        yield f"sqlite:///{tmp / f'{name}.sqlite3'}"
        return
    database_name = f"newsroom_ops_{name}_{os.getpid()}"
    try:
        yield create_database(database_name)
    finally:
        drop_database(database_name)
