"""
What happens on writes outside any one save: cached pages go stale with any content
readers see, and deleted articles leave tombstones. Connected per model in
ArticlesConfig.ready(); a receiver without a sender would listen to every model in the
project and cost every bulk delete Django's fast path.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag, TaggedItem

from pagecache.generation import invalidate_all_pages

from .models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Section,
    SlugRedirect,
    Tombstone,
)

# Everything readers see, on any page: a redirect or tombstone is a cached answer too.
# Revisions, editing sessions and the record of editorial acts are the desk's own.
READER_CONTENT_MODELS = (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Section,
    SlugRedirect,
    Tombstone,
    Tag,
    TaggedItem,
)


def content_changed(sender, using=None, **kwargs):
    invalidate_all_pages(using=using)


def leave_tombstones(sender, instance, **kwargs):
    instance.leave_tombstones()


def connect():
    for model in READER_CONTENT_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"pagecache-{model._meta.label}"
            )
    for through in (Article.tags.through, Article.authors.through):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}"
        )
    pre_delete.connect(leave_tombstones, sender=Article, dispatch_uid="articles-tombstones")
