"""System checks: every process serving the site must see every invalidation."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches

# Backends whose contents live in one process: an edit saved in another would never reach it.
PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _backend(alias):
    return settings.CACHES.get(alias, {}).get("BACKEND", "")


def shared_invalidation_state(app_configs=None, **kwargs):
    alias = settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS
    if alias not in settings.CACHES:
        return [
            checks.Error(
                f"NEWSROOM_PAGE_CACHE_STATE_ALIAS names {alias!r}, which is not in CACHES.",
                id="pagecache.E001",
            )
        ]
    if _backend(alias) in PER_PROCESS_BACKENDS:
        return [
            checks.Error(
                f"The page cache's invalidation state ({alias!r}) is kept per process: after "
                "an edit, other web workers would go on serving the old pages.",
                hint="Set REDIS_URL (or point NEWSROOM_PAGE_CACHE_STATE_ALIAS at a cache "
                "every process shares).",
                id="pagecache.E002",
            )
        ]
    return []


def shared_beyond_this_machine(app_configs=None, **kwargs):
    alias = settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS
    engine = settings.DATABASES["default"]["ENGINE"]
    if alias in settings.CACHES and "filebased" in _backend(alias) and "sqlite" not in engine:
        location = caches[alias]._dir
        return [
            checks.Warning(
                f"Page-cache invalidation is shared through files in {location}: only the "
                "processes of this machine see it.",
                hint="A site served from several machines must set REDIS_URL.",
                id="pagecache.W001",
            )
        ]
    return []
