"""The release every key and ETag carries (pagecache/release.py)."""

import pytest

from tests.factories import utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)


def test_the_release_fingerprint_changes_with_code_and_templates(settings, tmp_path):
    from pagecache.release import fingerprint

    (tmp_path / "requirements.txt").write_text("Django==5.2\n")
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<h1>{{ title }}</h1>")
    settings.BASE_DIR = tmp_path
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    first = fingerprint()
    assert fingerprint() == first
    page.write_text("<h1 class='headline'>{{ title }}</h1>")
    assert fingerprint() != first
