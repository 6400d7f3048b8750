"""
The desk's workflow: Draft → In review → Approved/Scheduled → Live (→ Withdrawn), for new
articles and for changes to live ones.

The button pressed names the action; `refusal()` says whether this user may take it on
this article (checked in ArticleForm.clean, so a crafted POST meets the same rule as the
form's buttons), `saves_as_draft()` whether the text goes to a pending draft instead of
the row readers see, and `transition()` moves the review state and returns the record it
leaves in the history. Writers never put text in front of readers: their changes to a
live or scheduled article wait in a draft for an editor, and so do their corrections
unless NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR is off.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Correction, LifecycleEvent, ReviewState

from .timestamps import staff_time

# The buttons of the article form (templates/admin/articles/article/change_form.html).
SAVE = "save"  # Django's own buttons, or a POST naming none: save as typed
SAVE_DRAFT = "_save_draft"
SUBMIT = "_submit_review"
APPROVE = "_approve"
RETURN = "_return_to_draft"
SCHEDULE = "_schedule"
PUBLISH = "_publish"
PUBLISH_CHANGES = "publish_changes"  # "Publish changes" on a live article (_continue)
WITHDRAW = "_withdraw"

BUTTONS = (SAVE_DRAFT, SUBMIT, APPROVE, RETURN, SCHEDULE, PUBLISH, WITHDRAW)
# What only someone who may publish can do.
EDITORS_ACTIONS = {APPROVE, RETURN, SCHEDULE, PUBLISH, PUBLISH_CHANGES, WITHDRAW}
ACTION_WORDS = {
    APPROVE: _("approve"),
    RETURN: _("return an article to draft"),
    SCHEDULE: _("schedule"),
    PUBLISH: _("publish"),
    PUBLISH_CHANGES: _("publish changes to a live article"),
    WITHDRAW: _("withdraw"),
}
DRAFT_ACTIONS = {SAVE_DRAFT, SUBMIT}

WRITER_REFUSED = _(
    "Only an editor can %(action)s. Nothing was published; your text is still in the "
    "form: save it as a draft or submit it for review."
)


def button_pressed(posted):
    """The workflow button a POST names, if any (Django's own buttons are not)."""
    return next((button for button in BUTTONS if button in posted), None)


def done_message(posted, article):
    """What the editor is told after a workflow button did its work."""
    button = button_pressed(posted)
    if button == SCHEDULE or (button == PUBLISH and article.status == Article.Status.SCHEDULED):
        return _("Scheduled: readers see it from %(time)s.") % {
            "time": staff_time(article.published_at)
        }
    return {
        SAVE_DRAFT: _("Saved as a draft; readers do not see it."),
        SUBMIT: _("Submitted for review: editors find it under “Waiting for review”."),
        APPROVE: _("Approved: schedule it, or publish it when it is time."),
        RETURN: _("Returned to draft."),
        PUBLISH: _("Published: readers see it now."),
        WITHDRAW: _("Withdrawn: readers get a short page with the reason."),
    }.get(button, "")


def may_publish(user):
    # No user: a save made outside a request (tests of the form alone, scripts).
    return user is None or user.has_perm("articles.publish_article")


def pressed(posted, article_is_live):
    """The action a POST asks for, by the button that sent it."""
    anyway = posted.get("_save_anyway")
    if anyway == "draft":
        return SAVE_DRAFT
    if anyway == "publish":
        return PUBLISH_CHANGES
    for button in BUTTONS:
        if button in posted:
            return PUBLISH_CHANGES if button == PUBLISH and article_is_live else button
    if article_is_live and ("_continue" in posted or "_save" in posted):
        return PUBLISH_CHANGES
    return SAVE


def holds_readers_text(article):
    """Live or scheduled: readers see (or will see) what the row holds."""
    return article is not None and article.published_at is not None and not article.withdrawn_at


def saves_as_draft(form, posted):
    """Whether this press keeps the changes in a pending draft, leaving the row readers see
    alone: "Save draft" or "Submit for review" on a live article, and every save a writer
    makes of a live or scheduled article."""
    action = pressed(posted, form.is_live)
    if form.is_live and action in (*DRAFT_ACTIONS, RETURN):
        return True  # "Return to writer" sends pending changes back, unpublished
    if action not in DRAFT_ACTIONS and action != SAVE:
        return False  # a publishing button: an editor's, refused to anyone else
    return not may_publish(form.user) and holds_readers_text(form.stored)


def refusal(form, action, cleaned):
    """(field, message) when this user may not take this action now; else None."""
    if not may_publish(form.user):
        if action in EDITORS_ACTIONS:
            return None, WRITER_REFUSED % {"action": ACTION_WORDS[action]}
        return None
    if action == SCHEDULE:
        when = cleaned.get("published_at")
        if form.was_public:
            return "published_at", _("This article is already public: it cannot be scheduled.")
        if when is None or when <= timezone.now():
            return "published_at", _("To schedule, choose a publish time in the future.")
    keeps_unpublished = action in (SAVE_DRAFT, SUBMIT, APPROVE, RETURN)
    if keeps_unpublished and not form.was_public and cleaned.get("published_at") is not None:
        return (
            "published_at",
            _(
                "This button keeps the article unpublished: clear the publish time, or "
                "press “Schedule” or “Publish now”."
            ),
        )
    return None


def publish_now(form, cleaned):
    """ "Publish now": the publish time is this moment, whatever was typed."""
    if not form.was_public:
        cleaned["published_at"] = timezone.now()


def transition(article, form, user, action, *, as_draft):
    """Move the article's review state for this save (before the row is written) and
    return the history records it leaves, unsaved."""
    stored = form.stored
    before = stored.review_state if stored is not None else ReviewState.NONE
    note = form.cleaned_data.get("revision_note", "")
    events = []

    def record(kind, detail=""):
        detail = " — ".join(part for part in (detail, note) if part)
        events.append(LifecycleEvent(article=article, kind=kind, detail=detail[:500], actor=user))

    if as_draft:
        after = before
        if action == SUBMIT:
            after = ReviewState.IN_REVIEW
            record(LifecycleEvent.Kind.SUBMITTED, "Changes to the published article")
        elif action == RETURN:
            after = ReviewState.NONE
            record(LifecycleEvent.Kind.RETURNED, "Changes to the published article")
    elif article.published_at is not None:
        # What readers see (or will see at its time) is what an editor saved: reviewed.
        after = ReviewState.NONE
        if stored is None or stored.published_at is None:
            if article.published_at > timezone.now():
                record(LifecycleEvent.Kind.SCHEDULED, f"For {staff_time(article.published_at)}")
            else:
                record(LifecycleEvent.Kind.PUBLISHED)
        elif form.draft is not None or before == ReviewState.IN_REVIEW:
            record(
                LifecycleEvent.Kind.CHANGES_PUBLISHED,
                "" if form.is_live else "Into the scheduled version",
            )
    else:
        after = before
        if stored is not None and stored.published_at is not None:
            # The editor took the publish time away: approved still, waiting for a time.
            after = ReviewState.APPROVED
            record(LifecycleEvent.Kind.UNSCHEDULED)
        if action == SUBMIT and before != ReviewState.IN_REVIEW:
            after = ReviewState.IN_REVIEW
            record(LifecycleEvent.Kind.SUBMITTED)
        elif action == APPROVE:
            after = ReviewState.APPROVED
            record(LifecycleEvent.Kind.APPROVED)
        elif action == RETURN:
            after = ReviewState.NONE
            record(LifecycleEvent.Kind.RETURNED)
        elif before == ReviewState.APPROVED and not may_publish(user) and form.changed_data:
            after = ReviewState.IN_REVIEW
            record(LifecycleEvent.Kind.SUBMITTED, "Changed after approval")
    if as_draft and after != before:
        # Not a save: the row readers see stays as it is, and nothing is invalidated.
        Article.objects.filter(pk=article.pk).update(review_state=after)
    article.review_state = after
    return events


def corrections_wait_for_an_editor(user):
    return settings.NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR and not may_publish(user)


def publish_waiting_corrections(article):
    """An editor publishing the article's changes publishes its waiting corrections too,
    dated now: that is when readers are told."""
    waiting = list(article.corrections.filter(awaiting_editor=True).order_by("id"))
    for correction in waiting:
        correction.awaiting_editor = False
        correction.created_at = timezone.now()
        correction.save()
    return len(waiting)


# --- Status, as the form's badge and the list's column say it --------------------------


@dataclass(frozen=True)
class Status:
    key: str  # a CSS class: draft, in_review, approved, scheduled, live, live-pending, withdrawn
    label: str
    next_time: object = None  # the next scheduled moment for this article, if any


def status_of(article, *, pending_changes=False):
    """Where the article stands; pending_changes: a draft of its changes, or a correction,
    waits for publication."""
    if article.withdrawn_at is not None:
        return Status("withdrawn", _("Withdrawn"))
    if article.is_expired:
        # Scheduled unpublish: readers get the withdrawn answer from that moment on.
        return Status(
            "withdrawn", _("Unpublished since %(time)s") % {"time": staff_time(article.expires_at)}
        )
    if article.published_at is None:
        return Status(article.review_state or "draft", ReviewState(article.review_state).label)
    if article.published_at > timezone.now():
        if article.is_embargoed:
            if pending_changes:
                label = _("Embargoed until %(time)s, with pending changes")
            else:
                label = _("Embargoed until %(time)s")
            label %= {"time": staff_time(article.embargo_until)}
        else:
            if pending_changes:
                label = _("Scheduled for %(time)s, with pending changes")
            else:
                label = _("Scheduled for %(time)s")
            label %= {"time": staff_time(article.published_at)}
        return Status("scheduled", label, next_time=article.published_at)
    if pending_changes:
        label = _("Live with pending changes")
        if article.review_state == ReviewState.IN_REVIEW:
            label = _("Live with pending changes (in review)")
        return Status("live-pending", label, next_time=article.expires_at)
    if article.expires_at is not None:
        return Status(
            "live",
            _("Published until %(time)s") % {"time": staff_time(article.expires_at)},
            article.expires_at,
        )
    return Status("live", _("Live"))


def has_waiting_corrections(article):
    return Correction.objects.filter(article=article, awaiting_editor=True).exists()
