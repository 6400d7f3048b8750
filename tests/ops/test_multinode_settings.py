"""Settings for several machines (settings.py read from the environment, in a child
process as production reads them): replicas, PgBouncer, Redis Sentinel."""

import json
import subprocess
import sys

from .sites import ROOT, production_env

SHOW = """
import json
import django

django.setup()
from django.conf import settings

print(json.dumps({
    "databases": {
        alias: {
            "engine": db["ENGINE"],
            "host": db["HOST"],
            "port": db["PORT"],
            "no_server_side_cursors": db.get("DISABLE_SERVER_SIDE_CURSORS", False),
            "mirror": db.get("TEST", {}).get("MIRROR"),
        }
        for alias, db in settings.DATABASES.items()
    },
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE[:3],
    "replicas": settings.REPLICA_DATABASES,
    "skew_ms": settings.NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS,
    "pin_seconds": settings.MULTIDB_PINNING_SECONDS,
    "caches": settings.CACHES,
}, default=str))
"""


def settings_with(**env):
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="newsroom.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_without_replicas_everything_reads_the_one_database():
    shown = settings_with(DATABASE_URL="postgres://newsroom@db:5432/newsroom")
    assert list(shown["databases"]) == ["default"]
    assert shown["routers"] == [] and shown["replicas"] == []
    assert "newsroom.replicas.ReplicaReadsMiddleware" not in shown["middleware"]
    assert shown["databases"]["default"]["no_server_side_cursors"] is False


def test_a_multi_host_address_reaches_libpq_whole_so_a_promoted_standby_is_found():
    shown = settings_with(
        DATABASE_URL="postgres://newsroom:secret@pg-a:5432,pg-b:6432,pg-c/newsroom"
        "?target_session_attrs=read-write"
    )
    default = shown["databases"]["default"]
    # libpq takes comma-separated hosts and ports and keeps the first that takes writes.
    assert (default["host"], default["port"]) == ("pg-a,pg-b,pg-c", "5432,6432,5432")


def test_replicas_get_an_alias_each_the_router_and_a_wider_page_cache_margin():
    shown = settings_with(
        DATABASE_URL="postgres://newsroom@db:5432/newsroom",
        DATABASE_REPLICA_URLS="postgres://newsroom@replica-a:5432/newsroom, "
        "postgres://newsroom@replica-b:6432/newsroom",
        DATABASE_REPLICA_MAX_LAG_MS="2000",
        DATABASE_REPLICA_PIN_SECONDS="30",
        NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS="50",
    )
    assert shown["replicas"] == ["replica1", "replica2"]
    replica = shown["databases"]["replica2"]
    assert (replica["host"], replica["port"]) == ("replica-b", 6432)
    assert replica["engine"] == "newsroom.backends.postgresql"  # the same backend
    assert replica["mirror"] == "default"  # tests see the primary
    assert shown["routers"] == ["newsroom.replicas.ReplicaRouter"]
    # Right after the health probes, before the page cache renders anything.
    assert shown["middleware"][:2] == [
        "newsroom.health.HealthCheckMiddleware",
        "newsroom.replicas.ReplicaReadsMiddleware",
    ]
    assert shown["skew_ms"] == 50 + 2000 + 1000
    assert shown["pin_seconds"] == 30


def test_pgbouncer_transaction_mode_switches_server_side_cursors_off_everywhere():
    shown = settings_with(
        DATABASE_URL="postgres://newsroom@pgbouncer:6432/newsroom",
        DATABASE_REPLICA_URLS="postgres://newsroom@pgbouncer-replica:6432/newsroom",
        DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS="1",
    )
    assert all(db["no_server_side_cursors"] for db in shown["databases"].values())


def test_redis_sentinel_wins_over_redis_url_and_reads_the_master_only():
    shown = settings_with(
        REDIS_URL="redis://redis:6379/0",
        REDIS_SENTINELS="sentinel-1:26379, sentinel-2:26379",
        REDIS_SENTINEL_URL="redis://:s3cr3t@newsroom/2",
    )
    cache = shown["caches"]["default"]
    assert cache["BACKEND"] == "newsroom.backends.rediscache.SentinelRedisCache"
    assert cache["LOCATION"] == ["redis://:s3cr3t@newsroom/2"]  # no replica pool
    assert cache["OPTIONS"]["CLIENT_CLASS"] == "django_redis.client.SentinelClient"
    assert cache["OPTIONS"]["SENTINELS"] == [["sentinel-1", 26379], ["sentinel-2", 26379]]
    # The page cache's state lives there too; only the drawn frame stays in each process.
    assert sorted(shown["caches"]) == ["default", "fragments"]
    assert shown["caches"]["fragments"]["BACKEND"].endswith(".LocMemCache")


def test_a_malformed_sentinel_address_stops_start_up_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(REDIS_SENTINELS="sentinel-1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_SENTINELS lists host:port pairs, e.g. sentinel-1:26379" in result.stderr
