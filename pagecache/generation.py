"""
When cached pages stop being true: what each one shows, one site-wide generation, and
remembered values.

Every stored page and remembered value records the names of what it shows (its
dependencies, see dependencies.py) and the moment its making began. Each name has a stamp
in the state cache: when a write last changed it, set when that write's transaction
commits. An entry is current while every stamp of its names is older than its making
began, so an edit makes stale exactly the pages that show what it changed. Comparing
moments rather than version numbers lets a page name what it shows once it knows (after
reading the database): anything committed after its making began has a later stamp.

One site-wide generation stays for what is everywhere (the navigation, a new release) and
as the emergency reset: every entry also carries the generation it was made in. Nothing
outlives the next scheduled change either (a hook the content app registers), so
scheduled articles appear on time without a worker.

The generation and the stamps live in the state cache (NEWSROOM_PAGE_CACHE_STATE_ALIAS), which every
process serving the site shares, whatever holds the pages themselves: a page one worker
stored is never served by another after an edit, and every worker sends the same ETag.
Processes on one machine share its clock; on several machines, their clocks must agree to
within NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS (NTP keeps them within a few milliseconds).
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
# Per release, like remembered values: what is stored there has the shape of the code that
# stored it, and during a rolling deploy two releases share the state cache.
NEXT_CHANGE_KEY = "pagecache:{release}:next-change:{generation}"
RELEASE_KEY = "pagecache:release:{release}"
STAMP_KEY = "pagecache:stamp:{name}"
REMEMBER_SECONDS = 24 * 60 * 60


def clock_margin_ns():
    """An entry made within this long of a change to what it shows is taken for stale:
    processes on different machines may disagree about the time by that much."""
    return settings.NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS * 1_000_000


class RequestState:
    """What one request has seen of the shared state.

    The generation as the request first saw it (every part of one page then belongs to
    it, for one cache read), when that was (the moment its page began to be made), the
    dependencies its page has named so far and their stamps as read.
    """

    __slots__ = ("generation", "started", "names", "stamps", "prefetched", "remembered")

    def __init__(self):
        self.generation = None
        self.started = None
        self.names = set()
        self.stamps = {}
        # Remembered entries read ahead by prefetch_remembered(): {key: entry or None}.
        self.prefetched = {}
        # What remembered() has handed out in this request, {key: (names, value)}: a page
        # asks for some values more than once (the banner: the validators, then the
        # template), and the answer cannot change within the request unless the request
        # writes (own_write() forgets them).
        self.remembered = {}

    def own_write(self, generation=None, started=None):
        """This request's own write: what it makes next is new."""
        if generation is not None:
            self.generation = generation
        self.started = started
        self.remembered.clear()


_request_state = ContextVar("pagecache_request_state", default=None)
# Releases this process has announced (see _announce_release).
_announced_releases = set()
# Functions returning when content next changes by itself (a scheduled publication).
_next_change_hooks = []
# Functions told, inside the writing transaction, what it invalidates (e.g. an outbox of
# CDN purges, see edge.py).
_invalidation_recorders = []
# Invalidations held back by deferred_invalidations() (a bulk import): a _Deferred or None.
_deferred = ContextVar("pagecache_deferred", default=None)


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


def register_next_change(hook, keys=()):
    """hook() -> the moment (aware datetime) content next changes without a write, or None;
    its answer changes with the dependencies `keys` (e.g. a newly scheduled article)."""
    if all(known is not hook for known, _keys in _next_change_hooks):
        _next_change_hooks.append((hook, tuple(keys)))


def register_invalidation_recorder(recorder):
    """recorder(names, everything, using): called in the writing transaction for each
    invalidation it asks for (names already waiting in it are left out)."""
    if recorder not in _invalidation_recorders:
        _invalidation_recorders.append(recorder)


def _record(names, everything, using):
    for recorder in _invalidation_recorders:
        recorder(names, everything, using)


@contextmanager
def one_generation_per_request():
    """Within this block, the generation is read from the shared state at most once, and
    the dependencies named are collected (see request_dependencies)."""
    token = _request_state.set(RequestState())
    try:
        yield
    finally:
        _request_state.reset(token)


def request_dependencies():
    """(when this request's page began to be made, the names of what it shows so far)."""
    state = _request_state.get()
    if state is None or state.started is None:
        return time.time_ns(), ()
    return state.started, tuple(sorted(state.names))


