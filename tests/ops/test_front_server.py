"""The compose front server's nginx config, exercised with Debian's nginx against gunicorn."""

import os
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench import hosting

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not Path(hosting.NGINX).exists() and os.environ.get("NEWSROOM_REQUIRE_NGINX") != "1",
    reason="nginx not installed (apt-get install -y nginx)",
)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("front")
    static_root, media_root = workdir / "static", workdir / "media"
    media_root.mkdir()
    (media_root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate"], ["collectstatic", "--noinput"], ["load_demo_content"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    app_port, front_port = hosting.free_port(), hosting.free_port()
    config = hosting.render_nginx_config(
        workdir / "nginx",
        front_port,
        f"127.0.0.1:{app_port}",
        static_root,
        media_root,
        seconds=30,
    )
    with hosting.gunicorn(env, app_port, workers=1), hosting.nginx(config, front_port):
        yield f"http://127.0.0.1:{front_port}", static_root


def test_front_server_serves_hashed_static_files_itself_for_a_year(site):
    base, static_root = site
    hashed = next(static_root.glob("css/site.*.css"))
    status, headers, body = fetch(f"{base}/static/css/{hashed.name}")
    assert status == 200
    assert body == hashed.read_bytes()
    assert "immutable" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "nginx"  # no version


def test_media_is_served_with_nosniff(site):
    base, _ = site
    status, headers, _ = fetch(f"{base}/media/photo.png")
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path", ["/static/../manage.py", "/static/%2e%2e/manage.py", "/media/../../etc/passwd"]
)
def test_path_traversal_reaches_no_file_outside_the_roots(site, path):
    base, _ = site
    status, _, body = fetch(base + path)
    assert status in (400, 403, 404)
    assert b"DJANGO_SETTINGS_MODULE" not in body and b"root:" not in body


def test_public_pages_are_micro_cached(site):
    base, _ = site
    first = fetch(f"{base}/articles/harbour-reopens/")
    second = fetch(f"{base}/articles/harbour-reopens/")
    assert first[0] == second[0] == 200
    assert second[1]["X-Micro-Cache"] == "HIT"
    assert b"Harbour reopens" in second[2]


def test_requests_with_a_session_bypass_the_micro_cache(site):
    base, _ = site
    fetch(f"{base}/")
    status, headers, _ = fetch(f"{base}/", headers={"Cookie": "sessionid=abc"})
    assert status == 200
    assert headers["X-Micro-Cache"] == "BYPASS"


def test_private_pages_are_never_micro_cached(site):
    base, _ = site
    fetch(f"{base}/admin/login/")
    status, headers, _ = fetch(f"{base}/admin/login/")
    assert status == 200
    assert headers["X-Micro-Cache"] != "HIT"
