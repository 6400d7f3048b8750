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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from articles.models import Article, SharedPreviewLink
from articles.views import render_article

from . import revisions

SALT = "articles.preview-link"


class RefusedLink(Exception):
    def __init__(self, reason, status):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def link_lifetime():
    return timedelta(hours=settings.NEWSROOM_PREVIEW_LINK_HOURS)


def share_link(article, user=None, shared_with=""):
    """A new share-preview link, kept so that the article lists it (SharedPreviewLink);
    shared_with: who it is for, as the desk names them."""
    link = SharedPreviewLink.objects.create(
        article=article,
        created_by=user,
        shared_with=shared_with,
        expires_at=timezone.now() + link_lifetime(),
    )
    token = signing.dumps(
        {
            "article": article.pk,
            "generation": article.preview_link_generation,
            "link": link.pk,
        },
        salt=SALT,
    )
    link.path = reverse("desk:shared_preview", kwargs={"token": token})
    link.save(update_fields=["path"])
    return link


def shared_article(token):
    """The article a share link shows, or RefusedLink saying why not."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired:
        raise RefusedLink("expired", status=410) from None
    except signing.BadSignature:
        raise RefusedLink("invalid", status=403) from None
    article = Article.objects.filter(pk=payload["article"]).first()
    if article is None or article.preview_link_generation != payload["generation"]:
        raise RefusedLink("revoked", status=410)
    # Links made before they were kept carry no "link": the generation alone revokes them.
    if "link" in payload:
        kept = SharedPreviewLink.objects.filter(
            pk=payload["link"], article=article, revoked_at__isnull=True
        )
        if not kept.exists():
            raise RefusedLink("revoked", status=410)
    return article


def revoke_share_links(article):
    Article.objects.filter(pk=article.pk).update(
        preview_link_generation=F("preview_link_generation") + 1
    )
    article.preview_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def revoke_share_link(article, link_id):
    """One link stops working; False if the article has no such working link."""
    return bool(
        article.preview_links.filter(pk=link_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def never_cached_nor_indexed(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def render_preview(request, article):
    """The article as its editors have it now: with the pending draft, if there is one
    (its headline, body, section, byline and tags)."""
    draft = revisions.pending_draft(article)
    if draft is not None:
        article, filing = revisions.apply_snapshot(article, draft.snapshot)
        note = _("Unpublished changes: readers still see the published version.")
    else:
        filing = article.reader_filing()
        if article.is_published:
            note = _("There are no unpublished changes: this is what readers see.")
        else:
            note = ""  # the page's own wording for drafts and scheduled articles
    # The note in the editor's language; the page in the article's, as readers get it.
    with translation.override(article.language):
        response = render_article(request, article, filing, preview=True, preview_note=note)
    response["Content-Language"] = article.language
    return never_cached_nor_indexed(response)
