"""
The desk's pages for language versions, one view per action: Translate, "Mark as up to
date with the source", and the translations board. Wired in by ArticleAdmin.get_urls()
behind the admin's login.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Article, Story
from articles.models.story import staff_language_name
from articles.pagination import BoundedPaginator

from . import diffs, translations, workflow
from .views import _article

BOARD_PAGE_SIZE = 25
# What the board says of a language in a story.
MISSING, IN_PROGRESS, LIVE, STALE, WITHDRAWN = (
    "missing",
    "in_progress",
    "live",
    "stale",
    "withdrawn",
)
BOARD_STATES = {
    MISSING: gettext_lazy("Missing"),
    IN_PROGRESS: gettext_lazy("In progress"),
    LIVE: gettext_lazy("Live"),
    STALE: gettext_lazy("Stale"),
}
# The source's text a translator needs to follow.
TRANSLATED_FIELDS = ("title", "summary", "body")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@require_POST
def translate(request, model_admin, object_id):
    """Translate into the posted language: a new draft, or the version that exists."""
    source = _article(request, model_admin, object_id, model_admin.has_view_or_change_permission)
    language = request.POST.get("language", "")
    if language not in translations.language_codes():
        return HttpResponseBadRequest(_("Choose one of the newsroom's languages."))
    existing = Article._base_manager.filter(story_id=source.story_id, language=language).first()
    if existing is not None:
        return redirect(change_url(existing))
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    refused = translations.refusal_for(request.user, language)
    if refused is not None:
        model_admin.message_user(request, refused, messages.ERROR)
        return redirect(change_url(source))
    version, _created = translations.translate(source, language, request.user)
    model_admin.message_user(
        request,
        _(
            "A draft in %(language)s, started from the %(source)s text: translate it, then "
            "publish it when it is ready. Readers do not see it yet."
        )
        % {
            "language": staff_language_name(language),
            "source": staff_language_name(source.language),
        },
        messages.SUCCESS,
    )
    return redirect(change_url(version))


@require_POST
def mark_up_to_date(request, model_admin, object_id):
    with transaction.atomic():
        version = _article(request, model_admin, object_id, model_admin.has_change_permission)
        if version.translation_of_id is None:
            model_admin.message_user(
                request, _("This version is not a translation."), messages.ERROR
            )
            return redirect(change_url(version))
        translations.mark_up_to_date(version)
    model_admin.message_user(
        request,
        _("Marked as up to date with the %(source)s version.")
        % {"source": staff_language_name(version.translation_of.language)},
        messages.SUCCESS,
    )
    return redirect(change_url(version))


# --- The translations board -------------------------------------------------------------


@dataclass
class Cell:
    language: str
    state: str
    version: object = None
    status_label: str = ""


@dataclass
class BoardRow:
    story: object
    source: object
    cells: list
    stale: list = field(default_factory=list)  # (version, comparison, revision_missing)


def _versions(language):
    return Article.objects.out_of_trash().filter(story=OuterRef("pk"), language=language)


def _stale(versions):
    return versions.filter(
        withdrawn_at=None, translation_of__updated_at__gt=F("translated_from_updated_at")
    )


def _state_filter(language, state):
    """Stories whose version in `language` is in `state`, as a condition on Story."""
    versions = _versions(language)
    not_stale = ~Exists(_stale(versions))
    if state == MISSING:
        return ~Exists(versions)
    if state == STALE:
        return Exists(_stale(versions))
    if state == LIVE:
        return (
            Exists(Article.objects.published().filter(story=OuterRef("pk"), language=language))
            & not_stale
        )
    now = timezone.now()
    in_progress = versions.filter(withdrawn_at=None).filter(
        Q(published_at=None) | Q(published_at__gt=now)
    )
    return Exists(in_progress) & not_stale


def _board_stories(language, state):
    stories = Story.objects.filter(
        Exists(Article.objects.out_of_trash().filter(story=OuterRef("pk")))
    )
    codes = [language] if language else translations.language_codes()
    if state in BOARD_STATES:
        wanted = Q()
        for code in codes:
            wanted |= _state_filter(code, state)
        stories = stories.filter(wanted)
    elif language:
        stories = stories.filter(Exists(_versions(language)))
    return stories.order_by("-pk")


def _cell(language, version):
    if version is None:
        return Cell(language, MISSING)
    status = workflow.status_of(version)
    if status.key == "withdrawn":
        state = WITHDRAWN
    elif translations.is_stale(version):
        state = STALE
    elif version.is_published:
        state = LIVE
    else:
        state = IN_PROGRESS
    return Cell(language, state, version, status.label)


def _story_source(versions):
    """The version others are translated from: the one no other was translated from
    first, else the default language's, else the oldest."""
    originals = [v for v in versions if v.translation_of_id is None]
    return (originals or sorted(versions, key=lambda v: v.pk))[0]


def _changes_since(version):
    """What changed in the source since this translation was made (its recorded
    revision against its present text); the present text alone if that revision is gone."""
    source = version.translation_of
    now = {name: getattr(source, name) for name in TRANSLATED_FIELDS}
    revision = version.translated_from_revision
    before = revision.snapshot if revision is not None else {}
    return diffs.compare(before, now, fields=TRANSLATED_FIELDS), revision is None


def board(request, model_admin):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    codes = translations.language_codes()
    language = request.GET.get("language", "")
    language = language if language in codes else ""
    state = request.GET.get("status", "")
    state = state if state in BOARD_STATES else ""
    paginator = BoundedPaginator(_board_stories(language, state), BOARD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    stories = list(page.object_list)
    versions = {}
    for version in (
        Article.objects.out_of_trash()
        .filter(story__in=stories)
        .select_related("translation_of", "translated_from_revision")
        .order_by("pk")
    ):
        versions.setdefault(version.story_id, {})[version.language] = version
    rows = []
    for story in stories:
        by_language = versions.get(story.pk, {})
        if not by_language:
            continue
        cells = [_cell(code, by_language.get(code)) for code in codes]
        row = BoardRow(story, _story_source(list(by_language.values())), cells)
        row.stale = [
            (cell.version, *_changes_since(cell.version)) for cell in cells if cell.state == STALE
        ]
        rows.append(row)
    may_add = model_admin.has_add_permission(request)
    working = set(translations.working_languages(request.user))
    return TemplateResponse(
        request,
        "admin/articles/article/translations_board.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Translations board"),
            "subtitle": None,
            "opts": model_admin.opts,
            "languages": [(code, staff_language_name(code)) for code in codes],
            "may_translate_into": {code for code in codes if may_add and code in working},
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "chosen_language": language,
            "chosen_status": state,
            "states": list(BOARD_STATES.items()),
        },
    )
