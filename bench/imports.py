"""
`make bench` row for the archive import (also `python -m bench.imports`): a generated
WordPress export of N posts (default 100,000; one attachment per ten posts, every post
showing its group's picture in a [caption], categories, tags and an old slug) imported by
`manage.py import_content` into an empty database, in its own process: wall time, posts/s,
peak RSS of that process, and whether the report's counts match the file.

`--media-posts N` adds a row with the pictures: the attachments' files (distinct JPEGs)
served over HTTP on loopback, imported with `--media-from http://…/wp-content/uploads/`;
each picture must be fetched once however many posts and sizes show it, and the library
must end with one photo per attachment (renditions are queued for the worker, as in
production, not made).
"""

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RSS_LIMIT_MB = 300

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
            group = number + (-number % 10)  # the attachment of this post's ten
            body = (
                f'[caption id="attachment_{10**7 + group}" width="300"]<img src="https://'
                f'bench.example/wp-content/uploads/pic-{group}-300x200.jpg" alt="Pier" /> '
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


class _Quiet(SimpleHTTPRequestHandler):
    asked = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).asked.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


def _pictures(folder, posts):
    """One distinct JPEG per attachment (pic-10.jpg, pic-20.jpg, …)."""
    from PIL import Image

    uploads = folder / "wp-content" / "uploads"
    uploads.mkdir(parents=True)
    for number in range(10, posts + 10, 10):
        colour = (number % 251, (number // 251) % 251, (number // 63001) % 251)
        image = Image.new("RGB", (640, 480), colour)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        (uploads / f"pic-{number}.jpg").write_bytes(out.getvalue())
    return len(list(uploads.iterdir()))


def with_media(posts, env):
    """The media row: pictures fetched from the old site's address while importing."""
    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        export = workdir / "export.xml"
        items = write_export(export, posts)
        pictures = _pictures(workdir / "site", posts)
        _Quiet.asked = []
        server = ThreadingHTTPServer(
            ("127.0.0.1", int(os.environ.get("BENCH_IMPORT_MEDIA_PORT", "0"))),
            partial(_Quiet, directory=str(workdir / "site")),
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/"
        # Its own empty database (SQLite in the work folder): the posts' ids are the
        # main row's, which a re-import would rightly leave alone.
        media_env = {
            **env,
            "DATABASE_URL": f"sqlite:///{workdir / 'media.sqlite3'}",
            "NEWSROOM_TASKS_BACKEND": "database",
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=media_env, check=True)  # noqa: S603
        started = time.monotonic()
        try:
            stdout, peak_mb = _measured(
                [*manage, "import_content", str(export), "--media-from", base], media_env
            )
        finally:
            server.shutdown()
            server.server_close()
        elapsed = time.monotonic() - started
        count = "from articles.models import Photo; print(Photo.objects.count())"
        photos = subprocess.run(  # noqa: S603
            [*manage, "shell", "--no-imports", "-c", count],
            cwd=ROOT, env=media_env, check=True, text=True, capture_output=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
    counts = _counts(stdout)
    fetched_once = len(_Quiet.asked) == len(set(_Quiet.asked)) == pictures
    matches = counts is not None and counts[0] == items and counts[1] == posts
    verdict = "yes" if matches and fetched_once and photos == str(pictures) else "no"
    return (
        f"| {posts:,} with pictures from --media-from URL ({pictures:,} files, "
        f"{len(_Quiet.asked):,} fetched, {photos} photos) | {items:,} | — | {elapsed:.0f} s "
        f"| {posts / elapsed:.0f} | {peak_mb:.0f} MB | {verdict} (SQLite) |"
    )


def _measured(command, env):
    """Run a command; its stdout and its own peak RSS in MB (wait4's rusage is the
    child's alone, not the largest of every child so far)."""
    with tempfile.TemporaryFile("w+") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, text=True)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise subprocess.CalledProcessError(child.returncode, command)
        out.seek(0)
        return out.read(), usage.ru_maxrss / 1024


def _counts(stdout):
    found = re.search(r"(\d+) items: (\d+) imported, (\d+) updated, (\d+) skipped, (\d+) error",
                      stdout)  # fmt: skip
    return tuple(int(n) for n in found.groups()) if found else None


def run(posts, database_url, keep_output=False, read_posts=0, media_posts=0):
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
        stdout, peak_mb = _measured([*manage, "import_content", str(export)], env)
        elapsed = time.monotonic() - started
    reported = _counts(stdout)
    matches = reported is not None and reported[0] == items and reported[1] == posts
    lines = [
        "### Archive import (WordPress WXR)",
        "",
        f"Peak RSS is the importing process's own (wait4); target ≤ {RSS_LIMIT_MB} MB.",
        "",
        "| posts | items | file | time | posts/s | peak RSS | report counts match |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {posts:,} | {items:,} | {size_mb:.0f} MB | {elapsed:.0f} s | {posts / elapsed:.0f} "
        f"| {peak_mb:.0f} MB{'' if peak_mb <= RSS_LIMIT_MB else ' (over the target)'} "
        f"| {'yes' if matches else f'no: {reported}'} |",
    ]
    if read_posts:
        lines.append(read_only(read_posts, env))
    if media_posts:
        lines.append(with_media(media_posts, env))
    if keep_output:
        lines.append(stdout[-2000:])
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000, help="posts imported")
    parser.add_argument(
        "--read-posts", type=int, default=0, help="also stream and convert an export this big"
    )
    parser.add_argument(
        "--media-posts",
        type=int,
        default=0,
        help="also import an export this big with its pictures fetched over HTTP",
    )
    parser.add_argument("--database-url", default="", help="an empty database (else SQLite)")
    args = parser.parse_args()
    rows = run(
        args.posts, args.database_url, read_posts=args.read_posts, media_posts=args.media_posts
    )
    print(rows, flush=True)


if __name__ == "__main__":
    sys.exit(main())
