"""The page cache through Redis Sentinel (REDIS_SENTINELS): real redis-server processes on
loopback, a master, a replica and one sentinel, and a failover while the site writes."""

import json
import shutil
import subprocess
import sys
import time

import pytest

from bench.hosting import free_port

from .sites import ROOT, production_env

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server not installed"
)

# Writes and reads through Django's cache, once per line it is sent ("write k v" / "read k").
CLIENT = """
import sys
import django

django.setup()
from django.core.cache import cache

for line in sys.stdin:
    command, key, *value = line.split()
    for attempt in range(50):  # a failover takes a moment; django-redis then reconnects
        try:
            if command == "write":
                cache.set(key, value[0], timeout=60)
                print("ok", flush=True)
            else:
                print(cache.get_many([key]).get(key), flush=True)
            break
        except Exception:
            import time
            time.sleep(0.2)
    else:
        print("failed", flush=True)
"""


def redis_cli(port, *args):
    return subprocess.run(
        ["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=10
    ).stdout.strip()


def start(args, log):
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)


def wait_until(check, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail("timed out")


@pytest.fixture
def redis_pair(tmp_path):
    master, replica, sentinel = free_port(), free_port(), free_port()
    log = (tmp_path / "redis.log").open("w")
    common = ["--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", str(tmp_path)]
    (tmp_path / "sentinel.conf").write_text(
        f"port {sentinel}\nbind 127.0.0.1\n"
        f"sentinel monitor newsroom 127.0.0.1 {master} 1\n"
        "sentinel down-after-milliseconds newsroom 1000\n"
        "sentinel failover-timeout newsroom 5000\n"
    )
    processes = [
        start(["redis-server", "--port", str(master), *common], log),
        start(
            ["redis-server", "--port", str(replica), "--replicaof", "127.0.0.1", str(master)]
            + common,
            log,
        ),
    ]
    try:
        wait_until(lambda: "master_link_status:up" in redis_cli(replica, "info", "replication"))
        processes.append(
            start(["redis-server", str(tmp_path / "sentinel.conf"), "--sentinel"], log)
        )
        wait_until(lambda: redis_cli(sentinel, "ping") == "PONG")
        wait_until(
            lambda: (
                "slaves=1" in redis_cli(sentinel, "info", "sentinel")
                or "replicas=1" in redis_cli(sentinel, "info", "sentinel")
            )
        )
        yield master, replica, sentinel
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=5)
        log.close()


def test_the_cache_finds_the_master_through_sentinel_and_follows_a_failover(redis_pair):
    master, replica, sentinel = redis_pair
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT],
        cwd=ROOT,
        env=production_env(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            REDIS_URL="redis://127.0.0.1:1/0",  # compose's address: Sentinel wins over it
            REDIS_SENTINELS=f"127.0.0.1:{sentinel}",
            REDIS_SENTINEL_URL="redis://newsroom/0",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    logged = []

    def ask(line):
        client.stdin.write(line + "\n")
        client.stdin.flush()
        answer = client.stdout.readline().strip()
        while answer.startswith("{"):  # a JSON log line
            logged.append(json.loads(answer)["message"])
            answer = client.stdout.readline().strip()
        return answer

    try:
        assert ask("write before-failover 1") == "ok"
        assert redis_cli(master, "dbsize") == "1"  # on the master Sentinel named
        assert ask("read before-failover") == "1"

        redis_cli(sentinel, "sentinel", "failover", "newsroom")
        wait_until(
            lambda: (
                json.dumps(
                    redis_cli(sentinel, "sentinel", "get-master-addr-by-name", "newsroom")
                ).find(str(replica))
                >= 0
            )
        )
        wait_until(lambda: "role:master" in redis_cli(replica, "info", "replication"))
        # Until the old master is told to follow, it still takes writes (lost afterwards).
        wait_until(lambda: "role:slave" in redis_cli(master, "info", "replication"))

        # The same process, without a restart, now writes to the promoted replica...
        assert ask("write after-failover 2") == "ok"
        wait_until(lambda: "after-failover" in redis_cli(replica, "--scan"))
        # ...and, on its first read from a new master, empties the cache once: whatever
        # the old master lost, no page survives that an edit had made stale.
        time.sleep(1.1)
        assert ask("read before-failover") == "None"
        assert logged == ["Redis failed over to a new master: emptying the page cache"]
        assert ask("write after-reset 3") == "ok"
        time.sleep(1.1)
        assert ask("read after-reset") == "3"  # once: the same master is not reset again
        assert len(logged) == 1
    finally:
        client.stdin.close()
        client.kill()
        client.wait(timeout=5)
