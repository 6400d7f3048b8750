import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.pop("TIME_ZONE", None)
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsroom import settings as s; "
            "print(s.DEBUG, s.TIME_ZONE, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("key", [None, "", "change-me", "change-me-to-a-long-random-value"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {} if key is None else {"DJANGO_SECRET_KEY": key}
    result = load_settings(**env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing or still a placeholder" in result.stderr


def test_debug_runs_with_a_development_key_and_defaults():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 3)[:3] == ["True", "UTC", "django.db.backends.sqlite3"]


def test_environment_configures_database_time_zone_and_hosts():
    result = load_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://newsroom:pw@db:5432/newsroom",
        TIME_ZONE="Europe/Berlin",
        DJANGO_ALLOWED_HOSTS="news.example.org, www.news.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False Europe/Berlin newsroom.backends.postgresql "
        "['news.example.org', 'www.news.example.org']"
    )


def test_debug_is_off_unless_asked_for():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_DEBUG="")
    assert result.stdout.startswith("False ")


def test_sites_sharing_one_redis_database_keep_their_pages_apart():
    def key_prefix(database_url):
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        clean.update(
            DJANGO_SECRET_KEY="x" * 50, DATABASE_URL=database_url, REDIS_URL="redis://cache:6379/0"
        )
        result = subprocess.run(
            [sys.executable, "-c", "from newsroom import settings as s; "
             "print(s.CACHES['default']['KEY_PREFIX'])"],
            cwd=ROOT, env=clean, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout.strip()

    production = key_prefix("postgres://newsroom:pw@db:5432/newsroom")
    assert production == key_prefix("postgres://newsroom:pw@db:5432/newsroom")
    assert production != key_prefix("postgres://newsroom:pw@db:5432/newsroom_staging")
