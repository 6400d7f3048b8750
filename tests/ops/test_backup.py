"""docker/backup.sh and docker/restore.sh against the local PostgreSQL, in a scratch database."""

import json
import os
import subprocess
import sys

import pytest

from .sites import (
    ROOT,
    create_database,
    database_cursor,
    drop_database,
    needs_postgresql,
    production_env,
    suite_database,
)

pytestmark = needs_postgresql

CREATE_ARTICLES = """
from datetime import datetime, timezone
from articles.models import Article
Article.objects.create(
    title="Harbour reopens", slug="harbour-reopens", summary="Ships return.",
    body="**Ships** are back.\\n\\n- ferries\\n- trawlers",
    published_at=datetime(2026, 3, 1, 6, 30, 15, 123456, tzinfo=timezone.utc),
)
Article.objects.create(
    title="Zürich partner city", slug="zürich-partner-city", summary="A delegation.",
    body="Grüße aus Zürich", published_at=None,
)
"""
DUMP_ARTICLES = """
import json
from articles.models import Article
print(json.dumps(list(Article.objects.order_by("pk").values()), default=str))
"""


@pytest.fixture
def newsroom_database():
    name = f"newsroom_ops_backup_{os.getpid()}"
    url = create_database(name)
    try:
        yield name, production_env(DATABASE_URL=url)
    finally:
        drop_database(name)


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def shell(env, code):
    return manage(env, "shell", "--no-imports", "--command", code)


def script(name, database, tmp_path, *args):
    db = suite_database()
    env = {
        "PATH": os.environ["PATH"],
        "PGHOST": db["HOST"],
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"] or "",
        "PGDATABASE": database,
        "BACKUP_DIR": str(tmp_path / "backups"),
        "MEDIA_DIR": str(tmp_path / "media"),
        "TMPDIR": str(tmp_path),
    }
    return subprocess.run(
        ["bash", str(ROOT / "docker" / name), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_backup_and_restore_bring_back_every_article_and_upload_unchanged(
    newsroom_database, tmp_path
):
    name, env = newsroom_database
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    before = json.loads(shell(env, CREATE_ARTICLES + DUMP_ARTICLES))
    photo = tmp_path / "media" / "uploads" / "harbour.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 not really a jpeg")

    backup = script("backup.sh", name, tmp_path)
    assert backup.returncode == 0, backup.stderr
    files = sorted((tmp_path / "backups").iterdir())
    assert [file.name.endswith(("Z.dump", "Z-media.tar.gz")) for file in files] == [True, True]
    assert {file.stat().st_mode & 0o777 for file in files} == {0o600}

    # The 3 a.m. disaster: articles deleted, the upload gone.
    deleted = "from articles.models import Article; Article.objects.all().delete()"
    assert json.loads(shell(env, deleted + DUMP_ARTICLES)) == []
    photo.unlink()

    restore = script("restore.sh", name, tmp_path, "latest")
    assert restore.returncode == 0, restore.stderr

    after = json.loads(shell(env, DUMP_ARTICLES))
    assert len(after) == 2
    assert after == before  # headline, body, rendered HTML and every timestamp
    assert photo.read_bytes() == b"\xff\xd8 not really a jpeg"


def test_restore_of_an_unknown_backup_changes_nothing_and_lists_the_ones_there(
    newsroom_database, tmp_path
):
    name, _ = newsroom_database
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "newsroom-20260101T030000Z.dump").write_bytes(b"")
    result = script("restore.sh", name, tmp_path, "newsroom-20250101T030000Z")
    assert result.returncode == 1
    assert "no backup 'newsroom-20250101T030000Z'" in result.stderr
    assert "newsroom-20260101T030000Z.dump" in result.stderr


def test_a_damaged_backup_leaves_the_database_untouched(newsroom_database, tmp_path):
    name, _ = newsroom_database
    with database_cursor(name) as cursor:
        cursor.execute("CREATE TABLE desk (headline text); INSERT INTO desk VALUES ('Kept')")
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "newsroom-20260101T030000Z.dump").write_bytes(b"PGDMP garbage")

    result = script("restore.sh", name, tmp_path, "newsroom-20260101T030000Z")

    assert result.returncode != 0
    with database_cursor(name) as cursor:
        cursor.execute("SELECT headline FROM desk")
        assert cursor.fetchall() == [("Kept",)]
