"""
The desk's pages beyond the article form, one view per action.

Article pages (history, compare, preview, share, revoke, heartbeat) are wired in by
ArticleAdmin.get_urls() behind the admin's login and take the ModelAdmin for its
permissions and page frame. The editor's endpoints (live preview, image upload) answer the
markdownx widget; share-preview links answer anyone holding one.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from articles.markdown import render_markdown
from articles.models import Article, EditorNote, Revision

from . import autosave, conflicts, diffs, previews, revisions
from .timestamps import staff_time
from .uploads import ImageRejected, markdown_image, store_image

NOTE_MAX_LENGTH = EditorNote._meta.get_field("text").max_length

ARTICLE_PAGES = (
    "change",
    "history",
    "compare",
    "preview",
    "share_preview",
    "revoke_preview",
    "notes",
)


def article_urls(model_admin, article):
    name = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return {
        page: reverse(f"{name}_{page}", args=[article.pk]) for page in (*ARTICLE_PAGES, "editing")
    }


def _article(request, model_admin, object_id, may):
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404("No such article.")
    if not may(request, article):
        raise PermissionDenied
    return article


def _page(request, model_admin, article, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "object": article,
            "opts": model_admin.opts,
            "revision_urls": article_urls(model_admin, article),
            **context,
        },
    )


def history(request, model_admin, object_id, extra_context=None):
    article = _article(request, model_admin, object_id, model_admin.has_view_or_change_permission)
    revision_list = list(article.revisions.select_related("author"))
    current = next((r for r in revision_list if r.kind == Revision.Kind.SAVED), None)
    draft = revisions.pending_draft(article, revision_list[0] if revision_list else None)
    return _page(
        request,
        model_admin,
        article,
        "admin/articles/article/revision_history.html",
        _("History: %(article)s") % {"article": article},
        revisions=revision_list,
        current=current,
        draft=draft,
        events=article.events.select_related("actor"),
        can_restore=model_admin.has_change_permission(request, article),
        **(extra_context or {}),
    )


def compare(request, model_admin, object_id):
    article = _article(request, model_admin, object_id, model_admin.has_view_or_change_permission)
    try:
        wanted = {int(request.GET["from"]), int(request.GET["to"])}
    except (KeyError, ValueError):
        model_admin.message_user(request, _("Choose two revisions to compare."), messages.ERROR)
        return redirect(article_urls(model_admin, article)["history"])
    found = article.revisions.select_related("author").in_bulk(wanted)
    if len(found) != len(wanted):
        raise Http404("This article has no such revision.")
    older, newer = found[min(wanted)], found[max(wanted)]
    return _page(
        request,
        model_admin,
        article,
        "admin/articles/article/revision_compare.html",
        _("Compare revisions: %(article)s") % {"article": article},
        older=older,
        newer=newer,
        older_label=_revision_label(older),
        newer_label=_revision_label(newer),
        comparison=diffs.compare(older.snapshot, newer.snapshot),
        can_restore=model_admin.has_change_permission(request, article),
    )


def _revision_label(revision):
    return _("Revision %(number)s — %(time)s, %(author)s") % {
        "number": revision.pk,
        "time": staff_time(revision.created),
        "author": revision.author_name,
    }


def draft_preview(request, model_admin, object_id):
    article = _article(request, model_admin, object_id, model_admin.has_view_or_change_permission)
    return previews.render_preview(request, article)


@require_POST
def share_preview(request, model_admin, object_id):
    article = _article(request, model_admin, object_id, model_admin.has_change_permission)
    shared_with = " ".join(request.POST.get("shared_with", "").split())[:200]
    link = previews.share_link(article, request.user, shared_with)
    if shared_with:
        message = _(
            "Share preview link for %(recipient)s to “%(article)s”, valid until %(time)s: "
            "%(address)s (listed under “Share-preview links”)."
        )
    else:
        message = _(
            "Share preview link to “%(article)s”, valid until %(time)s: %(address)s (listed "
            "under “Share-preview links”)."
        )
    model_admin.message_user(
        request,
        message
        % {
            "recipient": shared_with,
            "article": article,
            "time": staff_time(link.expires_at),
            "address": request.build_absolute_uri(link.path),
        },
        messages.SUCCESS,
    )
    return redirect(article_urls(model_admin, article)["change"])


@require_POST
def revoke_preview(request, model_admin, object_id):
    """Every link to the article, or the one link named in the POST."""
    article = _article(request, model_admin, object_id, model_admin.has_change_permission)
    if "link" in request.POST:
        try:
            revoked = previews.revoke_share_link(article, int(request.POST["link"]))
        except ValueError:
            revoked = False
        if revoked:
            model_admin.message_user(request, _("That preview link has stopped working."))
        else:
            model_admin.message_user(
                request, _("That link was already revoked or expired."), messages.WARNING
            )
    else:
        previews.revoke_share_links(article)
        model_admin.message_user(
            request,
            _("Every share preview link to “%(article)s” has stopped working.")
            % {"article": article},
            messages.SUCCESS,
        )
    return redirect(article_urls(model_admin, article)["change"])


@require_POST
def add_note(request, model_admin, object_id):
    """An internal note on the article, for the desk; readers never see notes."""
    article = _article(request, model_admin, object_id, model_admin.has_change_permission)
    text = request.POST.get("note", "").strip()
    if not text:
        model_admin.message_user(request, _("Write the note first."), messages.ERROR)
    elif len(text) > NOTE_MAX_LENGTH:
        model_admin.message_user(
            request,
            _("A note holds at most %(limit)d characters; yours has %(length)d.")
            % {"limit": NOTE_MAX_LENGTH, "length": len(text)},
            messages.ERROR,
        )
    else:
        EditorNote.objects.create(article=article, author=request.user, text=text)
        model_admin.message_user(request, _("Note added for the desk."), messages.SUCCESS)
    return redirect(article_urls(model_admin, article)["change"] + "#editor-notes")


@require_POST
def heartbeat(request, model_admin, object_id):
    """From an open change form; answers with who else has it open."""
    article = _article(request, model_admin, object_id, model_admin.has_change_permission)
    others = conflicts.note_editor(article, request.user)
    response = JsonResponse({"editors": conflicts.describe_editors(others)})
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def autosave_article(request, model_admin, object_id=None):
    """The form's autosave while the editor types (object_id None: a new article); with
    {"discard": true}, the editor chose not to restore it."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        article = None
    else:
        article = _article(request, model_admin, object_id, model_admin.has_change_permission)
    try:
        posted = autosave.read_request(request.body)
    except autosave.Refused as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    if posted is None:
        autosave.discard(request.user, article)
        response = JsonResponse({"discarded": True})
    elif article is not None and autosave.superseded(request.user, article, posted[1]):
        # Sent just before the editor's own save, and arrived after it.
        response = JsonResponse({"superseded": True}, status=409)
    else:
        kept = autosave.keep(request.user, article, *posted)
        response = JsonResponse(autosave.as_json(kept))
    patch_cache_control(response, private=True, no_store=True)
    return response


