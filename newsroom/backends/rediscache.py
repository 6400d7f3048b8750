"""
Django's Redis cache backend, reusing one Redis client per connection pool; and
django-redis's, for Redis behind Sentinel.

Django builds a new redis.Redis client for every cache call; on a page-cache hit that
was a sizeable share of the whole request. A client is thread-safe and only wraps the
pool, so one per pool does the same work.
"""

import logging
import time

import django_redis.cache
from django.core.cache.backends import redis

logger = logging.getLogger(__name__)

# How often a process asks the Redis master who it is (SentinelRedisCache).
FAILOVER_CHECK_SECONDS = 1


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: the base class's checks warn about memcached's limits, and
        a page cache hit or 304 reads some twenty keys, each checked on every request."""


class SentinelRedisCache(django_redis.cache.RedisCache):
    """django-redis through Sentinel (REDIS_SENTINELS), emptied once after a failover.

    Redis replicates asynchronously: writes the old master acknowledged just before it was
    replaced (or between the promotion and its own demotion, while this process still
    talked to it) never reach the new one. For the page cache, a lost write is a lost
    invalidation, and a page it should have made stale would be served as current. So each
    process, once it finds itself on a master it has not used before (Redis gives every
    promoted master a new replication id), empties the cache database: everything is drawn
    again from PostgreSQL. It checks at most every FAILOVER_CHECK_SECONDS, on the page
    cache's reads; until then what it serves is at most that much, and never more than
    NEWSROOM_PAGE_CACHE_SECONDS, out of date.
    """

    _replication_id = None
    _checked_at = float("-inf")

    def get_many(self, keys, version=None, client=None):
        self._empty_after_failover()
        return super().get_many(keys, version=version, client=client)

    def _empty_after_failover(self):
        now = time.monotonic()
        if now - self._checked_at < FAILOVER_CHECK_SECONDS:
            return
        self._checked_at = now
        master = self.client.get_client(write=True)
        replication_id = master.info("replication")["master_replid"]
        if self._replication_id not in (None, replication_id):
            logger.warning("Redis failed over to a new master: emptying the page cache")
            master.flushdb()
        self._replication_id = replication_id
