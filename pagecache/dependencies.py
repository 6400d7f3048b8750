"""
What a cached page shows, named, so that a write makes stale exactly the pages showing it.

A dependency is a short name the content app builds (e.g. "article-12", "section-city";
see articles/cache_keys.py): one token of ASCII letters, digits and `-_.%`, so the same
names can go to a CDN as surrogate keys. This module is the whole API:

- depends_on(names): the page this request makes shows these. Values kept with
  remembered(name, compute, keys=...) name theirs, and a page using one depends on them
  too.
- prefetch_remembered(names): read several remembered values ahead, in one round trip
  (and one for the stamps of what they show), before the remembered() calls asking for them.
- invalidate(names): a write changed these; pages and remembered values showing any of
  them go stale when the transaction commits (once per transaction).
- deferred_invalidations(): a bulk write (an import) stamps once per batch, not once
  per transaction.
- invalidate_all_pages(): everything goes stale (navigation, site settings, the
  emergency reset); a new release does it by itself.

How it holds across processes and stays cheap (one read of the stamps per cache hit) is
in generation.py.
"""

from .generation import (
    deferred_invalidations,
    depends_on,
    invalidate,
    invalidate_all_pages,
    latest_change,
    prefetch_remembered,
    remembered,
)

__all__ = [
    "deferred_invalidations",
    "depends_on",
    "invalidate",
    "invalidate_all_pages",
    "latest_change",
    "prefetch_remembered",
    "remembered",
]
