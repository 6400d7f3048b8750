"""Where a cold page's time goes: cProfile over the WSGI application, in this process, with
the page cache off. Not a test, and not in `make bench`'s tables: a tool for the person
making pages faster.

    NEWSROOM_PAGE_CACHE_SECONDS=0 DATABASE_URL=... DJANGO_SECRET_KEY=... \
        .venv/bin/python -m bench.profile /articles/<slug>/ / /sections/<slug>/ [--requests 300]

Prints, per path, the time per request and the functions taking the most of it
(cumulative and own time). `--invalidate article-12` makes that name stale before every
request: the page as drawn after an edit of what it shows (its remembered parts redone).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from wsgiref.util import setup_testing_defaults

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def environ_for(path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1"}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "127.0.0.1"
    return environ


def call(application, path):
    statuses = []
    body = application(environ_for(path), lambda status, headers: statuses.append(status))
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return statuses[0], content


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--wsgi", default="newsroom.wsgi")
    parser.add_argument("--invalidate", action="append", default=[], metavar="NAME")
    args = parser.parse_args()
    module = __import__(args.wsgi, fromlist=["application"])
    application = module.application
    if args.invalidate:
        from pagecache.dependencies import invalidate

        plain = application

        def application(environ, start_response):
            invalidate(args.invalidate)  # outside a transaction: at once
            return plain(environ, start_response)

    for path in args.paths:
        for _ in range(20):  # warm: connections, templates, remembered values
            status, content = call(application, path)
        print(f"## {path}: {status}, {len(content):,} bytes")
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            call(application, path)
        plain_ms = (time.perf_counter() - started) * 1000 / args.requests
        # This process's CPU alone: steadier than wall time on shared cores (it leaves out
        # waiting for PostgreSQL and Redis, and their work).
        cpu_ms = (time.process_time() - cpu) * 1000 / args.requests
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            call(application, path)
        profiler.disable()
        print(f"{plain_ms:.2f} ms per request without the profiler ({cpu_ms:.2f} ms CPU)\n")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
            stats.print_stats(args.top)
            print(out.getvalue().split("\n", 4)[-1])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
