"""Imports started from the admin (desk/import_admin.py): the dry run while the editor
waits (small files only), the real run in the background worker, both reports kept on
the ImportRun."""

import shutil
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from articles.models import ImportRun

from .importer import ERROR, Importer

# Bigger archives: `manage.py import_content` streams files of any size.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def check(run):
    """The dry run: the report the editor reads before running the import."""
    report = _import(run, dry_run=True)
    run.dry_run_report = report.text() + "\nDry run: nothing was written."
    run.counts = report.counts
    run.status = ImportRun.Status.CHECKED
    run.save(update_fields=["dry_run_report", "counts", "status"])
    return report


def queue(run):
    """Hand the run to the worker, once (a second click while it waits does nothing)."""
    queued = ImportRun.objects.filter(pk=run.pk).exclude(
        status__in=(ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    )
    if not queued.update(status=ImportRun.Status.QUEUED, report="", finished_at=None):
        return False
    run_id = run.pk
    transaction.on_commit(lambda: run_import.enqueue(run_id))
    return True


@task()
def run_import(run_id):
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    run = ImportRun.objects.get(pk=run_id)
    try:
        report = _import(run, dry_run=False)
    except Exception as error:  # the run's page says what happened; the worker goes on
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            report=f"{run.file_name}: the import stopped: {type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        return None
    failed = bool(report.problems) or report.counts[ERROR] > 0
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportRun.Status.FAILED if failed else ImportRun.Status.DONE,
        report=report.text(),
        counts=report.counts,
        finished_at=timezone.now(),
    )
    return report.counts


def _import(run, *, dry_run):
    importer = Importer(
        dry_run=dry_run,
        overwrite=run.overwrite,
        with_pages=run.with_pages,
        user=run.created_by,
    )
    # The importer reads a file on disk; the upload may be in object storage. Its own
    # name goes with it, for the report and the revisions' "Imported from …".
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / Path(run.file_name).name
        with default_storage.open(run.file.name, "rb") as stored, open(local, "wb") as out:
            shutil.copyfileobj(stored, out)
        report = importer.import_file(local, source=run.source or None)
    report.path = run.file_name
    return report