def new_generation():
    # Starts with the time it was made, so it doubles as "content last changed".
    now = time.time_ns()
    generation = f"{now:016x}{randbelow(1 << 16):04x}"
    cache_set(GENERATION_KEY, generation, timeout=None, cache=state_cache())
    state = _request_state.get()
    if state is not None:
        state.own_write(generation, now)
    return generation


def generation_time(generation):
    return datetime.fromtimestamp(int(generation[:16], 16) / 1e9, tz=UTC)


def current_generation():
    return read_with_generation(())[0]


def read_with_generation(keys):
    """The current generation and what `keys` hold in the page cache, in one round trip
    when one cache holds both."""
    state = _request_state.get()
    if state is not None and state.generation is not None:
        return state.generation, cache_get_many(keys) if keys else {}
    _announce_release()
    # Before the generation is read, so before any database read of this request.
    started = time.time_ns()
    if _shares_one_cache():
        found = cache_get_many([GENERATION_KEY, *keys])
        generation = found.pop(GENERATION_KEY, None)
    else:
        generation = cache_get_many([GENERATION_KEY], cache=state_cache()).get(GENERATION_KEY)
        found = cache_get_many(keys) if keys else {}
    generation = generation or new_generation()
    if state is not None and state.generation is None:
        state.generation, state.started = generation, started
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
        try:
            _record(set(), True, None)  # the edge's copies were drawn by the old code too
        except Exception:
            logger.warning("could not record the new release's purge", exc_info=True)


class _Invalidation:
    """What one transaction makes stale, waiting for it to commit: named dependencies, or
    everything (a generation move)."""

    def __init__(self, savepoint_ids):
        self.savepoint_ids = savepoint_ids
        self.names = set()
        self.everything = False
        self.done = False

    def __call__(self):
        self.done = True
        deferred = _deferred.get()
        if deferred is not None:
            deferred.add(self.names, self.everything)
        elif self.everything:
            new_generation()
        elif self.names:
            write_stamps(self.names)


class _Deferred:
    """Invalidations committed inside deferred_invalidations(), coalesced until flushed."""

    def __init__(self):
        self.names = set()
        self.everything = False
        # Names not yet told to the recorders (the edge's outbox).
        self.recorded = set()
        self.record_everything = False

    def add(self, names, everything, *, record=False):
        if record:
            self.recorded.update(names)
            self.record_everything = self.record_everything or everything
        else:
            self.names.update(names)
            self.everything = self.everything or everything

    def flush(self):
        """Stamp what the writes so far committed changed (one write to the state cache),
        then tell the recorders: the edge refetches only pages already stale here."""
        names, everything = self.names, self.everything
        self.names, self.everything = set(), False
        if everything:
            new_generation()
        elif names:
            write_stamps(names)
        recorded, record_everything = self.recorded, self.record_everything
        self.recorded, self.record_everything = set(), False
        if recorded or record_everything:
            try:
                _record(recorded, record_everything, None)
            except Exception:
                logger.warning("could not record the deferred purges", exc_info=True)


@contextmanager
def deferred_invalidations():
    """For a bulk write of many transactions (an archive import): what each one makes
    stale is stamped not at its commit but when flush() is called on the object this
    yields, and when the block ends — one write of the stamps for a whole batch rather
    than one per transaction. Pages may show the state before the batch until then;
    nothing stays stale after it. Nested blocks belong to the outermost one.

    Recorders (the edge's outbox) are told at flush too, outside the writes'
    transactions: a crash before a flush loses that batch's stamps and purges, which the
    entries' timeouts bound (as with a cache outage).
    """
    if _deferred.get() is not None:
        yield _deferred.get()
        return
    deferred = _Deferred()
    token = _deferred.set(deferred)
    try:
        yield deferred
    finally:
        _deferred.reset(token)
        deferred.flush()


