"""
"Needs attention" on the admin index: what each member of the desk should look at next.

One query per panel, at most PANEL_SIZE articles each, whatever the size of the archive.
Other desks add their panels with add_panel().
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Correction, ReviewState, Revision

from .photo_admin import showing_expired_pictures

PANEL_SIZE = 5

MY_DRAFTS = "my-drafts"
WAITING_FOR_REVIEW = "waiting-for-review"
SCHEDULED_NEXT = "next-scheduled"
EMBARGOED = "embargoed"
RECENTLY_PUBLISHED = "recently-published"
PENDING_CHANGES = "pending-changes"
EXPIRED_RIGHTS_IMAGES = "expired-rights-images"
ORDER = (
    MY_DRAFTS,
    WAITING_FOR_REVIEW,
    SCHEDULED_NEXT,
    EMBARGOED,
    RECENTLY_PUBLISHED,
    PENDING_CHANGES,
    EXPIRED_RIGHTS_IMAGES,
)
LISTED_FIELDS = (
    "id",
    "title",
    "published_at",
    "embargo_until",
    "expires_at",
    "withdrawn_at",
    "review_state",
    "modified",
)


@dataclass(frozen=True)
class Panel:
    slug: str
    title: str
    articles: object  # a queryset, evaluated by the template
    empty: str
    list_query: str = ""  # the article list's filter that shows them all, e.g. "status=pending"


def my_drafts(user):
    mine = Q(Exists(Revision.objects.filter(article=OuterRef("pk"), author=user))) | Q(
        Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user))
    )
    return Article.objects.out_of_trash().drafts().filter(mine).order_by("-modified", "-id")


def waiting_for_review(user):
    # The longest wait first.
    return (
        Article.objects.out_of_trash()
        .filter(review_state=ReviewState.IN_REVIEW)
        .order_by("modified", "id")
    )


def scheduled_next(user):
    return Article.objects.scheduled().order_by("published_at", "id")


def embargoed(user):
    return Article.objects.embargoed().order_by("embargo_until", "id")


def recently_published(user):
    return Article.objects.published().order_by("-published_at", "-id")


def pending_changes(user):
    """Live articles whose latest revision is an unpublished draft, or with a correction
    waiting for an editor."""
    latest_kind = Subquery(
        Revision.objects.filter(article=OuterRef("pk")).order_by("-id").values("kind")[:1]
    )
    waiting = Correction.objects.filter(awaiting_editor=True)
    candidates = Q(pk__in=Revision.objects.filter(kind=Revision.Kind.DRAFT).values("article"))
    candidates |= Q(pk__in=waiting.values("article"))
    return (
        Article.objects.published()
        .filter(candidates)
        .annotate(latest_kind=latest_kind, waiting=Exists(waiting.filter(article=OuterRef("pk"))))
        .filter(Q(latest_kind=Revision.Kind.DRAFT) | Q(waiting=True))
        .order_by("-modified", "-id")
    )


def expired_rights_images(user):
    return showing_expired_pictures(Article.objects.all()).order_by("-published_at", "-id")


_PANELS = {
    MY_DRAFTS: (_("My drafts"), my_drafts, _("None of your drafts is unpublished."), ""),
    WAITING_FOR_REVIEW: (
        _("Waiting for review"),
        waiting_for_review,
        _("Nothing waits for review."),
        "status=in_review",
    ),
    SCHEDULED_NEXT: (
        _("Next scheduled"),
        scheduled_next,
        _("Nothing is scheduled."),
        "status=scheduled",
    ),
    EMBARGOED: (
        _("Embargoed"),
        embargoed,
        _("Nothing is under embargo."),
        "status=embargoed",
    ),
    RECENTLY_PUBLISHED: (
        _("Recently published"),
        recently_published,
        _("Nothing published yet."),
        "status=published",
    ),
    PENDING_CHANGES: (
        _("Pending changes to live articles"),
        pending_changes,
        _("No live article has changes waiting."),
        "status=pending",
    ),
    EXPIRED_RIGHTS_IMAGES: (
        _("Pictures with expired rights"),
        expired_rights_images,
        _("No live article shows a picture whose rights have expired."),
        "pictures=expired",
    ),
}


def add_panel(slug, title, articles, empty, list_query=""):
    """Fill a slot of ORDER or add a panel at the end: `articles(user)` returns a queryset
    of articles; `list_query`, the article list's filter that lists them all."""
    _PANELS[slug] = (title, articles, empty, list_query)


def needs_attention(user):
    slugs = [*ORDER, *(slug for slug in _PANELS if slug not in ORDER)]
    return [
        Panel(slug, title, articles(user).only(*LISTED_FIELDS)[:PANEL_SIZE], empty, list_query)
        for slug in slugs
        if slug in _PANELS
        for title, articles, empty, list_query in [_PANELS[slug]]
    ]