def markdown_preview(request):
    """The editor's live preview (django-markdownx posts here): exactly what readers get."""
    if not Article.may_be_written_by(request.user):
        raise PermissionDenied  # an API for the editor: 403, not a login page
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = HttpResponse(render_markdown(request.POST.get("content", "")))
    patch_cache_control(response, private=True, no_store=True)
    return response


def image_upload(request):
    """The editor posts an image and its alt text here and gets Markdown back (JSON)."""
    if not Article.may_be_written_by(request.user):
        if not request.user.is_authenticated:
            message = _("Your login has expired. Log in again in another tab, then retry.")
        else:
            message = _("You may not upload images.")
        return JsonResponse({"error": message}, status=403)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    upload = request.FILES.get("image")
    alt_text = request.POST.get("alt", "").strip()
    try:
        if upload is None:
            raise ImageRejected(_("Choose an image file to upload."))
        if not alt_text:
            raise ImageRejected(
                _(
                    "Describe the image for readers who cannot see it (alt text). "
                    "The file name is not a description."
                )
            )
        url = store_image(upload)
    except ImageRejected as rejected:
        return JsonResponse({"error": rejected.message}, status=rejected.status)
    return JsonResponse({"image_code": markdown_image(alt_text, url), "url": url}, status=201)


@require_safe
def shared_preview(request, token):
    """A share-preview link, opened by someone who may have no account."""
    try:
        article = previews.shared_article(token)
    except previews.RefusedLink as refused:
        response = render(
            request,
            "articles/preview_link_refused.html",
            {"reason": refused.reason},
            status=refused.status,
        )
        return previews.never_cached_nor_indexed(response)
    return previews.render_preview(request, article)