def invalidate(names=(), *, everything=False, using=None):
    """Make stale what shows `names` (or everything) once the current transaction commits
    (now, outside one).

    Moving at commit, not before, is what keeps pages right: a page whose making began
    before the commit has an older start than the stamp. However many rows one
    transaction writes, it invalidates once.
    """
    connection = transaction.get_connection(using)
    deferred = _deferred.get()
    if not connection.in_atomic_block and deferred is not None:
        deferred.add(names, everything)
        deferred.add(names, everything, record=True)
        return
    if not connection.in_atomic_block:
        if everything:
            new_generation()
        elif names:
            write_stamps(names)
        if everything or names:
            _record(set(names), everything, using)
        return
    # Django's own list of what runs at commit: a savepoint rolled back takes its
    # callbacks with it, so a waiting invalidation is joined only from its own savepoint
    # or one inside it (a rollback there then leaves more invalidated than needed, which
    # costs a render, never a stale page).
    savepoint_ids = list(connection.savepoint_ids)
    pending = next(
        (
            callback
            for _ids, callback, _robust in connection.run_on_commit
            if isinstance(callback, _Invalidation)
            and not callback.done
            and callback.savepoint_ids == savepoint_ids[: len(callback.savepoint_ids)]
        ),
        None,
    )
    if pending is None:
        pending = _Invalidation(savepoint_ids)
        transaction.on_commit(pending, using=using, robust=True)
    new_names = set(names) - pending.names
    new_everything = everything and not pending.everything
    pending.names.update(new_names)
    pending.everything = pending.everything or everything
    if (new_names or new_everything) and deferred is not None:
        # Told at the flush, once for the batch; a rollback then leaves a purge too many.
        deferred.add(new_names, new_everything, record=True)
    elif new_names or new_everything:
        _record(new_names, new_everything, using)


def invalidate_all_pages(using=None):
    """Make every cached page stale once the current transaction commits: for what every
    page shows (the navigation), and as the emergency reset."""
    invalidate(everything=True, using=using)


def write_stamps(names):
    now = time.time_ns()
    stamps = dict.fromkeys(names, now)
    try:
        state_cache().set_many({STAMP_KEY.format(name=n): v for n, v in stamps.items()}, None)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
    state = _request_state.get()
    if state is not None:
        state.stamps.update(stamps)
        state.own_write(started=time.time_ns() + clock_margin_ns())


def read_stamps(names, started=None):
    """{name: when it last changed (ns)}, one read for those this request has not read.

    A name with no stamp yet (never changed, or its stamp was lost) gets one just before
    this request began: entries made before then are stale, as they must be if the stamp
    was lost after a change; what this request makes is current.
    """
    state = _request_state.get()
    known = state.stamps if state is not None else {}
    wanted = [name for name in names if name not in known]
    if wanted:
        try:
            found = state_cache().get_many([STAMP_KEY.format(name=n) for n in wanted])
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            found = None
        if started is None:
            started = request_dependencies()[0]
        for name in wanted:
            key = STAMP_KEY.format(name=name)
            stamp = found.get(key) if found is not None else None
            if stamp is None:
                # Unreachable state: nothing counts as current.
                stamp = started - 1 - 2 * clock_margin_ns() if found is not None else time.time_ns()
                if found is not None and not _state_add(key, stamp):
                    stamp = cache_get_many([key], cache=state_cache()).get(key, stamp)
            known[name] = stamp
    return {name: known[name] for name in names}


def is_current(started, names, stamps=None):
    """Whether an entry made from `started` on, showing `names`, still shows them as they are.
    stamps: theirs as just read (read_stamps), where no request state keeps them (the WSGI
    fast path): else they are read."""
    if not names:
        return True
    if stamps is None:
        stamps = read_stamps(names)
    return max(stamps[name] for name in names) < started - clock_margin_ns()


def depends_on(names):
    """This request's page shows `names`: it goes stale when any of them changes."""
    state = _request_state.get()
    if state is not None and names:
        state.names.update(names)
        read_stamps(names)


def latest_change(names):
    """When the latest of `names` changed (ns), or 0."""
    return max(read_stamps(names).values(), default=0)


def unexpired(expires_at):
    """Whether an entry that the cache was told to drop at `expires_at` (a Unix time) is
    still within its life, by this process's clock.

    The cache's own expiry is not the rule: memcached counts whole seconds and Redis keeps
    its own clock, so an entry could outlive the scheduled change it was timed to by up
    to a second, or (under a test's fake clock) indefinitely. The timeout only frees memory.
    Another machine made it by its own clock: within the allowed skew of its end, it ends.
    """
    return expires_at > time.time() + clock_margin_ns() / 1e9


