"""
Models, split by concern:
  article.py    Article, ArticleQuerySet (published() is the only "readers may see this")
  filing.py     Section, Author, ArticleAuthor (an ordered byline)
  lifecycle.py  Correction, SlugRedirect, Tombstone, LifecycleEvent
  editing.py    Revision, EditingSession (the desk's history and who has a form open)
  addresses.py  SlugAddressed: get_absolute_url() from a slug
  outbox.py     EdgePurge (CDN purges written with the edit, sent by the worker)
"""

from .article import (
    READER_CONTENT_FIELDS,
    REVISION_FIELDS,
    Article,
    ArticleQuerySet,
    ReaderFiling,
    byline_prefetches,
)
from .editing import EditingSession, Revision, editor_name
from .filing import ArticleAuthor, Author, Section
from .lifecycle import Correction, LifecycleEvent, SlugRedirect, Tombstone
from .outbox import EdgePurge

__all__ = [
    "READER_CONTENT_FIELDS",
    "REVISION_FIELDS",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Correction",
    "EdgePurge",
    "EditingSession",
    "LifecycleEvent",
    "ReaderFiling",
    "Revision",
    "Section",
    "SlugRedirect",
    "Tombstone",
    "byline_prefetches",
    "editor_name",
]
