import subprocess

import pytest

from bench.hosting import free_port

from .sites import ROOT, Site, production_env, scratch_database


@pytest.fixture(scope="module")
def running_site(tmp_path_factory):
    """The real docker/entrypoint.sh on this host: migrate, collectstatic, gunicorn.

    On the PostgreSQL run it gets its own scratch database, on SQLite a temporary file.
    """
    tmp = tmp_path_factory.mktemp("site")
    with scratch_database(tmp, "site") as database_url:
        yield from _serve(tmp, database_url)


def _serve(tmp, database_url):
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_DB_CONNECT_TIMEOUT="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        NEWSROOM_DB_WAIT_SECONDS="10",
    )
    log_path = tmp / "site.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["docker/entrypoint.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so cleanup reaches the workers
        )
    site = Site(process, f"http://127.0.0.1:{port}", log_path, env)
    try:
        site.wait_until_ready()
        yield site
    finally:
        site.kill()
