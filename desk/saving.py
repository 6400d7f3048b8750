"""One press of Save on the article form, written out in the order it happens."""

from django.utils import timezone

from articles.cache_keys import article_write_keys
from articles.models import LifecycleEvent, Revision
from pagecache.dependencies import invalidate

from . import autosave, revisions, translations, workflow
from .timestamps import staff_time


def save_article(article, form, user, *, as_draft, action=workflow.SAVE, corrections=None):
    """Save what the editor submitted, or keep it in a draft of the live article.

    Runs inside the admin's transaction. Before it: ArticleAdmin.get_object() locked the
    article's row and read it, once (form.stored), and ArticleForm.clean() checked the
    editor's version against it, so no other save can come between that check and this.
    """
    stored = form.stored
    changing = stored is not None

    # 0. Where the review stands after this press (Submit, Approve, Publish…), and its record.
    transitions = workflow.transition(article, form, user, action, as_draft=as_draft)

    # 1. The article itself, which is what readers see, unless this is a draft. A
    # translation published (or its changes published) is up to date with its source.
    if (
        not as_draft
        and article.translation_of_id is not None
        and _publishes(stored, article, action)
    ):
        translations.bring_up_to_date(article)
    if not as_draft:
        article.save(keep_last_updated=form.cleaned_data.get("minor_change", False), stored=stored)

    # 2. Byline and tags: with the article, or waiting in the draft with the rest. The
    # story's other versions share its section, lead image and tags.
    if not as_draft:
        form.save_m2m()
        translations.share_story_fields(
            article, stored=stored, tags_changed="tags" in form.changed_data
        )

    # 3. Corrections are records of their own, appended even while a draft waits.
    # A writer's wait for an editor; an editor publishing the changes publishes them too.
    if corrections is not None:
        _save_corrections(corrections, user)
    if changing and not as_draft and workflow.may_publish(user):
        workflow.publish_waiting_corrections(article)

    # 4. The record of editorial acts readers can notice, and of the workflow.
    LifecycleEvent.objects.bulk_create(transitions)
    if changing and not as_draft:
        _record_editorial_acts(article, form, user)

    # 5. The revision: the history keeps every save, drafts included.
    if changing:
        revisions.record_outside_changes(article, form.stored_snapshot)
    note = form.cleaned_data.get("revision_note", "")
    if form.saved_over is not None:
        replaced = form.saved_over
        note = f"Saved over revision {replaced.pk} by {replaced.author_name}. {note}".strip()
    revisions.record_revision(
        article,
        user,
        kind=Revision.Kind.DRAFT if as_draft else Revision.Kind.SAVED,
        snapshot=revisions.take_snapshot(article, form) if as_draft else None,
        note=note[:200],
        restored_from=form.cleaned_data.get("restored_from"),
    )

    # 6. The editor's autosave of this text has done its work (a new article's too).
    autosave.discard(user, article if changing else None)

    # 7. Readers see the change: the cached pages showing the article (its page, its
    # lists, its feeds, related boxes showing it) go, once, when this commits (the rows
    # written above ask for the same, and it still happens once; the byline, written in
    # bulk, signals nothing). A draft leaves readers' pages alone.
    if not as_draft:
        invalidate(article_write_keys(article, joins=False))
    return article


def _publishes(stored, article, action):
    """This save puts the text in front of readers: a first publication, or the changes
    published to a live article."""
    if article.published_at is None:
        return False
    return action == workflow.PUBLISH_CHANGES or stored is None or stored.published_at is None


def _save_corrections(formset, user):
    """Writers append; an editor's amendment is stamped and recorded."""
    for correction in formset.save(commit=False):
        amended = correction.pk is not None
        if not amended and workflow.corrections_wait_for_an_editor(user):
            correction.awaiting_editor = True
        if amended:
            correction.amended_at = timezone.now()
            correction.amended_by = user
        correction.save()
        if amended:
            LifecycleEvent.objects.create(
                article_id=correction.article_id,
                kind=LifecycleEvent.Kind.CORRECTION_AMENDED,
                detail=correction.text[:500],
                actor=user,
            )
    for correction in formset.deleted_objects:
        correction.delete()


def _record_editorial_acts(article, form, user):
    """Re-dating and withdrawal (or reinstatement), each recorded with who and when."""
    events = []
    if form.was_public and "published_at" in form.changed_data:
        moved = f"{staff_time(form.stored.published_at)} → {staff_time(article.published_at)}"
        events.append(
            LifecycleEvent(
                article=article,
                kind=LifecycleEvent.Kind.REDATED,
                detail=f"Publish time {moved}",
                actor=user,
            )
        )
    if "withdrawn" in form.changed_data:
        withdrawn = article.withdrawn_at is not None
        events.append(
            LifecycleEvent(
                article=article,
                kind=LifecycleEvent.Kind.WITHDRAWN if withdrawn else LifecycleEvent.Kind.REINSTATED,
                detail=article.withdrawal_reason[:500] if withdrawn else "",
                actor=user,
            )
        )
    LifecycleEvent.objects.bulk_create(events)
