"""A story's language versions as readers reach them.

Shared by the article page (its "not in this language" answer, the language switcher,
hreflang), the stable story addresses (/stories/<id>/) and the lists: one place says
which versions are public and in which order they are listed (settings.LANGUAGES).
"""

from django.conf import settings
from django.utils import translation

from .models import Article, SlugRedirect


def language_position(language):
    """Where a language comes in settings.LANGUAGES (unknown codes last)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(language) if language in codes else len(codes)


def in_language_order(versions):
    return sorted(versions, key=lambda version: language_position(version.language))


def public_versions(story, *, at=None):
    """The story's versions readers may see (published(at)), in settings.LANGUAGES order.

    story: a Story, an Article (its story's versions, itself included) or a story id.
    One query; each version's get_absolute_url() is in its own language.
    """
    story_id = getattr(story, "story_id", None) or getattr(story, "pk", story)
    versions = (
        Article.objects.published(at)
        .filter(story_id=story_id)
        .defer("body", "body_html", "search_vector")
        .order_by()
    )
    return in_language_order(versions)


def public_version_in(story_id, language):
    """The story's public version in this language (only what its address needs), or None."""
    version = (
        Article.objects.published()
        .in_language(language)
        .filter(story_id=story_id)
        .only("slug", "language")
        .order_by()[:1]
    )
    return next(iter(version), None)


def active_language():
    """The page's language: the address's (newsroom/languages.py), else the default."""
    return translation.get_language() or settings.LANGUAGE_CODE


def missing_translation(slug, language):
    """The public versions of the story that has (or had) this slug in another language,
    for an address of `language` where it has no version: [] when there is none."""
    others = [code for code, _name in settings.LANGUAGES if code != language]
    # Per language, as slugs are unique: (language, slug) indexes serve both.
    story_id = (
        Article._base_manager.filter(language__in=others, slug=slug)
        .values_list("story_id", flat=True)
        .order_by()[:1]
    )
    story_id = next(iter(story_id), None)
    if story_id is None:
        redirected = (
            SlugRedirect.objects.filter(language__in=others, old_slug=slug)
            .values_list("article__story_id", flat=True)
            .order_by()[:1]
        )
        story_id = next(iter(redirected), None)
    return [] if story_id is None else public_versions(story_id)
