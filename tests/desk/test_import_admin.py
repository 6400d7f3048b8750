"""The admin's archive import page: upload, dry-run report, run in the worker, report kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportRun
from articles.roles import EDITOR, WRITER
from desk.importing import runs

from .test_importing import FOOT, HEAD, item

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/importrun/add/"


def wxr(*items):
    return (HEAD.format(ns="http://wordpress.org/export/1.2/") + "".join(items) + FOOT).encode()


def upload(client, content, name="export.xml", **fields):
    return client.post(
        ADD, {"file": SimpleUploadedFile(name, content), "source": "", **fields}, follow=True
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_import(client, django_capture_on_commit_callbacks):
    """Press "Run the import": the task is enqueued once the request commits."""

    def press(run, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("admin:articles_importrun_run", args=[run.pk]), **kwargs)

    return press


def test_an_editor_uploads_reads_the_dry_run_runs_it_and_the_report_is_kept(
    client, log_in_as, run_import
):
    editor = log_in_as(EDITOR)

    response = upload(client, wxr(item(), item(2, "", "untitled")))

    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_importrun_change", args=[run.pk]
    )
    page = response.content.decode()
    assert "Dry run done: nothing was written" in page
    assert "2 items: 1 imported, 0 updated, 1 skipped, 0 error" in page
    assert "no headline" in page
    assert "Run the import" in page
    assert not Article.objects.exists()
    assert run.status == ImportRun.Status.CHECKED and run.created_by == editor

    response = run_import(run, follow=True)

    # Tests run tasks inline (NEWSROOM_TASKS_BACKEND=immediate); production's worker does.
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.counts == {"imported": 1, "updated": 0, "skipped": 1, "error": 0}
    assert run.started_at and run.finished_at
    assert Article.objects.get().title == "Staying the course"
    assert "Imported from export.xml" in Article.objects.get().revisions.get().note
    page = response.content.decode()
    assert "The import is running in the background" in page
    assert "2 items: 1 imported" in page
    listing = client.get(reverse("admin:articles_importrun_changelist")).content.decode()
    assert "export.xml" in listing and "Done" in listing


def test_running_again_creates_nothing_twice(client, log_in_as, run_import):
    log_in_as(EDITOR)
    upload(client, wxr(item()))
    run = ImportRun.objects.get()
    run_import(run)
    run_import(run)

    run.refresh_from_db()
    assert "unchanged since the last import" in run.report
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The submitted file is empty.")],
)
def test_an_empty_upload_is_a_form_error(client, log_in_as, content, message):
    log_in_as(EDITOR)

    response = upload(client, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_over_the_limit_is_a_form_error(client, log_in_as, monkeypatch):
    log_in_as(EDITOR)
    monkeypatch.setattr(runs, "MAX_UPLOAD_BYTES", 100)

    response = upload(client, wxr(item()))

    assert "manage.py import_content" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_that_is_not_an_export_gets_a_report_not_a_crash(client, log_in_as):
    log_in_as(EDITOR)

    response = upload(client, b"<html><body>hello</body></html>", name="page.html")

    assert response.status_code == 200
    assert "not a WordPress export, Ghost export or feed" in response.content.decode()


def test_a_broken_export_is_reported_and_the_run_marked_with_problems(
    client, log_in_as, run_import
):
    log_in_as(EDITOR)
    upload(client, wxr(item()).replace(b"</channel>", b"<broken></channel>"))
    run = ImportRun.objects.get()

    run_import(run)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "not well-formed XML" in run.report
    assert Article.objects.count() == 1


def test_a_writer_may_not_import_and_a_get_does_not_run(client, log_in_as):
    log_in_as(EDITOR)
    upload(client, wxr(item()))
    run = ImportRun.objects.get()
    assert client.get(reverse("admin:articles_importrun_run", args=[run.pk])).status_code == 405

    log_in_as(WRITER)
    assert client.get(ADD).status_code == 403
    response = client.post(reverse("admin:articles_importrun_run", args=[run.pk]))
    assert response.status_code == 403
    assert not Article.objects.exists()
