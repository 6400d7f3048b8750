"""
A working newsroom (`make bench`, or `python -m bench.newsroom [--quick]`): Zipf reads
(exponent 0.8) over every published article plus the home and section pages, on two web
nodes (two single-worker gunicorn processes sharing PostgreSQL and Redis), while an editor
saves a change to a random article at 0, 1, 6 and 30 writes a minute.

Reported per rate: throughput, its share of the no-edit run, the page cache's hit ratio
(X-Cache), origin renders per second (misses), p50/p99 latency and non-2xx answers, and
the coherence probe: after each save, how long until every node shows it.

Not a test: numbers depend on the machine. Targets: at 30 writes/min a hit ratio >= 95 %
and >= 90 % of the no-edit throughput; a save visible on every node within 1 s.
"""

import argparse
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import redis

from bench import hosting

ROOT = hosting.ROOT
RATES = (0, 1, 6, 30)
# Both nodes answer for one site, as behind a load balancer: one Host, one set of pages.
HOST = "localhost"


def manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        capture_output=True,
    ).stdout  # fmt: skip


def reader_paths(env):
    script = (
        "import json; from articles.models import Article, Section\n"
        "print(json.dumps([[s.get_absolute_url() for s in Section.objects.all()],"
        " [a.get_absolute_url() for a in Article.objects.published().only('slug')]]))"
    )
    sections, articles = json.loads(manage("shell", "-c", script, env=env).splitlines()[-1])
    random.Random(8).shuffle(articles)  # noqa: S311 - popularity is not by age
    return ["/", *sections, *articles]


def warm(nodes, paths):
    """Every page once, so that a run measures edits, not a cold start."""

    def read(index):
        url = nodes[index % len(nodes)] + paths[index]
        request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310 - loopback
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(read, range(len(paths))))


def read_load(node, paths_file, seconds, connections):
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Host: {HOST}",
        "-s",
        str(ROOT / "bench" / "zipf.lua"), node, "--", str(paths_file), "0.8",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603


def parse_wrk(output):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    hits, misses, other = (int(n) for n in re.search(r"CACHE (\d+) (\d+) (\d+)", output).groups())
    return {
        "requests": requests, "p50": _ms(latency["50"]), "p99": _ms(latency["99"]),
        "non_2xx": (int(non_2xx.group(1)) if non_2xx else 0) + errors,
        "hits": hits, "misses": misses, "other": other,
    }  # fmt: skip


