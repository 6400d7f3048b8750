"""
The other languages a story is public in, as readers and crawlers are told: the article
page's language switcher and `<link rel="alternate" hreflang>`, its JSON-LD
(translationOfWork, workTranslation) and the sitemap's `xhtml:link` alternates.

Every public version lists the same set, itself included, plus `x-default`: the default
language's version when it is public, else the story's original (the version nothing was
translated from), else its first public version
(https://developers.google.com/search/docs/specialty/international/localized).
A story with one public version has no alternates at all.

List pages (home, sections, authors, tags) exist in every configured language, an empty
one included: each lists the same page in every language of settings.LANGUAGES, itself
included, and x-default, the unprefixed one (list_alternates). Not only the languages it
has public content in: knowing those, the English section page would depend on every
language's writes to that section, while a write makes stale its own language's lists
only; the same set on every page keeps them reciprocal without a query.
"""

import functools
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .languages import in_language_order, public_versions
from .models import Article
from .models.story import language_is_rtl, language_name


class Version(NamedTuple):
    """One public version, as a link to it needs it (remembered with the article's page)."""

    pk: int
    language: str
    name: str  # the language's own name ("Français"), shown in the switcher
    direction: str  # "ltr" or "rtl", for that name
    path: str  # the version's address, in its own language
    translation_of_id: int | None
    published_at: object


class StoryVersions(NamedTuple):
    story_id: int
    versions: tuple  # Version, in settings.LANGUAGES order; () with one public version
    x_default: Version | None

    def translation_source(self, article):
        """The public version `article` was translated from (None: not a translation, or
        its source is not public)."""
        return next((v for v in self.versions if v.pk == article.translation_of_id), None)

    def translations(self, article):
        """The public versions translated from `article`."""
        return [v for v in self.versions if v.translation_of_id == article.pk]


def version(article):
    return Version(
        pk=article.pk,
        language=article.language,
        name=language_name(article.language),
        direction="rtl" if language_is_rtl(article.language) else "ltr",
        path=article.get_absolute_url(),
        translation_of_id=article.translation_of_id,
        published_at=article.published_at,
    )


def x_default(versions):
    for candidate in versions:
        if candidate.language == settings.LANGUAGE_CODE:
            return candidate
    originals = [v for v in versions if v.translation_of_id is None] or versions
    return min(originals, key=lambda v: (v.published_at, v.pk), default=None)


def story_versions(article):
    """The article's story's public versions (one query; none when for_reading() found
    the article alone in its story)."""
    if getattr(article, "has_other_versions", True) is False:
        return StoryVersions(article.story_id, (), None)
    return story_versions_from(article.story_id, public_versions(article))


def story_versions_from(story_id, articles):
    versions = tuple(version(article) for article in in_language_order(articles))
    if len(versions) < 2:
        return StoryVersions(story_id, (), None)
    return StoryVersions(story_id, versions, x_default(versions))


def stories_versions(story_ids):
    """{story id: StoryVersions} for many stories, in one query (the sitemap's)."""
    by_story = {}
    if story_ids:
        rows = (
            Article.objects.published()
            .filter(story_id__in=sorted(set(story_ids)))
            .only("pk", "story_id", "language", "slug", "translation_of_id", "published_at")
            .order_by()
        )
        for row in rows:
            by_story.setdefault(row.story_id, []).append(row)
    return {story_id: story_versions_from(story_id, rows) for story_id, rows in by_story.items()}


class ListAlternate(NamedTuple):
    language: str  # a language code, or "x-default"
    path: str


def list_alternates(url_name, kwargs=None):
    """The list page at articles:<url_name> in every configured language, and x-default
    (() on a one-language site). No query: the addresses are reversed in each language."""
    if len(settings.LANGUAGES) < 2:
        return ()
    return _reversed_alternates(
        url_name,
        tuple(sorted((kwargs or {}).items())),
        tuple(settings.LANGUAGES),
        settings.LANGUAGE_CODE,
    )


# Addresses only change with the code (a new process) and the settings (the arguments):
# reversed once per process for each list, not on every request for every language.
@functools.lru_cache(maxsize=4096)
def _reversed_alternates(url_name, kwargs, languages, default_language):
    kwargs = dict(kwargs) or None
    alternates = []
    for language, _name in languages:
        with translation.override(language):
            alternates.append(
                ListAlternate(language, reverse(f"articles:{url_name}", kwargs=kwargs))
            )
    with translation.override(default_language):
        x_default = reverse(f"articles:{url_name}", kwargs=kwargs)
    return (*alternates, ListAlternate("x-default", x_default))
