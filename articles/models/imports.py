"""An archive import started from the admin: the uploaded file, its dry-run report, and
the report of the run the worker did, kept with who asked and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Finished with problems")

    class Source(models.TextChoices):
        DETECT = "", _("Found from the file")
        WORDPRESS = "wordpress", _("WordPress export (WXR)")
        GHOST = "ghost", _("Ghost export (JSON)")
        FEED = "feed", _("RSS or Atom feed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, blank=True)
    with_pages = models.BooleanField(
        _("import pages too"), default=False, help_text=_("WordPress pages become articles.")
    )
    overwrite = models.BooleanField(
        _("overwrite"),
        default=False,
        help_text=_("Replace articles the desk has changed since their import."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.CHECKED,
        editable=False,
    )
    dry_run_report = models.TextField(editable=False, blank=True)
    report = models.TextField(editable=False, blank=True)
    # {"imported": n, "updated": n, "skipped": n, "error": n} of the last run (or dry run).
    counts = models.JSONField(default=dict, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("archive import")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
