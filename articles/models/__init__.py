"""
Models, split by concern:
  story.py      Story: the language versions of one piece of journalism share it
  article.py    Article (one language version), ArticleQuerySet (published() is the only
                "readers may see this")
  filing.py     Section, Author, ArticleAuthor (an ordered byline)
  lifecycle.py  Correction, SlugRedirect, OldAddress (imported permalinks), Tombstone,
                LifecycleEvent
  editing.py    Revision, EditingSession, Autosave (the desk's history, who has a form
                open, unsaved typing)
  trash.py      TrashedArticle: deleted articles waiting NEWSROOM_TRASH_DAYS
  addresses.py  SlugAddressed: get_absolute_url() from a slug
  collaboration.py  EditorNote, SharedPreviewLink (internal to the desk)
  photos.py     Photo (the library, with rights), Rendition (sized copies), PhotoUse
  front.py      FrontPlacement, FrontSection, BreakingNews: the front page the desk runs
  outbox.py     EdgePurge (CDN purges written with the edit, sent by the worker)
  imports.py    ImportRun: an archive import started from the admin, with its reports
  site_pages.py SitePage: about, contact, corrections policy (the footer links them)
"""

from .article import (
    READER_CONTENT_FIELDS,
    REVISION_FIELDS,
    Article,
    ArticleQuerySet,
    ReaderFiling,
    ReviewState,
    byline_prefetches,
)
from .collaboration import EditorNote, SharedPreviewLink
from .editing import Autosave, EditingSession, Revision, editor_name
from .filing import ArticleAuthor, Author, Section
from .front import BreakingNews, FrontPlacement, FrontSection, next_change_time
from .imports import ImportRun
from .lifecycle import Correction, LifecycleEvent, OldAddress, SlugRedirect, Tombstone
from .outbox import EdgePurge
from .photos import Photo, PhotoUse, Rendition
from .site_pages import SitePage
from .story import Story
from .trash import TrashedArticle

__all__ = [
    "READER_CONTENT_FIELDS",
    "REVISION_FIELDS",
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "Autosave",
    "BreakingNews",
    "Correction",
    "FrontPlacement",
    "FrontSection",
    "ImportRun",
    "EditorNote",
    "EdgePurge",
    "EditingSession",
    "LifecycleEvent",
    "OldAddress",
    "Photo",
    "PhotoUse",
    "ReaderFiling",
    "ReviewState",
    "Rendition",
    "Revision",
    "Section",
    "SharedPreviewLink",
    "SitePage",
    "SlugRedirect",
    "Story",
    "Tombstone",
    "TrashedArticle",
    "byline_prefetches",
    "editor_name",
    "next_change_time",
]
