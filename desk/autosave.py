"""
Autosave: the editor's unsaved typing, kept on the server per editor and article while
they type (desk/static/desk/autosave.js; in the browser too while offline), offered back
after a closed tab or a crash, and cleared by their next real save.

An autosave never touches the article: it is not a revision, readers never see it, and
"Last updated" and the version token stay where they were. Restoring one puts its text in
the form together with the version token it was typed against, so a save after someone
else's still meets the edit-conflict check (desk/conflicts.py).
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave

from . import conflicts, revisions
from .timestamps import staff_time

# What the form sends while the editor types: the text fields, with their longest value.
# Pickers and dates are quick to set again, and a stale date restored by accident would
# publish at the wrong time.
FIELD_LIMITS = {
    "title": Article._meta.get_field("title").max_length,
    "slug": Article._meta.get_field("slug").max_length,
    "summary": Article._meta.get_field("summary").max_length,
    "body": 1_000_000,
    "update_note": Article._meta.get_field("update_note").max_length,
    "revision_note": 200,
    "seo_title": Article._meta.get_field("seo_title").max_length,
    "seo_description": Article._meta.get_field("seo_description").max_length,
    "social_headline": Article._meta.get_field("social_headline").max_length,
    "social_description": Article._meta.get_field("social_description").max_length,
}


class Refused(ValueError):
    """The request is not an autosave the desk keeps (a 400 with this message)."""


def read_request(body):
    """(fields, version_token) from the JSON the editor's script posts; None when the
    editor discards the autosave; Refused for anything else."""
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise Refused("Not JSON.") from None
    if isinstance(payload, dict) and payload.get("discard") is True:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
        raise Refused("Send the form's fields.")
    fields = {}
    for name, value in payload["fields"].items():
        if name not in FIELD_LIMITS:
            continue
        if not isinstance(value, str):
            raise Refused(f"{name} must be text.")
        # A little room over the field's limit: the form, not the autosave, says "too long".
        if len(value) > FIELD_LIMITS[name] * 2:
            raise Refused(f"{name} is too long.")
        fields[name] = value
    token = payload.get("version_token") or ""
    if not isinstance(token, str) or len(token) > 64:
        raise Refused("Bad version token.")
    return fields, token


def keep(user, article, fields, version_token):
    autosave, _ = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"fields": fields, "version_token": version_token, "saved_at": timezone.now()},
    )
    return autosave


def superseded(user, article, version_token):
    """Whether this text was typed before the editor's own latest save of the article: an
    autosave on its way when they pressed Save must not come back as "unsaved text"."""
    latest = revisions.latest_revision(article)
    return (
        bool(version_token)
        and latest is not None
        and latest.author_id == user.pk
        and version_token != conflicts.version_token(article, latest)
    )


def found(user, article):
    """The editor's autosave of this article (None: a new one), or None."""
    return Autosave.objects.filter(user=user, article=article).first()


def discard(user, article):
    Autosave.objects.filter(user=user, article=article).delete()


def as_json(autosave):
    """What the form's script gets: the text and when it was typed, in the newsroom's zone."""
    if autosave is None:
        return None
    return {
        "fields": autosave.fields,
        "version_token": autosave.version_token,
        "saved_at": autosave.saved_at.isoformat(),
        "label": staff_time(autosave.saved_at, time_of_day=True),
    }


def for_form(request, model_admin, article):
    """What the change form's script needs: where to autosave, and what is waiting."""
    opts = model_admin.opts
    name = f"admin:{opts.app_label}_{opts.model_name}"
    if article is None:
        url = reverse(f"{name}_autosave_new")
    else:
        url = reverse(f"{name}_autosave", args=[article.pk])
    return {
        "url": url,
        "key": f"newsroom-autosave:{request.user.pk}:{article.pk if article else 'new'}",
        "time_zone": settings.TIME_ZONE,
        "fields": " ".join(FIELD_LIMITS),
        "waiting": as_json(found(request.user, article)),
    }
