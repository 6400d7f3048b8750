"""The production environment documented in .env.example, checked the way Django checks it."""

import re
import secrets
import subprocess
import sys

import pytest

from .sites import ROOT, production_env

ENV_EXAMPLE = ROOT / ".env.example"


def example_values():
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def documented_names():
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_reports_no_warnings_with_the_production_env(tmp_path):
    env = example_values()
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_https_hardening_is_left_off(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


def test_env_example_lists_every_variable_the_deployment_reads():
    sources = [
        "newsroom/settings.py",
        "docker/gunicorn.conf.py",
        "docker/wait_for_database.py",
        "docker-compose.yml",
    ]
    read = set()
    for source in sources:
        text = (ROOT / source).read_text()
        read |= set(re.findall(r'(?:env_\w+|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", text))
    assert "DJANGO_SECRET_KEY" in read and "GUNICORN_WORKERS" in read
    assert read - documented_names() == set()


def test_env_example_cannot_be_used_without_choosing_a_secret_key():
    assert example_values()["DJANGO_SECRET_KEY"] == ""
    result = manage("check", **example_values())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing or still a placeholder" in result.stderr


def test_an_unknown_log_format_stops_start_up_with_a_clear_message():
    result = manage("check", DJANGO_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text, not 'xml'." in result.stderr


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://newsroom:pw@pgbouncer:6432/newsroom",
        # The failover form: libpq keeps whichever host takes writes.
        "postgres://newsroom:pw@pg-a:5432,pg-b:5432/newsroom?target_session_attrs=read-write",
    ],
)
def test_deploy_check_is_clean_with_the_several_machines_settings(database_url):
    env = example_values()
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # Nothing is connected to by `check`: addresses that need not exist here.
        DATABASE_URL=database_url,
        DATABASE_REPLICA_URLS="postgres://newsroom:pw@replica-1:5432/newsroom",
        DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS="1",
        REDIS_SENTINELS="sentinel-1:26379,sentinel-2:26379",
        NEWSROOM_S3_BUCKET="newsroom-media",
        NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS="50",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
