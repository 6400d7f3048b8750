"""A story: one piece of journalism, told in one or more languages.

Each language version is an Article of its own (own slug, headline, body, workflow,
publish time, "Last updated", corrections, revisions and search vector). The story's id is
shared by all of them, as the seed's publisher shares an item id across languages.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def language_choices():
    """The languages the newsroom publishes in (settings.LANGUAGES), as field choices."""
    return list(settings.LANGUAGES)


def default_language():
    return settings.LANGUAGE_CODE


def search_config_for(language):
    """PostgreSQL's text-search configuration for a language ('simple' where PostgreSQL
    ships none, as for Ukrainian: no stemming, but no wrong one either)."""
    return settings.NEWSROOM_SEARCH_CONFIGS.get(language, "simple")


def language_name(language):
    """The language's own name for itself ("Français"), for readers' language switchers:
    a reader looks for their language under its own name."""
    name = get_language_info(language)["name_local"]
    return name[:1].upper() + name[1:]


def staff_language_name(language):
    """The language's name in the editor's language ("French", "français"), for the desk,
    where it is part of a sentence ("Translate into French")."""
    return str(get_language_info(language)["name_translated"])


def language_is_rtl(language):
    return get_language_info(language)["bidi"]


class Story(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        return f"Story {self.pk}"

    def public_versions(self, at=None):
        """The versions readers may see, in settings.LANGUAGES order (articles/languages.py)."""
        from ..languages import public_versions  # the reader side builds on the models

        return public_versions(self, at=at)
