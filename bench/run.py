"""
`make bench`: article and list pages under load, through gunicorn (2 sync workers,
production settings, PostgreSQL, Redis) and through the compose front server (nginx),
at 10,000 and then 1,000,000 articles. Results go to bench/results/ as Markdown.

Not a test: numbers depend on the machine. The targets are ratios within one run: rows are
measured in interleaved rounds, each ratio is taken within a round (the same load on the
shared cores) and reported as the median and range over the rounds, with the load average.

Baselines served in the same run (bench/baselines/): a minimal startproject Django site
(one model, one query, Markdown per request) and, unless --wagtail off, a minimal Wagtail
site. --compare DIR serves another checkout (e.g. a worktree of main) beside this one, so a
change is measured against the code before it, back to back.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import redis

from bench import hosting
from bench.baselines import serve as baselines

ROOT = hosting.ROOT
RESULTS = ROOT / "bench" / "results"

TARGETS = """\
Targets (ratios within this run): warm article >= 3 % of the static ceiling through
gunicorn and >= 50 % through the front server; cold article >= 1.5x the naive per-request
Markdown view; 304 >= 5x cold article; worker peak RSS <= 80 MB; cold article >= 1.5x and
cold list pages (home, section) >= 1.2x the minimal Django page; cold article >= 4x the
Wagtail page."""


def sh(*args, env=None, check=True):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, text=True,
        capture_output=True,
    )  # fmt: skip


def ensure_database(name):
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def fresh_database(name):
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def article_count(env):
    output = sh(
        "shell", "-c",
        "from articles.models import Article; print(Article.objects.count())", env=env,
    ).stdout  # fmt: skip
    return int(output.strip().splitlines()[-1])


def wrk(url, seconds, connections, headers=()):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    load = os.getloadavg()[0]  # what else the shared cores were doing just before
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": rps, "p50": latency.get("50", "?"), "p99": latency.get("99", "?"),
            "errors": errors, "load": load}  # fmt: skip


def fetch_etag(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers["ETag"], response.read()


def existing_paths(env, candidates):
    """Public pages that exist in this version of the code (later issues add more)."""
    script = (
        "import json; from django.urls import reverse, NoReverseMatch\n"
        f"out = {{}}\nfor name, kwargs in {candidates!r}:\n"
        "    try: out[name] = reverse(name, kwargs=kwargs)\n"
        "    except NoReverseMatch: pass\n"
        "print(json.dumps(out))"
    )
    return json.loads(sh("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])


def sample_slugs(env):
    script = (
        "import json; from articles.models import Article\n"
        "qs = Article.objects.published()\n"
        "a = qs[qs.count() // 2]\n"
        "from articles.sitemaps import ArticleSitemap\n"
        "out = {'article': a.slug, 'last_sitemap_page': ArticleSitemap().paginator.num_pages}\n"
        "for field in ('section', 'tags', 'authors'):\n"
        "    rel = getattr(a, field, None)\n"
        "    if rel is None: continue\n"
        "    obj = rel.order_by('pk').first() if hasattr(rel, 'first') else rel\n"
        "    if obj is not None: out[field] = obj.slug\n"
        "print(json.dumps(out))"
    )
    return json.loads(sh("shell", "-c", script, env=env).stdout.strip().splitlines()[-1])


def run_size(size, args, base_env, workdir):
    # One database per size, kept for the next run: measuring "10,000" in a database that
    # already holds a million would measure the million.
    database = f"{args.database}_{size}"
    ensure_database(database)
    for baseline in ("minimal", "wagtail"):
        ensure_database(f"{database}_{baseline}")
    env = {**base_env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    sh("migrate", "--noinput", env=env)
    current = article_count(env)
    if current < size:
        print(f"Seeding {size - current} articles ...", flush=True)
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "seed_articles", "--count", str(size - current),
             "--translated-share", str(TRANSLATED_SHARE)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    # The bench's own Redis database: remembered values and pages of the other size must
    # not be taken for this one's (cache keys do not name the database).
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    slugs = sample_slugs(env)
    paths = existing_paths(
        env,
        [
            ("articles:article", {"slug": slugs["article"]}),
            ("articles:home", {}),
            ("articles:section", {"slug": slugs.get("section", "x")}),
            ("articles:tag", {"slug": slugs.get("tags", "x")}),
            ("articles:author", {"slug": slugs.get("authors", "x")}),
            ("articles:archive_year", {"year": "2016"}),
            ("articles:rss", {}),
            ("articles:sitemap_index", {}),
            ("articles:sitemap", {"section": "articles"}),
            ("articles:search", {}),
        ],
    )
    article_path = paths.pop("articles:article")
    if "articles:sitemap" in paths:
        paths["articles:sitemap"] += f"?p={slugs['last_sitemap_page']}"  # the deepest page
    if "articles:search" in paths:
        paths["articles:search"] += "?q=council+budget"

    warm_port, cold_port, front_port = (hosting.free_port() for _ in range(3))
    base_ports = {name: hosting.free_port() for name in ("minimal", "wagtail", "warm", "cold")}
    warm_env = {**env, "NEWSROOM_PAGE_CACHE_SECONDS": "300"}
    cold_env = {**env, "NEWSROOM_PAGE_CACHE_SECONDS": "0"}
    static_root = workdir / "static"
    ceiling_dir = static_root / "bench"
    nginx_conf = hosting.render_nginx_config(
        workdir / f"nginx-{size}", front_port, f"127.0.0.1:{warm_port}", static_root,
        workdir / "media", seconds=5,
    )  # fmt: skip
    with (
        hosting.gunicorn(warm_env, warm_port, wsgi="bench.wsgi:application") as warm,
        hosting.gunicorn(cold_env, cold_port, wsgi="bench.wsgi:application") as cold,
        hosting.nginx(nginx_conf, front_port),
        contextlib.ExitStack() as others,
    ):
        baseline_env = {**base_env, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
        minimal_url = others.enter_context(
            baselines.minimal(
                baseline_env,
                f"postgres://postgres@127.0.0.1:5432/{database}_minimal",
                base_ports["minimal"],
                size,
            )  # fmt: skip
        )
        wagtail_url = None
        if args.wagtail == "on":
            wagtail_url = others.enter_context(
                baselines.wagtail(
                    baseline_env,
                    f"postgres://postgres@127.0.0.1:5432/{database}_wagtail",
                    base_ports["wagtail"],
                    size,
                )  # fmt: skip
            )
        compare = {}
        if args.compare:
            # The other checkout's own code (cwd first on its path), this venv and database.
            for kind, kind_env in (("warm", warm_env), ("cold", cold_env)):
                url = f"http://127.0.0.1:{base_ports[kind]}"
                others.enter_context(
                    hosting.gunicorn(kind_env, base_ports[kind], wsgi="bench.wsgi:application",
                                     cwd=args.compare)
                )  # fmt: skip
                compare[kind] = url
        warm_url = f"http://127.0.0.1:{warm_port}"
        cold_url = f"http://127.0.0.1:{cold_port}"
        front_url = f"http://127.0.0.1:{front_port}"
        compare_etag = None
        if compare:
            # First: the other release's first request starts a new generation (as a deploy
            # does), which would make this tree's ETag below stale.
            fetch_etag(compare["warm"] + article_path)
            compare_etag = fetch_etag(compare["cold"] + article_path)[0]
        etag, html = fetch_etag(cold_url + article_path)
        ceiling_dir.mkdir(parents=True, exist_ok=True)
        (ceiling_dir / "article.html").write_bytes(html)
        fetch_etag(warm_url + article_path)  # fill the page cache

        # name: (url, extra headers, path whose uncached SQL count applies)
        naive_path = article_path.replace("/articles/", "/bench/naive/", 1)
        naive_url = cold_url + naive_path
        rows = {
            "static file (nginx, ceiling)": (front_url + "/static/bench/article.html", (), None),
            "article warm (gunicorn, cache hit)": (warm_url + article_path, (), None),
            "article warm (front server)": (front_url + article_path, (), None),
            "article cold (cache bypassed)": (cold_url + article_path, (), article_path),
            "article 304": (
                cold_url + article_path,
                (f"If-None-Match: {etag}",),
                f"304:{article_path}",
            ),
            "article naive (Markdown per request)": (naive_url, (), naive_path),
            "minimal Django article (baseline)": (minimal_url, (), ""),
        }
        if wagtail_url:
            rows["Wagtail page (baseline)"] = (wagtail_url, (), "")
        if "articles:home" in paths:
            # The front page is the busiest page: its cached row beside its cold one.
            fetch_etag(warm_url + paths["articles:home"])
            rows["home warm (gunicorn, cache hit)"] = (warm_url + paths["articles:home"], (), None)
        for name, path in paths.items():
            label = name.split(":")[-1].replace("_", " ")
            if args.lists == "all" or label in args.lists.split(","):
                rows[f"{label} (cold)"] = (cold_url + path, (), path)
        if compare:
            rows.update({
                "compared: article warm (gunicorn, cache hit)": (
                    compare["warm"] + article_path, (), ""),
                "compared: article cold (cache bypassed)": (
                    compare["cold"] + article_path, (), ""),
                "compared: article 304": (
                    compare["cold"] + article_path, (f"If-None-Match: {compare_etag}",), ""),
            })  # fmt: skip
            for name in ("articles:home", "articles:section"):
                if name in paths:
                    label = name.split(":")[-1]
                    rows[f"compared: {label} (cold)"] = (compare["cold"] + paths[name], (), "")

        results = {name: [] for name in rows}
        for _ in range(args.rounds):  # interleaved, so drift hits every row alike
            for name, (url, headers, _path) in rows.items():
                results[name].append(wrk(url, args.duration, args.connections, headers))
        search_ms = search_latencies(cold_url) if "articles:search" in paths else []
        rss = max(
            hosting.peak_rss_mb(pid)
            for master in (warm, cold)
            for pid in hosting.worker_pids(master.pid)
        )

    query_paths = [article_path, naive_path, *paths.values()]
    counts = json.loads(
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.querycount", *query_paths],
            cwd=ROOT, env={**cold_env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    return summarise(size, rows, results, counts, rss, search_ms) + round_ratios(results)


# A multilingual site: one seeded story in ten also has a French version (the bench's
# databases are kept; one seeded before the seeder wrote translations has none: drop it).
TRANSLATED_SHARE = 0.1

# Common and rare words of the seeded articles, one and two at a time: (language's search
# page, terms). The French ones search the French versions only, a tenth of the articles.
SEARCHES = [
    ("/search/", terms) for terms in (
        "council budget", "council", "residents", "harbour", "flood defences", "university",
        "orchestra festival", "ticket prices", "consultation", "police night bus routes",
    )
] + [
    ("/fr/search/", terms) for terms in (
        "conseil budget", "habitants", "négociations", "digues anti-crue", "orchestre festival",
    )
]  # fmt: skip


def search_latencies(base_url, repeats=3):
    """Milliseconds per search, one request at a time: what a reader waits for, without
    the queueing of the load rows (16 connections on 2 workers)."""
    timings = []
    for _ in range(repeats):
        for page, terms in SEARCHES:
            url = f"{base_url}{page}?q={urllib.parse.quote_plus(terms)}"
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
                response.read()
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


# (label, numerator row, denominator row, target or None): each taken within a round.
ROUND_RATIOS = [
    ("cold article / minimal Django", "article cold (cache bypassed)",
     "minimal Django article (baseline)", 1.5),
    ("cold home / minimal Django", "home (cold)", "minimal Django article (baseline)", 1.2),
    ("cold section / minimal Django", "section (cold)", "minimal Django article (baseline)", 1.2),
    ("cold article / Wagtail", "article cold (cache bypassed)", "Wagtail page (baseline)", 4.0),
    ("cache hit: this tree / compared", "article warm (gunicorn, cache hit)",
     "compared: article warm (gunicorn, cache hit)", None),
    ("304: this tree / compared", "article 304", "compared: article 304", None),
    ("cold article: this tree / compared", "article cold (cache bypassed)",
     "compared: article cold (cache bypassed)", None),
    ("cold home: this tree / compared", "home (cold)", "compared: home (cold)", None),
    ("cold section: this tree / compared", "section (cold)", "compared: section (cold)", None),
]  # fmt: skip


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def round_ratios(results):
    """Medians and ranges over the rounds: each row's req/s and 1-minute load average, and
    each ratio taken within one round."""
    rounds = len(next(iter(results.values())))
    lines = [
        "",
        f"Over {rounds} interleaved rounds (median, range; load = 1-minute load average "
        "when the row started):",
        "",
        "| row | req/s median | range | load median | load range |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, runs in results.items():
        rps = [run["rps"] for run in runs]
        load = [run["load"] for run in runs]
        lines.append(
            f"| {name} | {median(rps):,.0f} | {min(rps):,.0f}–{max(rps):,.0f} | "
            f"{median(load):.1f} | {min(load):.1f}–{max(load):.1f} |"
        )
    lines += ["", "| ratio (within a round) | median | range | target | |",
              "| --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    for label, numerator, denominator, target in ROUND_RATIOS:
        if numerator not in results or denominator not in results:
            continue
        ratios = [
            top["rps"] / bottom["rps"]
            for top, bottom in zip(results[numerator], results[denominator], strict=True)
        ]
        verdict = "" if target is None else ("met" if median(ratios) >= target else "MISSED")
        wanted = "–" if target is None else f"{target:.1f}x"
        lines.append(
            f"| {label} | {median(ratios):.2f}x | {min(ratios):.2f}–{max(ratios):.2f}x | "
            f"{wanted} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def summarise(size, rows, results, counts, rss, search_ms=()):
    best = {}
    lines = [
        f"### {size:,} articles",
        "",
        "| row | req/s | p50 | p99 | errors | SQL/request | vs static |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ceiling = max(r["rps"] for r in results["static file (nginx, ceiling)"])
    for name, (_url, _headers, query_path) in rows.items():
        run = max(results[name], key=lambda r: r["rps"])
        best[name] = run["rps"]
        # Static files and cache hits touch no database; "" is not counted here (another
        # project or checkout).
        queries = str(counts.get(query_path, {}).get("queries", "?")) if query_path else "0"
        queries = "–" if query_path == "" else queries
        lines.append(
            f"| {name} | {run['rps']:,.0f} | {run['p50']} | {run['p99']} | {run['errors']} | "
            f"{queries} | {run['rps'] / ceiling:.1%} |"
        )
    cold = best["article cold (cache bypassed)"]
    checks = [
        ("warm article / static (gunicorn)", best["article warm (gunicorn, cache hit)"] / ceiling,
         0.03),
        ("warm article / static (front server)", best["article warm (front server)"] / ceiling,
         0.50),
        ("cold article / naive view", cold / best["article naive (Markdown per request)"], 1.5),
        ("304 / cold article", best["article 304"] / cold, 5.0),
    ]  # fmt: skip
    lines += ["", f"Worker peak RSS: {rss:.0f} MB (target <= 80 MB: "
              f"{'met' if rss <= 80 else 'MISSED'})", ""]  # fmt: skip
    if search_ms:
        p50, p99 = search_ms[len(search_ms) // 2], search_ms[int(len(search_ms) * 0.99)]
        lines += [f"Search, one request at a time ({len(search_ms)} searches, "
                  f"{len(SEARCHES)} queries): p50 {p50:.0f} ms, p99 {p99:.0f} ms "
                  f"(target p50 < 100 ms: {'met' if p50 < 100 else 'MISSED'})", ""]  # fmt: skip
    lines += ["| ratio | measured | target | |", "| --- | ---: | ---: | --- |"]
    for label, value, target in checks:
        verdict = "met" if value >= target else "MISSED"
        shown = f"{value:.1%}" if target < 1 else f"{value:.1f}x"
        wanted = f"{target:.0%}" if target < 1 else f"{target:.1f}x"
        lines.append(f"| {label} | {shown} | {wanted} | {verdict} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--lists", default="all",
        help="list pages to load besides the article rows: all, none, or e.g. home,tag,search",
    )  # fmt: skip
    parser.add_argument(
        "--database",
        default="newsroom_bench",
        help="one database per size: <prefix>_<size>",
    )
    parser.add_argument("--redis-db", type=int, default=15)
    parser.add_argument(
        "--wagtail", choices=("on", "off"), default="on",
        help="the Wagtail baseline row (its own venv, .venv/wagtail, installed on first use)",
    )  # fmt: skip
    parser.add_argument(
        "--compare", type=Path, default=None,
        help="another checkout of this project (e.g. `git worktree add /tmp/main main`) served "
        "beside this one on the same database: cache-hit, 304 and cold rows of both",
    )  # fmt: skip
    parser.add_argument(
        "--skip", default="",
        help="comma-separated parts to leave out after the page rows: photos, imports",
    )  # fmt: skip
    parser.add_argument(
        "--import-posts", type=int, default=100_000, help="posts in the import row's export"
    )
    parser.add_argument(
        "--import-media-posts", type=int, default=1_000,
        help="posts in the import row with pictures fetched over HTTP (0: none)",
    )  # fmt: skip
    parser.add_argument(
        "--newsroom", choices=("full", "quick", "none"), default="full",
        help="the working-newsroom load (bench/newsroom.py) at the first size: 60 s per rate "
        "twice (full) or 15 s once (quick)",
    )  # fmt: skip
    args = parser.parse_args()
    for tool in ("wrk", hosting.NGINX):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y wrk nginx")

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    (workdir / "media").mkdir()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    sh("collectstatic", "--noinput", env=env)
    started = datetime.now(UTC)
    report = [
        f"# Benchmark {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"gunicorn 2 sync workers, PostgreSQL, Redis page cache; wrk {args.connections} "
        f"connections, {args.duration}s x {args.rounds} interleaved rounds per row (best "
        f"round shown); {os.cpu_count()} cores shared by server and load generator; load "
        f"average at the start {os.getloadavg()[0]:.1f}.",
        "",
        TARGETS,
        "",
    ]
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            t0 = time.monotonic()
            section = run_size(size, args, env, workdir)
            print(section, flush=True)
            report += [section, f"({time.monotonic() - t0:.0f}s)", ""]
        skip = set(args.skip.split(","))
        if "photos" not in skip:
            # The photo desk's rows (bench/photos.py): renditions, phone bytes, the library.
            ensure_database(f"{args.database}_photos")
            photos = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.photos", "--database-url",
                 f"postgres://postgres@127.0.0.1:5432/{args.database}_photos"],
                cwd=ROOT, env={**env, "DJANGO_MEDIA_ROOT": str(workdir / "media")},
                check=True, text=True, capture_output=True,
            ).stdout  # fmt: skip
            print(photos, flush=True)
            report += [photos, ""]
        if "imports" not in skip:
            # The archive import (bench/imports.py): 100,000 posts into an empty database.
            fresh_database(f"{args.database}_import")
            imports = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.imports", "--posts", str(args.import_posts),
                 "--media-posts", str(args.import_media_posts), "--database-url",
                 f"postgres://postgres@127.0.0.1:5432/{args.database}_import"],
                cwd=ROOT, env={**env, "DJANGO_MEDIA_ROOT": str(workdir / "media")},
                check=True, text=True, capture_output=True,
            ).stdout  # fmt: skip
            print(imports, flush=True)
            report += [imports, ""]
        if args.newsroom != "none":
            from bench import newsroom

            size = int(args.sizes.split(",")[0])
            section = newsroom.run(env, size, args.database, quick=args.newsroom == "quick")
            print(section, flush=True)
            report += [section, ""]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{started:%Y%m%d-%H%M%S}.md"
    out.write_text("\n".join(report))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