def _ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_rate(rate, nodes, paths_file, env, warmup, seconds, connections):
    """One rate: the editor runs through a warm-up and the measured reads."""
    editor = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.editor", str(rate), str(warmup + seconds), *nodes],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    for load in [read_load(node, paths_file, warmup, connections) for node in nodes]:
        load.communicate()
    loads = [read_load(node, paths_file, seconds, connections) for node in nodes]
    runs = [parse_wrk(load.communicate()[0]) for load in loads]
    probe = json.loads(editor.communicate()[0].strip().splitlines()[-1])
    total = sum(r["requests"] for r in runs)
    answered = sum(r["hits"] + r["misses"] for r in runs) or 1
    visible = sorted(probe["visible_ms"])
    return {
        "rate": rate,
        "rps": total / seconds,
        "hit_ratio": sum(r["hits"] for r in runs) / answered,
        "renders": sum(r["misses"] for r in runs) / seconds,
        "p50": max(r["p50"] for r in runs),
        "p99": max(r["p99"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "saves": probe["saves"],
        "visible_max": visible[-1] if visible else None,
        "visible_p50": visible[len(visible) // 2] if visible else None,
        "stale_reads": probe["stale_reads"],
    }


def table(results, seconds, connections, size):
    base = {r["rate"]: r["rps"] for r in results if r["rate"] == 0}
    no_edit = base.get(0) or 1
    lines = [
        f"### A working newsroom: {size:,} articles, two single-worker nodes, Zipf 0.8",
        "",
        f"{seconds}s per rate after a warm-up under the same edit rate; wrk {connections} "
        f"connections per node.",
        "",
        "| writes/min | req/s | share of no-edit | X-Cache hit ratio | origin renders/s | "
        "p50 / p99 ms | non-2xx | saves | visible on every node (p50 / max ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        visible = (
            f"{r['visible_p50']:.0f} / {r['visible_max']:.0f}" if r["visible_max"] is not None
            else "-"
        )  # fmt: skip
        lines.append(
            f"| {r['rate']} | {r['rps']:,.0f} | {r['rps'] / no_edit:.1%} | {r['hit_ratio']:.1%} "
            f"| {r['renders']:.1f} | {r['p50']:.0f} / {r['p99']:.0f} | {r['non_2xx']} | "
            f"{r['saves']} | {visible} |"
        )
    busiest = [r for r in results if r["rate"] == max(RATES)]
    if busiest:
        worst = min(busiest, key=lambda r: r["hit_ratio"])
        slowest = max(r["visible_max"] or 0 for r in results)
        share = min(r["rps"] for r in busiest) / no_edit
        lines += [
            "",
            f"At {max(RATES)} writes/min: hit ratio {worst['hit_ratio']:.1%} (target >= 95 %: "
            f"{'met' if worst['hit_ratio'] >= 0.95 else 'MISSED'}), throughput {share:.1%} of "
            f"no-edit (target >= 90 %: {'met' if share >= 0.9 else 'MISSED'}); slowest save "
            f"visible on every node after {slowest:.0f} ms (target <= 1000 ms: "
            f"{'met' if slowest <= 1000 else 'MISSED'}).",
        ]
    return "\n".join(lines) + "\n"


def run(env, size=10_000, database="newsroom_bench", quick=False, connections=8):
    seconds, warmup = (15, 5) if quick else (60, 10)
    rates = RATES if quick else (*RATES, *reversed(RATES))
    db_env = {
        **env,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}_{size}",
        # Long enough that entries leave the cache because of edits, not of age, during
        # the runs (readers and CDNs get 300 s by default).
        "NEWSROOM_PAGE_CACHE_SECONDS": "3600",
    }
    from bench.run import TRANSLATED_SHARE, ensure_database

    ensure_database(f"{database}_{size}")
    manage("migrate", "--noinput", env=db_env)
    count = int(
        manage(
            "shell", "-c", "from articles.models import Article; print(Article.objects.count())",
            env=db_env,
        ).splitlines()[-1]
    )  # fmt: skip
    if count < size:
        print(f"Seeding {size - count} articles ...", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "seed_articles", "--count", str(size - count),
             "--translated-share", str(TRANSLATED_SHARE)],
            cwd=ROOT, env=db_env, check=True,
        )  # fmt: skip
    redis.Redis.from_url(db_env["REDIS_URL"]).flushdb()
    paths = reader_paths(db_env)
    with tempfile.TemporaryDirectory(prefix="newsroom-mixed-") as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        ports = [hosting.free_port() for _ in range(2)]
        with ExitStack() as stack:
            for port in ports:
                stack.enter_context(hosting.gunicorn(db_env, port, workers=1))
            nodes = [f"http://127.0.0.1:{port}" for port in ports]
            t0 = time.monotonic()
            warm(nodes, paths)
            print(f"Warmed {len(paths)} pages in {time.monotonic() - t0:.0f}s", flush=True)
            results = []
            for rate in rates:
                result = run_rate(rate, nodes, paths_file, db_env, warmup, seconds, connections)
                print(json.dumps(result), flush=True)
                results.append(result)
    return table(merge(results), seconds, connections, size)


def merge(results):
    """Each rate's runs together (full mode runs each twice): the mean of each number."""
    merged = {}
    for r in results:
        merged.setdefault(r["rate"], []).append(r)
    out = []
    for rate in RATES:
        runs = merged.get(rate, [])
        if not runs:
            continue
        row = {key: sum(run[key] for run in runs) / len(runs)
               for key in ("rps", "hit_ratio", "renders", "p50", "p99")}  # fmt: skip
        row.update(rate=rate, non_2xx=sum(r["non_2xx"] for r in runs),
                   saves=sum(r["saves"] for r in runs))  # fmt: skip
        visible = [r["visible_max"] for r in runs if r["visible_max"] is not None]
        p50s = [r["visible_p50"] for r in runs if r["visible_p50"] is not None]
        row["visible_max"] = max(visible) if visible else None
        row["visible_p50"] = sum(p50s) / len(p50s) if p50s else None
        out.append(row)
    return out


def bench_env(redis_db, workdir):
    return {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(Path(workdir) / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database", default="newsroom_bench")
    parser.add_argument("--redis-db", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="15 s per rate, each rate once")
    parser.add_argument("--connections", type=int, default=8, help="per node")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as workdir:
        env = bench_env(args.redis_db, workdir)
        manage("collectstatic", "--noinput", env=env)
        section = run(env, args.size, args.database, args.quick, args.connections)
    print(section)
    started = datetime.now(UTC)
    out = ROOT / "bench" / "results" / f"{started:%Y%m%d-%H%M%S}-newsroom.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Benchmark {started:%Y-%m-%d %H:%M} UTC\n\n{section}")
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
