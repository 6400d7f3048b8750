"""
When cached pages stop being true: one site-wide generation, and remembered values.

Every stored page and remembered value carries the generation it was made in, and is used
only while that generation is current. Any write to content moves it, once per
transaction, when the transaction commits: a page shows related articles and the section
navigation, so almost every change touches almost every page, and one counter is both
exact enough and impossible to get wrong. Nothing outlives the next scheduled change
either (a hook the content app registers), so scheduled articles appear on time without
a worker.

The generation lives in the state cache (NEWSROOM_PAGE_CACHE_STATE_ALIAS), which every
process serving the site shares, whatever holds the pages themselves: a page one worker
stored is never served by another after an edit, and every worker sends the same ETag.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from secrets import randbelow

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from . import release

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change:{generation}"
RELEASE_KEY = "pagecache:release:{release}"
REMEMBER_SECONDS = 24 * 60 * 60

# The generation as this request first saw it: every part of one page (validators, page
# key, remembered values) then belongs to the same generation, for one cache read.
_request_generation = ContextVar("pagecache_request_generation", default=None)
# Releases this process has announced (see _announce_release).
_announced_releases = set()
# Functions returning when content next changes by itself (a scheduled publication).
_next_change_hooks = []


def page_cache():
    return caches[settings.NEWSROOM_PAGE_CACHE_ALIAS]


def state_cache():
    return caches[settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS]


def _shares_one_cache():
    return settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS == settings.NEWSROOM_PAGE_CACHE_ALIAS


# A cache outage must cost speed, never pages: every call below fails quietly.


def cache_get_many(keys, cache=None):
    try:
        return (page_cache() if cache is None else cache).get_many(keys)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return {}


def cache_set(key, value, timeout, cache=None):
    try:
        (page_cache() if cache is None else cache).set(key, value, timeout=timeout)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


def _state_add(key, value):
    try:
        return state_cache().add(key, value, timeout=None)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return False


def register_next_change(hook):
    """hook() -> the moment (aware datetime) content next changes without a write, or None."""
    if hook not in _next_change_hooks:
        _next_change_hooks.append(hook)


@contextmanager
def one_generation_per_request():
    """Within this block, the generation is read from the shared state at most once."""
    token = _request_generation.set([])
    try:
        yield
    finally:
        _request_generation.reset(token)


def new_generation():
    # Starts with the time it was made, so it doubles as "content last changed".
    generation = f"{time.time_ns():016x}{randbelow(1 << 16):04x}"
    cache_set(GENERATION_KEY, generation, timeout=None, cache=state_cache())
    seen = _request_generation.get()
    if seen is not None:
        seen[:] = [generation]  # this request's own write: what it renders next is new
    return generation


def generation_time(generation):
    return datetime.fromtimestamp(int(generation[:16], 16) / 1e9, tz=UTC)


def current_generation():
    return read_with_generation(())[0]


def read_with_generation(keys):
    """The current generation and what `keys` hold in the page cache, in one round trip
    when one cache holds both."""
    seen = _request_generation.get()
    if seen:
        return seen[0], cache_get_many(keys) if keys else {}
    _announce_release()
    if _shares_one_cache():
        found = cache_get_many([GENERATION_KEY, *keys])
        generation = found.pop(GENERATION_KEY, None)
    else:
        generation = cache_get_many([GENERATION_KEY], cache=state_cache()).get(GENERATION_KEY)
        found = cache_get_many(keys) if keys else {}
    generation = generation or new_generation()
    if seen is not None and not seen:
        seen.append(generation)
    return generation, found


def _announce_release():
    """The first process to run a new release starts a new generation, once.

    Validators then change with the code as well as with content: a page drawn by the
    previous templates is not "not modified" (Last-Modified moves too, for clients that
    revalidate by date only).
    """
    current = release.current_release()
    if current in _announced_releases:
        return
    _announced_releases.add(current)
    if _state_add(RELEASE_KEY.format(release=current), time.time()):
        new_generation()


class _Invalidation:
    """One generation move, waiting for its transaction to commit."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        new_generation()


def invalidate_all_pages(using=None):
    """Make every cached page stale once the current transaction commits (now, outside one).

    Moving at commit, not before, is what keeps pages right: a reader reads the generation
    before the database, so a page drawn from the old rows is stored under the old
    generation. However many rows one save writes, the generation moves once.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        new_generation()
        return
    # Django's own list of what runs at commit: a savepoint rolled back takes its
    # callbacks with it, so nothing else could say as exactly whether one is waiting.
    if not any(
        isinstance(callback, _Invalidation) and not callback.done
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_Invalidation(), using=using, robust=True)


def remembered(name, compute):
    """compute(), kept until content next changes or a scheduled change happens.

    None is never kept: it is often the answer for a mistyped or made-up address, and
    those must not fill the cache.
    """
    key = f"pagecache:{release.current_release()}:remembered:{name}"
    # Stored with the generation it was computed in: one key per name, read together
    # with the generation.
    generation, found = read_with_generation([key])
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    if value is None:
        return None
    timeout = remember_timeout(generation)
    if timeout > 0:
        cache_set(key, (generation, value), timeout=timeout)
    return value


def remember_timeout(generation):
    """Until content changes (a new generation), but never past the next scheduled change."""
    timeout = REMEMBER_SECONDS
    until_change = seconds_until_next_change(generation)
    if until_change is not None:
        timeout = min(timeout, int(until_change))
    return timeout


def seconds_until_next_change(generation):
    """Seconds until content next changes by itself (None: nothing is due)."""
    key = NEXT_CHANGE_KEY.format(generation=generation)
    next_at = cache_get_many([key]).get(key)
    if next_at is None:
        moments = [moment for hook in _next_change_hooks if (moment := hook()) is not None]
        next_at = min(moments).timestamp() if moments else 0.0
        # Good until that moment (then the one after it is next) or until content changes
        # (a new generation).
        keep = min(REMEMBER_SECONDS, next_at - time.time()) if next_at else REMEMBER_SECONDS
        if keep >= 1:
            cache_set(key, next_at, timeout=int(keep))
    if not next_at:
        return None
    return next_at - time.time()
