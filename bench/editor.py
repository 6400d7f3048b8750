"""
An editor for bench/newsroom.py: saves a change to a random published article at a fixed
rate, as the desk would (Article.save() in its own transaction), and after each commit
measures how long until every node shows it (the coherence probe).

python -m bench.editor <writes per minute> <seconds> <node url>... ; prints one JSON line.
"""

import json
import os
import random
import sys
import time
import urllib.request


def main():
    rate, seconds, nodes = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from articles.models import Article

    ids = list(Article.objects.published().values_list("pk", flat=True))
    chooser = random.Random(19)  # noqa: S311 - not for security
    visible_ms, saves, stale = [], 0, 0
    end = time.monotonic() + seconds
    next_save = time.monotonic() + (60 / rate if rate else seconds)
    while rate and next_save < end:
        time.sleep(max(0, next_save - time.monotonic()))
        next_save += 60 / rate
        article = Article.objects.get(pk=chooser.choice(ids))
        marker = f"rev{time.time_ns()}"
        article.summary = f"{article.summary.split(' [rev', 1)[0]} [{marker}]"
        article.save()  # autocommit: committed when this returns
        committed = time.perf_counter()
        saves += 1
        url = article.get_absolute_url()
        waiting = set(nodes)
        while waiting and time.perf_counter() - committed < 10:
            for node in list(waiting):
                # One Host for every node, as behind a load balancer (bench/newsroom.py).
                request = urllib.request.Request(node + url, headers={"Host": "localhost"})  # noqa: S310
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    if marker in response.read().decode():
                        waiting.discard(node)
                    else:
                        stale += 1
            if waiting:
                time.sleep(0.005)
        visible_ms.append((time.perf_counter() - committed) * 1000 if not waiting else 10_000)
    print(json.dumps({"saves": saves, "visible_ms": visible_ms, "stale_reads": stale}))


if __name__ == "__main__":
    main()