def remembered_key(name):
    return f"pagecache:{release.current_release()}:remembered:{name}"


def prefetch_remembered(names):
    """Read the remembered values `names` and the stamps of what they show in two round
    trips, for this request's remembered() calls that follow (a cold page asks for
    several: each alone would be two round trips to the state cache)."""
    state = _request_state.get()
    if state is None:
        return
    keys = [key for key in map(remembered_key, names) if key not in state.prefetched]
    if not keys:
        return
    generation, found = read_with_generation(keys)
    shown = set()
    for key in keys:
        stored = found.get(key)
        state.prefetched[key] = stored
        if stored is not None and stored[0] == generation and unexpired(stored[4]):
            shown.update(stored[2])
    if shown:
        read_stamps(shown)


def remembered(name, compute, keys=(), *, page_shows=True, current=None):
    """compute(), kept until what it depends on changes, everything does (a new
    generation) or a scheduled change happens.

    keys: the dependency names it shows, or a function of the value returning them (a value
    often says what it shows only once computed). The request's page then depends on them
    too, unless page_shows is false (a value only the page's validators use).
    None is never kept: it is often the answer for a mistyped or made-up address, and
    those must not fill the cache. current(value), if given, says whether a kept value
    still holds by another measure (e.g. the version of a row): if not, it is computed again.

    Within one request a name is read (or computed) once: asked again, it is the same
    object, with no round trip (callers treat remembered values as read-only).
    """
    key = remembered_key(name)
    state = _request_state.get()
    if state is not None and key in state.remembered:
        names, value = state.remembered[key]
        if page_shows:
            depends_on(names)
        return value
    value, names = _remembered(key, state, compute, keys, page_shows, current)
    if state is not None and value is not None:
        state.remembered[key] = (names, value)
    return value


def _remembered(key, state, compute, keys, page_shows, current):
    """(value, the names it shows) for remembered()."""
    if state is not None and key in state.prefetched:
        generation, stored = current_generation(), state.prefetched.pop(key)
    else:
        # Stored with the generation it was computed in: one key per name, read together
        # with the generation.
        generation, found = read_with_generation([key])
        stored = found.get(key)
    started = request_dependencies()[0]
    if (
        stored is not None
        and stored[0] == generation
        and unexpired(stored[4])
        and is_current(stored[1], stored[2])
        and (current is None or current(stored[3]))
    ):
        if page_shows:
            depends_on(stored[2])
        return stored[3], stored[2]
    value = compute()
    if value is None:
        return None, ()
    names = tuple(keys(value) if callable(keys) else keys)
    # A lost stamp is replaced (as older than `started`) before this value is stored.
    read_stamps(names, started)
    if page_shows:
        depends_on(names)
    timeout = remember_timeout(generation)
    if timeout > 0:
        cache_set(key, (generation, started, names, value, time.time() + timeout), timeout=timeout)
    return value, names


def remember_timeout(generation):
    """Until content changes (a new generation), but never past the next scheduled change."""
    timeout = REMEMBER_SECONDS
    until_change = seconds_until_next_change(generation)
    if until_change is not None:
        timeout = min(timeout, int(until_change))
    return timeout


def seconds_until_next_change(generation):
    """Seconds until content next changes by itself (None: nothing is due)."""
    key = NEXT_CHANGE_KEY.format(release=release.current_release(), generation=generation)
    names = tuple(name for _hook, keys in _next_change_hooks for name in keys)
    stored = cache_get_many([key]).get(key)
    if stored is not None and unexpired(stored[2]) and is_current(stored[0], names):
        next_at = stored[1]
    else:
        started = request_dependencies()[0]
        moments = [moment for hook, _keys in _next_change_hooks if (moment := hook()) is not None]
        next_at = min(moments).timestamp() if moments else 0.0
        read_stamps(names, started)
        # Good until that moment (then the one after it is next), until what the hooks
        # read changes, or until everything does (a new generation).
        keep = min(REMEMBER_SECONDS, next_at - time.time()) if next_at else REMEMBER_SECONDS
        if keep >= 1:
            cache_set(key, (started, next_at, time.time() + int(keep)), timeout=int(keep))
    if not next_at:
        return None
    return next_at - time.time()
