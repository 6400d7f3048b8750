"""
Reader search: PostgreSQL full-text search (django.contrib.postgres.search), and a plain
"every word appears somewhere" fallback on SQLite, which has no text-search engine. Each
language version is indexed and searched with its own language's configuration.

Docs: https://docs.djangoproject.com/en/5.2/ref/contrib/postgres/search/
"""

import operator
import re
from datetime import timedelta
from functools import reduce

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# ts_headline marks matches with these; they cannot survive HTML escaping by accident,
# so the snippet is escaped first and only then given its <mark> elements.
_MATCH_START = "\x02"
_MATCH_STOP = "\x03"
_MARKED = re.compile(f"{_MATCH_START}(.*?){_MATCH_STOP}", re.DOTALL)
# Markdown punctuation reads as noise in a plain-text snippet.
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"\*\*|__|`+|(?:^|(?<=\s))(?:#{1,6}|>|\*)(?=\s)", re.MULTILINE)

# The SQLite fallback ANDs one LIKE per word; a cap keeps a pasted essay cheap.
FALLBACK_MAX_WORDS = 8

# How many of the most recent matches are ranked. Ranking reads every candidate's vector:
# over all 40,000 articles of a million that mention "council" and "budget" it took most
# of a second. News readers want the recent story; older ones are a date archive away.
SEARCH_CANDIDATES = 300
# Candidates are looked for in these spans of the past, newest first; an older span is
# searched only if the newer ones held too few. Finding the newest matches of a common
# pair of words among all of them reads every match; within three months, a few hundred.
SEARCH_SPANS = (timedelta(days=90), timedelta(days=730))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        error_messages={
            "max_length": ngettext_lazy(
                "Please search with at most %(limit_value)d character.",
                "Please search with at most %(limit_value)d characters.",
                "limit_value",
            )
        },
    )


def uses_full_text_search(using="default"):
    return connections[using].vendor == "postgresql"


def article_search_vector():
    """The weighted vector of a row, parsed with the row's own language's configuration
    (its search_config column, cast to regconfig): French stems French words."""
    config = F("search_config")
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def update_search_vector(article):
    """Store the weighted vector for one saved article (PostgreSQL only)."""
    using = article._state.db or "default"
    if uses_full_text_search(using):
        type(article)._base_manager.using(using).filter(pk=article.pk).update(
            search_vector=article_search_vector()
        )


def search_language(language=None):
    """The language a search is in: the one given, else the active one (a reader page's
    comes from its address), else the default."""
    return language or translation.get_language() or settings.LANGUAGE_CODE


def search_config(language):
    # Imported here: the models import this module for update_search_vector().
    from .models.story import search_config_for

    return search_config_for(language)


def articles_query(terms, language=None):
    # websearch syntax accepts anything a reader types ("quotes", or, -minus) without errors.
    return SearchQuery(
        terms, search_type="websearch", config=search_config(search_language(language))
    )


def matches_in_any_language(terms):
    """A filter for the desk, which searches every version: `terms` parsed once with each
    language's configuration (a few GIN lookups OR-ed, no per-row parsing)."""
    configs = sorted({search_config(code) for code, _ in settings.LANGUAGES})
    return reduce(
        operator.or_,
        (
            Q(search_vector=SearchQuery(terms, search_type="websearch", config=config))
            for config in configs
        ),
    )


def search_articles(queryset, terms, language=None):
    """Articles from `queryset` in `language` (the active one unless given) matching
    `terms`, best first; `snippet` where available.

    Only that language's versions are searched, with its configuration: a French reader's
    "négociations" finds "négociation", and never an English version.
    On PostgreSQL, the best of the SEARCH_CANDIDATES most recent matches.
    """
    language = search_language(language)
    queryset = queryset.filter(language=language)
    if not uses_full_text_search(queryset.db):
        words = terms.split()[:FALLBACK_MAX_WORDS]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        return queryset.order_by("-published_at", "-id") if words else queryset.none()

    config = search_config(language)
    query = articles_query(terms, language)
    matches = queryset.filter(search_vector=query).order_by("-published_at", "-id")
    now = timezone.now()
    starts = [now - span for span in SEARCH_SPANS]
    # The newest span has no upper end: the queryset already stops at now, and an article
    # published this very second must be found too.
    spans = [matches.filter(published_at__gte=starts[0])]
    spans += [
        matches.filter(published_at__gte=start, published_at__lt=end)
        for start, end in zip(starts[1:], starts, strict=False)
    ]
    spans.append(matches.filter(published_at__lt=starts[-1]))
    spans = [span.values("pk")[:SEARCH_CANDIDATES] for span in spans]
    # UNION ALL runs its parts in order and LIMIT stops it as soon as it has enough.
    recent_matches = spans[0].union(*spans[1:], all=True)[:SEARCH_CANDIDATES]
    return (
        queryset.filter(pk__in=recent_matches)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                "body",
                query,
                config=config,
                start_sel=_MATCH_START,
                stop_sel=_MATCH_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def snippet_html(snippet):
    """A ts_headline snippet as safe HTML: escaped text, matches in <mark>."""
    text = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", snippet or ""))
    text = " ".join(text.split())
    marked = _MARKED.sub(r"<mark>\1</mark>", str(escape(text)))
    return mark_safe(marked.replace(_MATCH_START, "").replace(_MATCH_STOP, ""))  # noqa: S308
