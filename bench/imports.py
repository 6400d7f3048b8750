"""
`make bench` row for the archive import (also `python -m bench.imports`): a generated
WordPress export of N posts (default 100,000; every tenth item an attachment, every post
with a captioned picture, categories, tags and an old slug) imported by
`manage.py import_content` into an empty database, in its own process: wall time, posts/s,
peak RSS of that process, and whether the report's counts match the file.
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Gazette</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>
<wp:author><wp:author_login>desk</wp:author_login>
<wp:author_display_name><![CDATA[The Desk]]></wp:author_display_name></wp:author>
"""

PARAGRAPH = (
    "The council met on Tuesday to discuss the harbour, the ferries and the new tide "
    "tables, and agreed to meet again next month after hearing from residents.\n\n"
)


def write_export(path, posts):
    """Return the number of items written: the posts plus one attachment per ten."""
    items = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, posts + 1):
            day = f"{2000 + number % 24}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            if number % 10 == 0:
                out.write(
                    f"<item><title>Picture {number}</title><wp:post_id>{10**7 + number}"
                    "</wp:post_id><wp:post_type>attachment</wp:post_type>"
                    "<wp:status>inherit</wp:status><wp:attachment_url>https://bench.example/"
                    f"wp-content/uploads/pic-{number}.jpg</wp:attachment_url></item>\n"
                )
                items += 1
            body = (
                f'[caption id="attachment_{10**7 + number}" width="300"]<img src="https://'
                f'bench.example/wp-content/uploads/pic-{number}-300x200.jpg" alt="Pier" /> '
                f"The pier at dawn[/caption]\n\n{PARAGRAPH * 6}"
            )
            out.write(
                f"<item><title>Story number {number}</title>"
                f"<link>https://bench.example/{day.replace('-', '/')}/story-{number}/</link>"
                "<dc:creator>desk</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[The harbour, again.]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date>{day} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{day} 08:00:00</wp:post_date_gmt>"
                f"<wp:post_modified_gmt>{day} 09:00:00</wp:post_modified_gmt>"
                f"<wp:post_name>story-{number}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="s{number % 8}"><![CDATA[Section '
                f"{number % 8}]]></category>"
                f'<category domain="post_tag" nicename="t{number % 50}"><![CDATA[Topic '
                f"{number % 50}]]></category>"
                "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key>"
                f"<wp:meta_value>old-story-{number}</wp:meta_value></wp:postmeta></item>\n"
            )
            items += 1
        out.write("</channel></rss>\n")
    return items


READ_ONLY = """
import resource, sys, time
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from desk.importing.bodies import to_markdown
from desk.importing.wordpress import read_export
started, items = time.monotonic(), 0
for kind, payload in read_export(sys.argv[1], "UTC"):
    if kind == "item":
        items += 1
        to_markdown(payload.content)
print(items, time.monotonic() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def read_only(posts, env):
    """Streaming and converting a whole export without writing: what bounds memory."""
    with tempfile.TemporaryDirectory() as workdir:
        export = Path(workdir) / "export.xml"
        items = write_export(export, posts)
        size_mb = export.stat().st_size / 1e6
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", READ_ONLY, str(export)],
            cwd=ROOT, env=env, check=True, text=True, capture_output=True,
        ).stdout.split()  # fmt: skip
    read, seconds, peak_kb = int(out[0]), float(out[1]), int(out[2])
    return (
        f"| {posts:,} (read and convert only) | {items:,} | {size_mb:.0f} MB | {seconds:.0f} s "
        f"| {posts / seconds:.0f} | {peak_kb / 1024:.0f} MB | {'yes' if read == items else 'no'} |"
    )


def run(posts, database_url, keep_output=False, read_posts=0):
    env = {**os.environ, "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40}
    if database_url:
        env["DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory() as workdir:
        export = Path(workdir) / "export.xml"
        items = write_export(export, posts)
        size_mb = export.stat().st_size / 1e6
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            [*manage, "import_content", str(export)],
            cwd=ROOT, env=env, check=True, text=True, capture_output=True,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = re.search(r"(\d+) items: (\d+) imported, (\d+) updated, (\d+) skipped, (\d+) error",
                       done.stdout)  # fmt: skip
    reported = tuple(int(n) for n in counts.groups()) if counts else None
    matches = reported is not None and reported[0] == items and reported[1] == posts
    lines = [
        "### Archive import (WordPress WXR)",
        "",
        "| posts | items | file | time | posts/s | peak RSS | report counts match |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {posts:,} | {items:,} | {size_mb:.0f} MB | {elapsed:.0f} s | {posts / elapsed:.0f} "
        f"| {peak_mb:.0f} MB | {'yes' if matches else f'no: {reported}'} |",
    ]
    if read_posts:
        lines.append(read_only(read_posts, env))
    if keep_output:
        lines.append(done.stdout[-2000:])
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts imported")
    parser.add_argument(
        "--read-posts", type=int, default=0, help="also stream and convert an export this big"
    )
    parser.add_argument("--database-url", default="", help="an empty database (else SQLite)")
    args = parser.parse_args()
    print(run(args.posts, args.database_url, read_posts=args.read_posts), flush=True)


if __name__ == "__main__":
    sys.exit(main())
