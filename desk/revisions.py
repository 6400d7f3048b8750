"""
Revisions: snapshots of an article's editable content (REVISION_FIELDS), drafts of live
articles, restoring. The Article row always holds what readers see; a pending draft of a
live article is its latest revision when that revision is an unpublished draft.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from taggit.models import Tag

from articles.markdown import render_markdown
from articles.models import REVISION_FIELDS, Article, Author, ReaderFiling, Revision, Section


def revision_fields():
    """REVISION_FIELDS as model fields, in order."""
    return [Article._meta.get_field(name) for name in REVISION_FIELDS]


# Model fields the change form edits under another name: the byline is the ordered
# authors (desk/forms.py).
FORM_FIELD_NAMES = {"authors": "byline"}
# Many-to-many fields whose order matters to readers ("By A, B and C").
ORDERED_FIELDS = {"authors"}


def form_field_name(field_name):
    return FORM_FIELD_NAMES.get(field_name, field_name)


def _as_json(field, value):
    if field.name in ORDERED_FIELDS:
        return [item.pk if isinstance(item, models.Model) else item for item in value or ()]
    if field.many_to_many:
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value or ())
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    return value


def take_snapshot(article, form=None):
    """The article's revision fields as JSON; a valid form's values win over the row's."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    data = {}
    for field in revision_fields():
        if form_field_name(field.name) in cleaned:
            value = cleaned[form_field_name(field.name)]
        elif field.name == "authors":
            value = article.byline_authors if article.pk else ()
        elif field.many_to_many:
            value = getattr(article, field.name).all() if article.pk else ()
        elif field.is_relation:
            value = getattr(article, field.attname)
        else:
            value = getattr(article, field.name)
        data[field.name] = _as_json(field, value)
    # Round-trip so a fresh snapshot compares equal to one read back from the database.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def form_initial(snapshot):
    """Change-form initial values from a snapshot; fields it predates keep their current value."""
    initial = {}
    for field in revision_fields():
        if field.name in snapshot:
            value = snapshot[field.name]
            initial[form_field_name(field.name)] = (
                value if field.is_relation else field.to_python(value)
            )
    return initial


def apply_snapshot(article, snapshot):
    """Put a snapshot's content on an article in memory (for previews of drafts): returns
    the article and the ReaderFiling a reader would see with it."""
    for field in revision_fields():
        if field.name in snapshot and not field.many_to_many:
            value = snapshot[field.name]
            if field.is_relation:
                setattr(article, field.attname, value)
            else:
                setattr(article, field.name, field.to_python(value))
    article.body_html = render_markdown(article.body)
    live = article.reader_filing()
    if "authors" in snapshot:
        found = Author.objects.in_bulk(snapshot["authors"])
        authors = [found[pk] for pk in snapshot["authors"] if pk in found]
    else:
        authors = live.authors
    if "tags" in snapshot:
        tags = sorted(Tag.objects.filter(pk__in=snapshot["tags"]), key=lambda t: t.name.casefold())
    else:
        tags = live.tags
    section = Section.objects.filter(pk=article.section_id).first() if article.section_id else None
    filing = ReaderFiling.worked_out(
        section=section,
        authors=authors,
        tags=tags,
        corrections=live.corrections,
        related=live.related,
    )
    return article, filing


def latest_revision(article):
    return article.revisions.select_related("author").first()


def pending_draft(article, latest=None):
    latest = latest if latest is not None else latest_revision(article)
    if latest is not None and latest.kind == Revision.Kind.DRAFT:
        return latest
    return None


def record_revision(article, user, *, kind=Revision.Kind.SAVED, snapshot=None, **extra):
    return Revision.objects.create(
        article=article,
        author=user if user is not None and user.is_authenticated else None,
        kind=kind,
        snapshot=take_snapshot(article) if snapshot is None else snapshot,
        **extra,
    )


def record_outside_changes(article, stored_snapshot):
    """
    Keep "the live article is always one of its revisions" true when the row was written
    without the editor (imports, the shell, articles older than revisions).
    """
    last_saved = article.revisions.filter(kind=Revision.Kind.SAVED).first()
    if last_saved is None:
        record_revision(article, None, snapshot=stored_snapshot, note="History starts here")
    elif last_saved.snapshot != stored_snapshot:
        record_revision(article, None, snapshot=stored_snapshot, note="Changed outside the editor")
