"""The release every key and ETag carries (pagecache/release.py)."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from pagecache import release
from tests.factories import make_article, utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)
ROOT = Path(__file__).resolve().parents[2]


def test_the_release_fingerprint_changes_with_code_and_templates(settings, tmp_path):
    (tmp_path / "requirements.txt").write_text("Django==5.2\n")
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<h1>{{ title }}</h1>")
    settings.BASE_DIR = tmp_path
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    first = release.fingerprint()
    assert release.fingerprint() == first
    page.write_text("<h1 class='headline'>{{ title }}</h1>")
    assert release.fingerprint() != first


@pytest.fixture
def new_release(monkeypatch):
    """Deploy a new release of the code (each one this process has never run before)."""

    def deploy():
        name = f"release-{uuid.uuid4().hex[:12]}"
        monkeypatch.setattr(release, "current_release", lambda: name)

    return deploy


@pytest.mark.parametrize("path", ["article", "/"])
def test_a_copy_drawn_by_the_previous_release_is_not_modified_no_more(client, new_release, path):
    article = make_article(title="Harbour reopens")
    url = article.get_absolute_url() if path == "article" else path
    new_release()
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    new_release()  # only templates or code changed, no content
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Harbour reopens" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_a_new_release_moves_last_modified_for_clients_that_revalidate_by_date(client, new_release):
    article = make_article(title="Harbour reopens")
    with time_machine.travel(NOON, tick=False):
        new_release()
        first = client.get(article.get_absolute_url())
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        new_release()
        again = client.get(
            article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
    assert again.status_code == 200


def test_the_build_names_the_release(settings):
    settings.NEWSROOM_RELEASE = "3b04826"
    release.current_release.cache_clear()
    try:
        assert release.current_release().startswith("3b04826.")
        settings.NEWSROOM_PAGE_SETTINGS = ()
        release.current_release.cache_clear()
        assert release.current_release() == "3b04826"
    finally:
        release.current_release.cache_clear()


def test_settings_the_pages_show_are_part_of_the_release(settings):
    # The same image started with another name or brand draws other pages.
    settings.NEWSROOM_RELEASE = "3b04826"
    settings.NEWSROOM_PAGE_SETTINGS = ("NEWSROOM_SITE_NAME",)
    release.current_release.cache_clear()
    try:
        before = release.current_release()
        settings.NEWSROOM_SITE_NAME = "The Harbour Gazette"
        release.current_release.cache_clear()
        assert release.current_release() != before
    finally:
        release.current_release.cache_clear()


def test_the_fingerprint_covers_every_app_of_the_project_and_its_templates(settings):
    files = {
        str(path.relative_to(settings.BASE_DIR))
        for path in release._fingerprinted_files(settings.BASE_DIR)
    }
    for expected in (
        "articles/views.py",
        "desk/admin.py",
        "pagecache/middleware.py",
        "newsroom/settings.py",
        "templates/base.html",
        "requirements.txt",
    ):
        assert expected in files


def test_commands_that_serve_no_page_never_fingerprint_the_code():
    # Start-up of any manage.py command (here `check`, with every URL imported) reads no file.
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "from pagecache import release\n"
        "release.fingerprint = lambda: (_ for _ in ()).throw(AssertionError('fingerprinted'))\n"
        "import newsroom.urls, newsroom.wsgi\n"
        "call_command('check')\n"
        "print(release.current_release.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "NEWSROOM_RELEASE": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "0"


@pytest.mark.parametrize("path", ["article", "/"])
def test_pages_still_answer_while_the_previous_release_shares_the_state_cache(client, path):
    # A rolling deploy: the previous release's workers keep writing the shared cache in
    # the shape of their own code (here, the next scheduled change as it used to be
    # stored: a pair, under a key without the release). This release must not read it.
    from pagecache import generation

    article = make_article(title="Harbour reopens")
    url = article.get_absolute_url() if path == "article" else path
    current = generation.current_generation()
    generation.cache_set(f"pagecache:next-change:{current}", (0, 0.0), timeout=60)

    response = client.get(url)

    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()
