"""
ArticleAdmin's editing safety: revisions on every save, history/compare/restore, drafts of
live articles, edit-conflict detection, the "Also editing" notice and share-preview links.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from . import conflicts, diffs, preview, revisions
from .models import Revision


class RevisionAdminMixin:
    # --- Locking, the form, saving ---------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "POST" and self._in_transaction():
            # The version check and the save happen under this row lock (PostgreSQL): a
            # second save of the same version waits here, then sees the first one's revision.
            article = type(article)._base_manager.select_for_update().get(pk=article.pk)
        return article

    @staticmethod
    def _in_transaction():
        return transaction.get_connection().in_atomic_block

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        restoring = self._revision_to_restore(request, obj)
        return type(form.__name__, (conflicts.ArticleEditFormMixin, form), {"restoring": restoring})

    def _revision_to_restore(self, request, article):
        if article is None or "restore" not in request.GET:
            return None
        try:
            return article.revisions.get(pk=int(request.GET["restore"]))
        except (ValueError, Revision.DoesNotExist):
            raise Http404("This article has no such revision.") from None

    def save_model(self, request, obj, form, change):
        obj._saved_as_draft = form.saving_draft
        if not obj._saved_as_draft:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if article._saved_as_draft:
            # Relations wait in the draft with the rest; inline records are their own.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
        else:
            super().save_related(request, form, formsets, change)
        if change:
            revisions.record_outside_changes(article, form.stored_snapshot)
        note = form.cleaned_data.get("revision_note", "")
        if form.saved_over is not None:
            replaced = form.saved_over
            note = f"Saved over revision {replaced.pk} by {replaced.author_name}. {note}".strip()
        revisions.record_revision(
            article,
            request.user,
            kind=Revision.Kind.DRAFT if article._saved_as_draft else Revision.Kind.SAVED,
            snapshot=revisions.take_snapshot(article, form) if article._saved_as_draft else None,
            note=note[:200],
            restored_from=form.cleaned_data.get("restored_from"),
        )

    def response_change(self, request, obj):
        if obj._saved_as_draft:
            self.message_user(
                request,
                "Draft saved. Readers still see the published version until you publish "
                "the changes.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        if "_save_anyway" in request.POST:
            self.message_user(
                request,
                "Saved. The version you replaced stays in the history.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            # Someone who may only read the article is not "also editing" it.
            if request.method == "GET" and self.has_change_permission(request, obj):
                others = conflicts.note_editor(obj, request.user)
            else:
                others = conflicts.other_editors(obj, request.user)
            context["also_editing"] = conflicts.describe_editors(others)
            context["revision_urls"] = self._urls_for(obj)
            context["preview_link_hours"] = preview.link_lifetime().total_seconds() // 3600
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- The change list -----------------------------------------------------------

    def get_queryset(self, request):
        latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_revision_kind=Subquery(latest.values("kind")[:1]),
                latest_revision_by=Subquery(latest.values("author__username")[:1]),
            )
        )

    def get_list_display(self, request):
        return (*super().get_list_display(request), "unpublished_changes")

    @admin.display(description="unpublished changes")
    def unpublished_changes(self, article):
        if getattr(article, "latest_revision_kind", None) != Revision.Kind.DRAFT:
            return ""
        return f"Draft by {article.latest_revision_by or 'someone'}"

    # --- Extra pages ---------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/preview/", view(self.draft_preview_view), name=f"{name}_preview"
            ),
            path(
                "<path:object_id>/share-preview/",
                view(self.share_preview_view),
                name=f"{name}_share_preview",
            ),
            path(
                "<path:object_id>/share-preview/revoke/",
                view(self.revoke_preview_view),
                name=f"{name}_revoke_preview",
            ),
            path("<path:object_id>/editing/", view(self.editing_view), name=f"{name}_editing"),
            *super().get_urls(),
        ]

    def _urls_for(self, article):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        pages = ("change", "history", "compare", "preview", "share_preview", "revoke_preview")
        return {page: reverse(f"{name}_{page}", args=[article.pk]) for page in (*pages, "editing")}

    def _article(self, request, object_id, may):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not may(request, article):
            raise PermissionDenied
        return article

    def _page(self, request, article, template, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                "subtitle": None,
                "object": article,
                "opts": self.opts,
                "revision_urls": self._urls_for(article),
                **context,
            },
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id, self.has_view_or_change_permission)
        revision_list = list(article.revisions.select_related("author"))
        current = next((r for r in revision_list if r.kind == Revision.Kind.SAVED), None)
        draft = revisions.pending_draft(article, revision_list[0] if revision_list else None)
        return self._page(
            request,
            article,
            "admin/articles/article/revision_history.html",
            f"History: {article}",
            revisions=revision_list,
            current=current,
            draft=draft,
            can_restore=self.has_change_permission(request, article),
            **(extra_context or {}),
        )

    def compare_view(self, request, object_id):
        article = self._article(request, object_id, self.has_view_or_change_permission)
        try:
            wanted = {int(request.GET["from"]), int(request.GET["to"])}
        except (KeyError, ValueError):
            self.message_user(request, "Choose two revisions to compare.", messages.ERROR)
            return redirect(self._urls_for(article)["history"])
        found = article.revisions.select_related("author").in_bulk(wanted)
        if len(found) != len(wanted):
            raise Http404("This article has no such revision.")
        older, newer = found[min(wanted)], found[max(wanted)]
        return self._page(
            request,
            article,
            "admin/articles/article/revision_compare.html",
            f"Compare revisions: {article}",
            older=older,
            newer=newer,
            older_label=self._revision_label(older),
            newer_label=self._revision_label(newer),
            comparison=diffs.compare(older.snapshot, newer.snapshot),
            can_restore=self.has_change_permission(request, article),
        )

    @staticmethod
    def _revision_label(revision):
        saved = timezone.localtime(revision.created)
        return f"Revision {revision.pk} — {saved:%d %b. %Y %H:%M}, {revision.author_name}"

    def draft_preview_view(self, request, object_id):
        article = self._article(request, object_id, self.has_view_or_change_permission)
        return preview.render_preview(request, article)

    @method_decorator(require_POST)
    def share_preview_view(self, request, object_id):
        article = self._article(request, object_id, self.has_change_permission)
        link, expires = preview.share_link(article)
        self.message_user(
            request,
            f"Share preview link for “{article}”, valid until "
            f"{timezone.localtime(expires):%d %b. %Y %H:%M}: {request.build_absolute_uri(link)}",
            messages.SUCCESS,
        )
        return redirect(self._urls_for(article)["change"])

    @method_decorator(require_POST)
    def revoke_preview_view(self, request, object_id):
        article = self._article(request, object_id, self.has_change_permission)
        preview.revoke_share_links(article)
        self.message_user(
            request,
            f"Every share preview link to “{article}” has stopped working.",
            messages.SUCCESS,
        )
        return redirect(self._urls_for(article)["change"])

    @method_decorator(require_POST)
    def editing_view(self, request, object_id):
        """Heartbeat from an open change form; answers with who else has it open."""
        article = self._article(request, object_id, self.has_change_permission)
        others = conflicts.note_editor(article, request.user)
        response = JsonResponse({"editors": conflicts.describe_editors(others)})
        patch_cache_control(response, private=True, no_store=True)
        return response
