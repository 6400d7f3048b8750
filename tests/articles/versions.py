"""Language versions of a story, for the tests of what links them (alternates, sitemaps,
feeds, structured data)."""

from tests.factories import make_article


def make_version(source, language, **overrides):
    """A public version of `source`'s story in `language`, translated from `source`."""
    fields = {
        "story": source.story,
        "language": language,
        "translation_of": source,
        "translated_from_updated_at": source.updated_at,
        "title": f"{source.title} ({language})",
        "slug": f"{source.slug}-{language}",
    }
    fields.update(overrides)
    return make_article(**fields)


def withdraw(article, reason="Published in error."):
    article.withdrawn_at = article.published_at
    article.withdrawal_reason = reason
    article.save()
