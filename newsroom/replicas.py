"""
Read replicas (DATABASE_REPLICA_URLS): anonymous readers' queries go to a streaming
replica of PostgreSQL; everything else stays on the primary ("default").

Built on django-multidb-router (Mozilla's): its round-robin over REPLICA_DATABASES, its
per-thread pin, and its middleware's cookie that pins a browser to the primary for
MULTIDB_PINNING_SECONDS after a write, so an editor sees their own save even while the
replicas lag behind. What this module adds to its PinningReplicaRouter:

- Reads go to a replica only inside an anonymous reader's request (GET or HEAD, no
  session, no pin cookie). Its router sends every read outside a request to a replica
  too; here the worker, management commands and migrations read the primary, which is
  the only copy that is certainly up to date.
- A replica that cannot be reached is left out for REPLICA_RETRY_SECONDS and the next
  one (at last the primary) is asked instead: a lost replica slows readers down, it never
  shows them an error page.
- A replica lost in the middle of a reader's request (stopped, restarted, its machine
  gone: the connection was trusted, not checked, CONN_HEALTH_CHECKS at most once a second)
  fails that request's query; the request is then run once more on the primary, which
  is safe for GET and HEAD, instead of answering 503.
- A replica more than DATABASE_REPLICA_MAX_LAG_MS behind the primary (or not streaming
  from it at all) is left out too, until it catches up. The page cache takes anything
  computed within that margin (plus the check interval) of a change for stale
  (settings.py adds it to NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS), so what a reader drew from a
  replica that had not yet replayed an edit is never kept as current.
"""

import logging
import threading
import time

import multidb
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from multidb.middleware import PinningRouterMiddleware
from multidb.pinning import pin_this_thread, this_thread_is_pinned, unpin_this_thread

logger = logging.getLogger(__name__)

# How long an unreachable replica is left out before it is tried again.
REPLICA_RETRY_SECONDS = 10
# How often each process asks a replica how far behind it is.
LAG_CHECK_SECONDS = 1

# Milliseconds behind the primary; NULL when in recovery but not streaming (the link to
# the primary is lost: it may be any amount behind). A primary (never in recovery) is 0.
# Caught up means nothing received is left to replay: an idle primary sends no new
# transactions, so the last replayed one's age alone would read as lag.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
END
"""

_request = threading.local()
_down_until = {}
_lag_checked_at = {}


def reads_may_use_a_replica():
    return getattr(_request, "reader", False) and not this_thread_is_pinned()


def replica_is_up(alias):
    if time.monotonic() < _down_until.get(alias, float("-inf")):
        return False
    connection = connections[alias]
    try:
        # A reused connection is checked once a request (CONN_HEALTH_CHECKS), a new
        # one opened: the failure surfaces here, not in the reader's query.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if time.monotonic() - _lag_checked_at.get(alias, float("-inf")) < LAG_CHECK_SECONDS:
            return True
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag_ms = cursor.fetchone()[0]
    except DatabaseError:
        logger.warning("Read replica %s unreachable; reading from the others", alias)
        _down_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        return False
    _lag_checked_at[alias] = time.monotonic()
    if lag_ms is None or lag_ms > settings.DATABASE_REPLICA_MAX_LAG_MS:
        logger.warning("Read replica %s is behind (%s ms); reading from the others", alias, lag_ms)
        _down_until[alias] = time.monotonic() + LAG_CHECK_SECONDS
        return False
    return True


def readable_replica():
    for _ in settings.REPLICA_DATABASES:
        alias = multidb.get_replica()
        if replica_is_up(alias):
            return alias
    return DEFAULT_DB_ALIAS


def _replica_lost(alias):
    def wrapper(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except (OperationalError, InterfaceError):
            _down_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
            _request.replica_failed = True
            raise

    return wrapper


@receiver(connection_created)
def _watch_replica(sender, connection, **kwargs):
    if connection.alias in settings.REPLICA_DATABASES and not getattr(
        connection, "_replica_watched", False
    ):
        connection.execute_wrappers.append(_replica_lost(connection.alias))
        connection._replica_watched = True


class ReplicaRouter(multidb.PinningReplicaRouter):
    def db_for_read(self, model, **hints):
        if reads_may_use_a_replica():
            return readable_replica()
        return DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware(PinningRouterMiddleware):
    """Marks an anonymous reader's request; pins writers and staff to the primary."""

    def __call__(self, request):
        self.process_request(request)
        # Staff read what they just edited (and drafts nobody has replicated yet).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            pin_this_thread()
        _request.reader = True
        _request.replica_failed = False
        try:
            response = self.get_response(request)
            if _request.replica_failed and request.method in ("GET", "HEAD"):
                logger.warning(
                    "Read replica lost during %s; answering from the primary", request.path
                )
                pin_this_thread()
                response = self.get_response(request)
        finally:
            _request.replica_failed = False
            _request.reader = False
            unpin_this_thread()
        return self.process_response(request, response)
