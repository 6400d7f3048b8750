"""
docker-compose.yml and the Dockerfile, checked without a Docker engine: parsed here, and
validated by Debian's docker-compose when it is installed (CI installs it).
"""

import fnmatch
import os
import re
import shutil
import subprocess

import pytest
import yaml

from .sites import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_file_uses_the_compose_spec_without_a_version_key():
    assert "version" not in COMPOSE
    assert {"db", "redis", "web", "front", "backup"} <= set(SERVICES)


def test_database_is_pinned_postgresql_15_with_a_volume_and_a_readiness_healthcheck():
    db = SERVICES["db"]
    assert re.fullmatch(r"postgres:15(-\w+)?", db["image"])
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["restart"] == "unless-stopped"
    assert db["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_web_waits_for_a_healthy_database_and_keeps_uploads_in_a_volume():
    web = SERVICES["web"]
    assert web["build"]["context"] == "."
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "ports" not in web  # only the front server is published
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert "media:/var/lib/newsroom/media" in web["volumes"]
    assert web["restart"] == "unless-stopped"
    assert web["environment"]["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "static:/var/lib/newsroom/static" in web["volumes"]
    assert set(COMPOSE["volumes"]) == {"pgdata", "media", "static"}


def test_front_server_serves_files_and_proxies_to_a_healthy_web():
    front = SERVICES["front"]
    assert re.fullmatch(r"nginx:1\.\d+(-\w+)?", front["image"])
    assert front["depends_on"] == {"varnish": {"condition": "service_healthy"}}
    assert front["environment"]["NEWSROOM_UPSTREAM"] == "varnish:80"
    # The admin's address, for the template's "never gzip" rule: the one the site uses.
    assert front["environment"]["NEWSROOM_ADMIN_PATH"] == "${DJANGO_ADMIN_URL:-admin/}"
    assert (
        "./docker/nginx/newsroom.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in front["volumes"]
    )
    assert "static:/srv/newsroom/static:ro" in front["volumes"]
    assert "media:/srv/newsroom/media:ro" in front["volumes"]
    assert front["ports"] == ["${NEWSROOM_HTTP_BIND:-127.0.0.1:8000}:80"]
    assert "/dev/tcp/127.0.0.1/80" in " ".join(front["healthcheck"]["test"])
    assert front["restart"] == "unless-stopped"


def test_page_cache_redis_keeps_nothing_on_disk():
    redis = SERVICES["redis"]
    assert redis["image"].startswith("redis:7")
    assert "--save" in redis["command"] and "no" in redis["command"]
    assert "ping" in " ".join(redis["healthcheck"]["test"])


def test_backup_service_runs_the_backup_script_on_demand_only():
    backup = SERVICES["backup"]
    assert backup["profiles"] == ["backup"]
    assert backup["image"] == SERVICES["db"]["image"]  # pg_dump matches the server
    assert backup["command"] == ["/scripts/backup.sh"]
    assert backup["depends_on"] == {"db": {"condition": "service_healthy"}}


def test_image_is_python_311_slim_non_root_without_build_tools():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]
    assert len(stages) == 2
    build, runtime = stages
    assert build.startswith("python:3.11-slim")
    assert runtime.startswith("python:3.11-slim")
    assert "pip install --no-cache-dir -r" in build
    assert "build-essential" in build and "build-essential" not in runtime
    assert "apt-get install" not in runtime
    assert re.search(r"^USER newsroom$", runtime, re.MULTILINE)
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in runtime


def test_web_image_is_built_with_the_release_it_runs():
    assert SERVICES["web"]["build"]["args"] == {"NEWSROOM_RELEASE": "${NEWSROOM_RELEASE:-}"}
    runtime = runtime_stage()
    assert re.search(r'^ARG NEWSROOM_RELEASE=""$', runtime, re.MULTILINE)
    assert re.search(r"^ENV NEWSROOM_RELEASE=\$NEWSROOM_RELEASE$", runtime, re.MULTILINE)


def test_image_installs_the_production_requirements_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install [^\n]*", dockerfile)
    assert installs == ["pip install --no-cache-dir -r /tmp/requirements.txt"]
    assert "requirements-dev" not in dockerfile
    production = requirement_names("requirements.txt")
    tools = requirement_names("requirements-dev.txt") - production
    assert {"pytest", "ruff", "playwright"} <= tools


def requirement_names(name):
    lines = (ROOT / name).read_text().splitlines()
    return {
        re.split(r"[=<>~\[ ]", line, maxsplit=1)[0].lower()
        for line in lines
        if line.strip() and not line.startswith(("#", "-r"))
    }


def runtime_stage():
    return re.split(r"^FROM ", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)[-1]


def sent_to_docker_build(path):
    """Whether .dockerignore lets `path` into the build context (last matching rule wins;
    a rule that matches a folder covers what is inside it)."""
    rules = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    sent = True
    for rule in rules:
        pattern = rule.removeprefix("!")
        if any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes):
            sent = rule.startswith("!")
    return sent


