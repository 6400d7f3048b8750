"""
Language versions at the desk: who may work in which language, "Translate", the fields a
story shares across its versions, and whether a translation has kept up with its source.

A translation is stale when its source had a significant update after it was made: the
source's "Last updated" (which a minor change keeps) is later than the moment recorded on
the translation. Publishing the translation, or "Mark as up to date", records the source's
present state; neither touches the other version's "Last updated".
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Revision, SlugRedirect, Tombstone
from articles.models.story import staff_language_name

from . import revisions

# Kept equal across a story's versions (tags too, through taggit's set()). The lead
# image's alt text and caption are each version's own, in its language.
SHARED_FIELDS = ("section", "lead_photo")


# --- Permission per language ------------------------------------------------------------


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_permission(language):
    """The permission "Can work in <language>" (articles/migrations/0024_…)."""
    return f"articles.work_in_{language}"


def working_languages(user):
    """The languages this user may create, translate to, edit and publish in. A user
    granted none of the language permissions works in every language (the newsroom as it
    was before it had languages); superusers hold them all."""
    codes = language_codes()
    if user is None:
        return codes
    granted = [code for code in codes if user.has_perm(language_permission(code))]
    return granted or codes


def may_work_in(user, language):
    return language in working_languages(user)


def refusal_for(user, language):
    """The message a user gets when they may not work in a language, else None."""
    if may_work_in(user, language):
        return None
    return _("You may not work in %(language)s: ask an administrator for that language.") % {
        "language": staff_language_name(language)
    }


# --- Translate ------------------------------------------------------------------------


def translate(source, language, user):
    """The story's version in `language`: the existing one, or a new draft started from
    the source's text. Returns (version, created)."""
    existing = Article._base_manager.filter(story_id=source.story_id, language=language).first()
    if existing is not None:
        return existing, False
    try:
        return _start_translation(source, language, user), True
    except IntegrityError:
        # Two presses at once: the other one made it (one version per story and language).
        existing = Article._base_manager.filter(story_id=source.story_id, language=language)
        if not existing.exists():
            raise
        return existing.get(), False


def _start_translation(source, language, user):
    with transaction.atomic():
        # The translation records the source as a revision, so the diff of what changes
        # later starts from exactly the text that was copied.
        revisions.record_outside_changes(source, revisions.take_snapshot(source))
        version = Article(
            story_id=source.story_id,
            language=language,
            title=source.title,
            slug=free_slug(source.title, language),
            summary=source.summary,
            body=source.body,
            lead_alt_text=source.lead_alt_text,
            lead_caption=source.lead_caption,
            lead_decorative=source.lead_decorative,
            translation_of=source,
            **{f"{name}_id": getattr(source, f"{name}_id") for name in SHARED_FIELDS},
        )
        _record_source(version, source)
        version.save()
        version.tags.set(source.tags.all())
        version.set_byline(source.byline_authors)
        revisions.record_revision(
            version,
            user,
            note=_("Translated from %(language)s")
            % {"language": staff_language_name(source.language)},
        )
    return version


def free_slug(title, language):
    """A slug from the headline that no article, old address or tombstone holds in this
    language."""
    base = (slugify(title, allow_unicode=True) or "article")[:190].strip("-") or "article"
    candidate, number = base, 1
    while (
        Article._base_manager.filter(language=language, slug=candidate).exists()
        or SlugRedirect.objects.filter(language=language, old_slug=candidate).exists()
        or Tombstone.objects.filter(language=language, slug=candidate).exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# --- Stale translations ----------------------------------------------------------------


def is_stale(version):
    """Whether the source had a significant update since this translation was made or
    last brought up to date."""
    source = version.translation_of
    if source is None or version.translated_from_updated_at is None:
        return False
    return source.updated_at > version.translated_from_updated_at


def _record_source(version, source):
    version.translated_from_updated_at = source.updated_at
    version.translated_from_revision = (
        source.revisions.filter(kind=Revision.Kind.SAVED).only("pk").first()
    )


def bring_up_to_date(version):
    """Record, on the version in memory, the source's present state (saved with it)."""
    source = version.translation_of
    if source is None:
        return
    revisions.record_outside_changes(source, revisions.take_snapshot(source))
    _record_source(version, source)


def mark_up_to_date(version):
    """ "Mark as up to date with the source": no content changes, so neither version's
    "Last updated" moves."""
    bring_up_to_date(version)
    version.save(
        update_fields=("translated_from_updated_at", "translated_from_revision", "modified")
    )


# --- Story-level fields ----------------------------------------------------------------


def share_story_fields(article, *, stored, tags_changed):
    """After a save of one version: the story's other versions get its section, lead
    image and tags, in the same transaction. Their "Last updated" stays (only the
    headline, standfirst and body move it); Article.save invalidates their pages."""
    if stored is None:
        return []  # a new article is its story's only version
    changed = [
        name
        for name in SHARED_FIELDS
        if getattr(stored, f"{name}_id") != getattr(article, f"{name}_id")
    ]
    if not changed and not tags_changed:
        return []
    others = list(Article._base_manager.filter(story_id=article.story_id).exclude(pk=article.pk))
    tags = list(article.tags.all()) if tags_changed and others else ()
    for other in others:
        differs = [
            name
            for name in changed
            if getattr(other, f"{name}_id") != getattr(article, f"{name}_id")
        ]
        for name in differs:
            setattr(other, f"{name}_id", getattr(article, f"{name}_id"))
        if differs:
            other.save(update_fields=(*differs, "modified"))
        if tags_changed:
            other.tags.set(tags)
    return others
