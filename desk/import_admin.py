"""Archive imports from the admin, for small files: upload, read the dry run's report,
run it in the background worker, and keep what it said (desk/importing/runs.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import ImportRun

from .importing import runs
from .timestamps import staff_time


class ImportRunForm(forms.ModelForm):
    class Meta:
        model = ImportRun
        fields = ("file", "source", "with_pages", "overwrite")
        help_texts = {
            "file": format_lazy(
                _(
                    "A WordPress export (.xml), a Ghost export (.json) or a feed, up to "
                    "{megabytes} MB; bigger archives go through manage.py import_content. "
                    "Nothing is written until you run it."
                ),
                megabytes=runs.MAX_UPLOAD_BYTES // (1024 * 1024),
            ),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > runs.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; the admin takes files up to %(limit)d MB. Use "
                    "manage.py import_content for bigger ones."
                )
                % {
                    "size": f"{upload.size / 1e6:.0f}",
                    "limit": runs.MAX_UPLOAD_BYTES // (1024 * 1024),
                }
            )
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    form = ImportRunForm
    list_display = ("file_name", "status", "counts_text", "created_by", "uploaded", "finished")
    list_filter = ("status",)
    search_fields = ("file_name",)
    change_form_template = "admin/articles/importrun/change_form.html"
    readonly_fields = (
        "file_name", "source", "with_pages", "overwrite", "status", "counts_text",
        "created_by", "uploaded", "started", "finished", "dry_run_text", "report_text",
    )  # fmt: skip

    def get_fields(self, request, obj=None):
        if obj is None:
            return ImportRunForm.Meta.fields
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("items"))
    def counts_text(self, run):
        return ", ".join(f"{n} {kind}" for kind, n in (run.counts or {}).items()) or "—"

    @admin.display(description=_("uploaded"), ordering="created_at")
    def uploaded(self, run):
        return staff_time(run.created_at)

    @admin.display(description=_("started"))
    def started(self, run):
        return staff_time(run.started_at) if run.started_at else "—"

    @admin.display(description=_("finished"), ordering="finished_at")
    def finished(self, run):
        return staff_time(run.finished_at) if run.finished_at else "—"

    @admin.display(description=_("dry run report"))
    def dry_run_text(self, run):
        return format_html('<pre class="import-report">{}</pre>', run.dry_run_report or "—")

    @admin.display(description=_("import report"))
    def report_text(self, run):
        if not run.report:
            return _("Not run yet.") if run.status == ImportRun.Status.CHECKED else "—"
        return format_html('<pre class="import-report">{}</pre>', run.report)

    def save_model(self, request, obj, form, change):
        if change:
            return  # a run's record is what happened: nothing on it is edited
        obj.file_name = form.cleaned_data["file"].name[:255]
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        runs.check(obj)

    def response_add(self, request, obj, post_url_continue=None):
        messages.info(
            request, _("Dry run done: nothing was written. Read the report, then run the import.")
        )
        return HttpResponseRedirect(reverse("admin:articles_importrun_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "can_run": run is not None
            and self.has_change_permission(request, run)
            and run.status not in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
        }
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self):
        run = self.admin_site.admin_view(self.run_view)
        return [
            path("<int:object_id>/run/", run, name="articles_importrun_run"),
            *super().get_urls(),
        ]

    def run_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = get_object_or_404(ImportRun, pk=object_id)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        if runs.queue(run):
            messages.success(request, _("The import is running in the background."))
        else:
            messages.warning(request, _("This import is already waiting or running."))
        return HttpResponseRedirect(reverse("admin:articles_importrun_change", args=[run.pk]))
