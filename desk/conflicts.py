"""
Edit conflicts: a version token in the change form, checked (ArticleForm.clean) in the
save's transaction while the admin holds the article's row lock, and the "Also editing"
notice (never a lock).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from articles.models import EditingSession, editor_name

from .timestamps import staff_time

# Without a heartbeat from the open form for this long, an editor has left.
EDITING_NOTICE_TIMEOUT = timedelta(seconds=90)


def version_token(article, latest_revision):
    """Changes with every revision (drafts included) and with any write to the row."""
    revision_id = latest_revision.pk if latest_revision is not None else 0
    return f"{revision_id}-{article.modified.timestamp():.6f}"


def token_revision_id(token):
    try:
        return int(token.split("-", 1)[0])
    except ValueError:
        return None


@dataclass
class EditConflict:
    token: str
    changed_by: object  # a user, or None for a change made outside the editor
    changed_at: datetime
    comparison: list

    @property
    def changed_by_name(self):
        return editor_name(self.changed_by)


def note_editor(article, user):
    """Record that ``user`` has the article's form open; returns the others who do."""
    now = timezone.now()
    # Updates through the queryset send no post_save: a heartbeat is not a content change
    # for anything listening to saves (caches, search indexes).
    sessions = EditingSession.objects.filter(article=article, user=user)
    still_open = sessions.filter(last_seen__gte=now - EDITING_NOTICE_TIMEOUT)
    if not still_open.update(last_seen=now) and not sessions.update(since=now, last_seen=now):
        EditingSession.objects.get_or_create(
            article=article, user=user, defaults={"since": now, "last_seen": now}
        )
    return other_editors(article, user)


def other_editors(article, user):
    return list(
        EditingSession.objects.filter(
            article=article, last_seen__gte=timezone.now() - EDITING_NOTICE_TIMEOUT
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def describe_editors(sessions):
    """ "NAME (since HH:MM)" for each session, in the newsroom's time zone."""
    return [
        f"{editor_name(session.user)} (since {staff_time(session.since, time_of_day=True)})"
        for session in sessions
    ]