@pytest.mark.parametrize(
    "path",
    [
        ".venv/bin/python",
        "db.sqlite3",
        "media/articles/photo.jpg",
        "test-results/junit.xml",
        "bench/results/10000.json",
        ".env",
        "articles/__pycache__/models.cpython-311.pyc",
    ],
)
def test_local_state_and_test_output_stay_out_of_the_image(path):
    assert not sent_to_docker_build(path)


@pytest.mark.parametrize(
    "path", ["manage.py", "requirements.txt", "docker/entrypoint.sh", ".env.example"]
)
def test_what_the_image_runs_is_sent_to_the_build(path):
    assert sent_to_docker_build(path)


def compose_config(tmp_path, env_file, **shell):
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".env").write_text(env_file)
    return subprocess.run(
        ["docker-compose", "--project-directory", str(tmp_path), "config"],
        cwd=tmp_path,
        # Nothing from the test run (which exports DJANGO_SECRET_KEY) may fill a gap.
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), **shell},
        capture_output=True,
        text=True,
        timeout=60,
    )


needs_compose = pytest.mark.skipif(
    shutil.which("docker-compose") is None,
    reason="docker-compose not installed (apt-get install docker-compose; CI does)",
)


@needs_compose
def test_docker_compose_accepts_the_file_with_the_example_env_filled_in(tmp_path):
    env_file = (ROOT / ".env.example").read_text()
    env_file = env_file.replace("DJANGO_SECRET_KEY=\n", "DJANGO_SECRET_KEY=" + "k" * 50 + "\n")
    env_file = env_file.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=s3cr3t\n")
    result = compose_config(tmp_path, env_file)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert config["services"]["web"]["environment"]["DATABASE_URL"] == (
        "postgres://newsroom:s3cr3t@db:5432/newsroom"
    )
    assert "DJANGO_SECRET_KEY" not in config["services"]["db"]["environment"]


@needs_compose
def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path):
    env_file = (ROOT / ".env.example").read_text()
    env_file = env_file.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=s3cr3t\n")
    result = compose_config(tmp_path, env_file)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set - copy .env.example to .env" in result.stderr


def example_env_filled_in():
    env_file = (ROOT / ".env.example").read_text()
    env_file = env_file.replace("DJANGO_SECRET_KEY=\n", "DJANGO_SECRET_KEY=" + "k" * 50 + "\n")
    return env_file.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=s3cr3t\n")


@needs_compose
def test_varnish_sits_between_the_front_server_and_web_and_is_purged_by_key():
    varnish = SERVICES["varnish"]
    assert varnish["build"] == {"context": ".", "dockerfile": "docker/varnish/Dockerfile"}
    assert "ports" not in varnish  # purges come from inside compose's network only
    assert varnish["depends_on"] == {"balancer": {"condition": "service_healthy"}}
    for service in ("web", "worker"):
        environment = SERVICES[service]["environment"]
        assert environment["NEWSROOM_EDGE_KEYS_HEADER"] == "xkey"
        assert environment["NEWSROOM_EDGE_PURGE"] == "varnish"
        assert environment["NEWSROOM_EDGE_PURGE_URL"] == "http://varnish/"
    assert SERVICES["front"]["environment"]["NGINX_MICROCACHE_SECONDS"].endswith(":-0}")


