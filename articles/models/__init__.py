"""
Models, split by concern:
  article.py    Article, ArticleQuerySet (published() is the only "readers may see this")
  filing.py     Section, Author, ArticleAuthor (an ordered byline)
  lifecycle.py  Correction, SlugRedirect, Tombstone, LifecycleEvent
  revisions.py  Revision, EditingSession
"""

from .article import (
    READER_CONTENT_FIELDS,
    REVISION_FIELDS,
    Article,
    ArticleQuerySet,
    byline_prefetches,
)
from .filing import ArticleAuthor, Author, Section
from .lifecycle import Correction, LifecycleEvent, SlugRedirect, Tombstone
from .revisions import EditingSession, Revision, editor_name

__all__ = [
    "READER_CONTENT_FIELDS",
    "REVISION_FIELDS",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Correction",
    "EditingSession",
    "LifecycleEvent",
    "Revision",
    "Section",
    "SlugRedirect",
    "Tombstone",
    "byline_prefetches",
    "editor_name",
]
