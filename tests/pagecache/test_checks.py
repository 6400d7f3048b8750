"""pagecache/checks.py: a site whose processes could not see each other's edits won't start."""

from pagecache.checks import shared_beyond_this_machine, shared_invalidation_state


def test_the_default_configuration_shares_invalidation_between_processes():
    assert shared_invalidation_state() == []


def test_a_per_process_invalidation_state_is_refused(settings):
    settings.CACHES = {
        **settings.CACHES,
        "per-process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS = "per-process"

    errors = shared_invalidation_state()

    assert [error.id for error in errors] == ["pagecache.E002"]
    assert "REDIS_URL" in errors[0].hint


def test_an_unknown_state_alias_is_refused(settings):
    settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS = "nowhere"
    assert [error.id for error in shared_invalidation_state()] == ["pagecache.E001"]


def test_a_database_server_without_redis_is_warned_about_at_deploy(settings, tmp_path, monkeypatch):
    # Only the name the check reads: the test database itself stays as it is.
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "newsroom.backends.postgresql")
    settings.CACHES = {
        **settings.CACHES,
        "pagecache_state": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    settings.NEWSROOM_PAGE_CACHE_STATE_ALIAS = "pagecache_state"

    warnings = shared_beyond_this_machine()

    assert [warning.id for warning in warnings] == ["pagecache.W001"]
    assert "several machines must set REDIS_URL" in warnings[0].hint
