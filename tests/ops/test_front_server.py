"""The compose front server's nginx config, exercised with Debian's nginx against gunicorn."""

import gzip
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bench import hosting

ROOT = Path(__file__).resolve().parents[2]
# DJANGO_ADMIN_URL as an operator might write it (a leading slash, not the default), passed
# to Django and to the front server the way docker-compose.yml passes it.
ADMIN_URL_SETTING = "/newsdesk/"
ADMIN = "/newsdesk/"
GZIP = {"Accept-Encoding": "gzip"}

pytestmark = pytest.mark.skipif(
    not Path(hosting.NGINX).exists() and os.environ.get("NEWSROOM_REQUIRE_NGINX") != "1",
    reason="nginx not installed (apt-get install -y nginx)",
)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def vary(headers):
    """Every name in the Vary headers (Django and nginx each add one)."""
    return {name.strip() for value in headers.get_all("Vary", []) for name in value.split(",")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("front")
    static_root, media_root = workdir / "static", workdir / "media"
    media_root.mkdir()
    (media_root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (media_root / "photos" / "ab").mkdir(parents=True)
    (media_root / "photos" / "ab" / "abcdef-16x9-480.avif").write_bytes(b"\0\0\0\x1cftypavif")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_ADMIN_URL": ADMIN_URL_SETTING,
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
        admin_path=ADMIN_URL_SETTING,
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


def test_library_photos_are_named_by_content_and_kept_for_a_year(site):
    base, _ = site
    status, headers, _ = fetch(f"{base}/media/photos/ab/abcdef-16x9-480.avif")
    assert status == 200
    assert headers["Content-Type"] == "image/avif"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
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
    fetch(f"{base}{ADMIN}login/")
    status, headers, _ = fetch(f"{base}{ADMIN}login/")
    assert status == 200
    assert headers["X-Micro-Cache"] != "HIT"


@pytest.mark.parametrize(
    ("path", "content_type", "text"),
    [
        ("/articles/harbour-reopens/", "text/html", b"Harbour reopens"),
        ("/feeds/rss/", "application/rss+xml", b"Harbour reopens"),
        ("/feeds/atom/", "application/atom+xml", b"Harbour reopens"),
        ("/sitemap-articles.xml", "application/xml", b"/articles/harbour-reopens/"),
    ],
)
def test_readers_asking_for_gzip_get_pages_feeds_and_sitemaps_gzipped(
    site, path, content_type, text
):
    base, _ = site
    status, headers, body = fetch(base + path, headers=GZIP)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith(content_type)
    assert "Accept-Encoding" in vary(headers)
    page = gzip.decompress(body)
    assert text in page
    assert len(body) < len(page) / 2


def test_a_client_that_does_not_ask_for_gzip_gets_plain_text(site):
    base, _ = site
    status, headers, body = fetch(f"{base}/articles/harbour-reopens/")
    assert status == 200
    assert headers["Content-Encoding"] is None
    assert b"Harbour reopens" in body
    assert "Accept-Encoding" in vary(headers)  # so no cache in between mixes the two up


@pytest.mark.parametrize("first_asks_for_gzip", [True, False], ids=["gzip-first", "plain-first"])
def test_the_micro_cache_gives_each_client_the_encoding_it_asked_for(site, first_asks_for_gzip):
    base, _ = site
    # An address of its own per case, so the first request below is the one that fills it.
    url = f"{base}/articles/harbour-reopens/?filled-by={'gzip' if first_asks_for_gzip else 'plain'}"
    first = fetch(url, headers=GZIP if first_asks_for_gzip else {})
    plain = fetch(url)
    zipped = fetch(url, headers=GZIP)
    assert first[1]["X-Micro-Cache"] == "MISS"
    assert plain[1]["X-Micro-Cache"] == zipped[1]["X-Micro-Cache"] == "HIT"
    assert plain[1]["Content-Encoding"] is None
    assert zipped[1]["Content-Encoding"] == "gzip"
    assert b"Harbour reopens" in plain[2]
    assert gzip.decompress(zipped[2]) == plain[2]


@pytest.mark.parametrize(
    "credentials",
    [
        {"Cookie": "sessionid=abc"},
        {"Cookie": "theme=dark; csrftoken=abc"},
        {"Authorization": "Basic ZWRpdG9yOnNlY3JldA=="},
    ],
    ids=["session-cookie", "csrf-cookie", "authorization"],
)
def test_requests_carrying_credentials_are_never_gzipped(site, credentials):
    base, _ = site
    status, headers, body = fetch(
        f"{base}/articles/harbour-reopens/", headers={**GZIP, **credentials}
    )
    assert status == 200
    assert headers["Content-Encoding"] is None
    assert b"Harbour reopens" in body
    assert headers["X-Micro-Cache"] == "BYPASS"


def test_the_admin_login_page_is_never_gzipped(site):
    base, _ = site
    # No cookie yet: the first page that holds a CSRF token, echoing ?next=.
    status, headers, body = fetch(f"{base}{ADMIN}login/?next={ADMIN}", headers=GZIP)
    assert status == 200
    assert headers["Content-Encoding"] is None
    assert b"csrfmiddlewaretoken" in body
    assert headers["X-Micro-Cache"] == "BYPASS"


def test_editors_can_still_sign_in_through_the_front_server(site):
    base, _ = site
    status, headers, body = fetch(f"{base}{ADMIN}login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}{ADMIN}login/",
        data=form,
        headers={**GZIP, "Cookie": f"csrftoken={cookie}", "Referer": f"{base}{ADMIN}login/"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        page = response.read()
        assert response.headers["Content-Encoding"] is None
    assert b"Please enter the correct username and password" in page


def test_static_files_come_with_their_precompressed_gz(site):
    base, static_root = site
    hashed = next(static_root.glob("css/site.*.css"))
    status, headers, body = fetch(f"{base}/static/css/{hashed.name}", headers=GZIP)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert body == hashed.with_name(hashed.name + ".gz").read_bytes()
    assert "Accept-Encoding" in vary(headers)
