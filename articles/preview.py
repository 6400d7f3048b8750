"""
Previews of unpublished content: the staff "Preview draft" page and "Share preview" links.

A share link is signed (django.core.signing), expires after
settings.NEWSROOM_PREVIEW_LINK_HOURS and carries the article's preview_link_generation,
so raising that number revokes every link to the article at once.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views import View

from . import revisions
from .models import Article

SALT = "articles.preview-link"


def link_lifetime():
    return timedelta(hours=settings.NEWSROOM_PREVIEW_LINK_HOURS)


def share_link(article):
    """The path of a new share-preview link and the moment it expires."""
    token = signing.dumps(
        {"article": article.pk, "generation": article.preview_link_generation}, salt=SALT
    )
    return reverse("articles:shared_preview", kwargs={"token": token}), (
        timezone.now() + link_lifetime()
    )


def revoke_share_links(article):
    Article.objects.filter(pk=article.pk).update(
        preview_link_generation=F("preview_link_generation") + 1
    )


def never_cached_nor_indexed(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def render_preview(request, article):
    """The article as its editors have it now: with the pending draft, if there is one."""
    draft = revisions.pending_draft(article)
    if draft is not None:
        revisions.apply_snapshot(article, draft.snapshot)
        note = "Unpublished changes: readers still see the published version."
    elif article.is_published:
        note = "There are no unpublished changes: this is what readers see."
    else:
        note = ""  # the page's own wording for drafts and scheduled articles
    context = {"article": article, "is_preview": True, "preview_note": note}
    return never_cached_nor_indexed(render(request, "articles/article_detail.html", context))


class SharedPreviewView(View):
    """A share-preview link, opened by someone who may have no account."""

    def get(self, request, token):
        try:
            payload = signing.loads(token, salt=SALT, max_age=link_lifetime())
        except signing.SignatureExpired:
            return self.refuse(request, "expired", status=410)
        except signing.BadSignature:
            return self.refuse(request, "invalid", status=403)
        article = Article.objects.filter(pk=payload["article"]).first()
        if article is None or article.preview_link_generation != payload["generation"]:
            return self.refuse(request, "revoked", status=410)
        return render_preview(request, article)

    def refuse(self, request, reason, status):
        response = render(
            request, "articles/preview_link_refused.html", {"reason": reason}, status=status
        )
        return never_cached_nor_indexed(response)