def test_front_server_is_told_the_admin_address_the_site_uses(tmp_path):
    env_file = example_env_filled_in().replace(
        "DJANGO_ADMIN_URL=admin/\n", "DJANGO_ADMIN_URL=newsdesk/\n"
    )
    result = compose_config(tmp_path, env_file)
    assert result.returncode == 0, result.stderr
    front = yaml.safe_load(result.stdout)["services"]["front"]
    assert front["environment"]["NEWSROOM_ADMIN_PATH"] == "newsdesk/"


@needs_compose
def test_docker_compose_builds_the_image_with_the_release_given_in_the_shell(tmp_path):
    result = compose_config(tmp_path, example_env_filled_in(), NEWSROOM_RELEASE="3f2c1ab")
    assert result.returncode == 0, result.stderr
    build = yaml.safe_load(result.stdout)["services"]["web"]["build"]
    assert build["args"] == {"NEWSROOM_RELEASE": "3f2c1ab"}


@needs_compose
def test_docker_compose_builds_without_a_release_when_none_is_given(tmp_path):
    result = compose_config(tmp_path, example_env_filled_in())
    assert result.returncode == 0, result.stderr
    build = yaml.safe_load(result.stdout)["services"]["web"]["build"]
    assert build["args"] == {"NEWSROOM_RELEASE": ""}  # the image fingerprints its code


def test_worker_runs_the_database_task_queue_with_a_health_check():
    worker = SERVICES["worker"]
    assert worker["image"] == SERVICES["web"]["image"]
    assert worker["command"] == ["python", "manage.py", "db_worker"]
    assert worker["environment"]["NEWSROOM_TASKS_BACKEND"] == "database"
    assert SERVICES["web"]["environment"]["NEWSROOM_TASKS_BACKEND"] == "database"
    # The task table exists once the migrate service has finished.
    assert worker["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert "check_task_queue" in worker["healthcheck"]["test"]
    assert worker["restart"] == "unless-stopped"


def test_migrations_run_once_in_their_own_service_before_web_and_worker():
    migrate = SERVICES["migrate"]
    assert migrate["image"] == SERVICES["web"]["image"]
    assert "manage.py migrate_locked" in " ".join(migrate["command"])
    assert "collectstatic" in " ".join(migrate["command"])
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    assert "static:/var/lib/newsroom/static" in migrate["volumes"]
    # The lock needs a real session: straight to PostgreSQL, like web's own address.
    assert migrate["environment"]["DATABASE_URL"] == SERVICES["web"]["environment"]["DATABASE_URL"]
    web = SERVICES["web"]["environment"]
    assert (web["NEWSROOM_MIGRATE_AT_START"], web["NEWSROOM_COLLECTSTATIC_AT_START"]) == ("0", "0")


def test_web_can_be_scaled_and_the_balancer_follows_its_replicas():
    web = SERVICES["web"]
    # `docker compose up -d --scale web=3`: nothing that only one container can have.
    assert "container_name" not in web and "ports" not in web
    balancer = SERVICES["balancer"]
    assert balancer["environment"]["NEWSROOM_WEB_UPSTREAM"] == "web:8000"
    assert balancer["environment"]["NEWSROOM_RESOLVER"] == "127.0.0.11"  # Docker's DNS
    assert balancer["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert "ports" not in balancer
    vcl = (ROOT / "docker" / "varnish" / "default.vcl").read_text()
    assert '.host = "balancer";' in vcl and '.port = "8000";' in vcl


def test_image_compiles_the_translation_catalogs_in_its_build_stage():
    build, runtime = re.split(r"^FROM ", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)[1:]
    assert "gettext" in build and "compilemessages" in build
    assert "COPY --from=build --chown=root:root /src /app" in runtime
    # A working tree's own .mo files never reach the image.
    assert not sent_to_docker_build("locale/fr/LC_MESSAGES/django.mo")
    assert sent_to_docker_build("locale/fr/LC_MESSAGES/django.po")
