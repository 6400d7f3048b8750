"""The importer over real exports written by other projects (../shared/import-samples/,
described in its README and SOURCES.tsv; read in place, never copied here)."""

import csv
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from articles.models import Article, OldAddress
from desk.importing.importer import Importer

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "import-samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/import-samples")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SAMPLES.is_dir(), reason="the import samples are not here"),
]


def _rows():
    if not SAMPLES.is_dir():
        return []
    with open(SAMPLES / "SOURCES.tsv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def samples():
    return [row for row in _rows() if "wxr" in row["stats"]]


def ids(row):
    return row["local_file"]


@pytest.mark.parametrize("row", samples(), ids=ids)
def test_every_wordpress_sample_imports_without_a_crash_and_every_item_is_accounted_for(row):
    path = SAMPLES / row["local_file"]
    well_formed = row["stats"].startswith("well-formed")

    report = Importer().import_file(path)

    assert report.counts["error"] == 0, report.text()
    if well_formed:
        assert report.items == _items(path), report.text()
        assert not report.problems, report.text()
    else:
        assert any("not well-formed" in problem for problem in report.problems), report.text()

    again = Importer().import_file(path)
    assert again.counts["imported"] == 0, again.text()
    assert again.counts["updated"] == 0, again.text()


FEEDS = sorted((SAMPLES / "feeds").glob("*.xml")) if SAMPLES.is_dir() else []


@pytest.mark.parametrize("path", FEEDS, ids=lambda path: path.name)
def test_every_feed_sample_imports_every_entry_and_a_second_run_creates_nothing(path):
    row = next(r for r in _rows() if r["local_file"] == f"feeds/{path.name}")
    expected = int(row["stats"].rsplit("=", 1)[1])

    report = Importer().import_file(path)

    assert report.items == expected, report.text()
    assert report.counts["error"] == 0, report.text()
    if row["stats"].startswith("well-formed"):
        assert report.problems == [], report.text()
    else:
        assert "not well-formed" in report.problems[0]
    again = Importer().import_file(path)
    assert (again.counts["imported"], again.counts["updated"]) == (0, 0), again.text()


GHOSTS = sorted((SAMPLES / "ghost-samples").glob("*.json")) if SAMPLES.is_dir() else []


@pytest.mark.parametrize("path", GHOSTS, ids=lambda path: path.name)
def test_every_ghost_sample_imports_every_post_and_a_second_run_creates_nothing(path):
    row = next(r for r in _rows() if r["local_file"] == f"ghost-samples/{path.name}")
    expected = int(row["stats"].split("posts=", 1)[1].split(",", 1)[0])

    report = Importer().import_file(path)

    assert report.items == expected, report.text()
    assert report.counts["error"] == 0, report.text()
    assert report.problems == [], report.text()
    again = Importer().import_file(path)
    assert (again.counts["imported"], again.counts["updated"]) == (0, 0), again.text()


def test_foreign_files_among_the_samples_are_reported_not_imported():
    report = Importer().import_file(SAMPLES / "wagtail-wordpress-import" / "raw_html.txt")

    assert report.problems == ["not a WordPress export, Ghost export or feed"]
    assert report.items == 0


def test_the_block_test_data_lands_at_new_addresses_with_its_dates_bylines_and_tags(client):
    path = SAMPLES / "wp-64-block-test-data.xml"
    report = Importer().import_file(path)
    assert report.counts["error"] == 0

    posts = [post for post in _posts(path) if post["status"] == "publish"]
    assert len(posts) == 61
    for post in posts:
        article = Article.objects.get(source_id=post["id"])
        assert article.is_published
        assert article.published_at == post["date_gmt"], post["title"]
        assert [a.slug for a in article.byline_authors] == [post["creator"]]
        assert sorted(t.name for t in article.tags.all()) == sorted({*post["tags"], *post["extra"]})
        assert client.get(article.get_absolute_url()).status_code == 200
        old_link = urlsplit(post["link"]).path
        # /search/ (the "Search" block's post) is this site's search page: reported, kept.
        own = old_link in ("/search/",)
        if own:
            assert f"the old address {old_link} is also one of this site's pages" in report.text()
        for old in [f"/?p={post['id']}"] if own else [old_link, f"/?p={post['id']}"]:
            response = client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == article.get_absolute_url()
    # Two posts share a slug: the second keeps a stable suffix, and both old links work.
    assert OldAddress.objects.count() >= 2 * 61


def _items(path):
    return sum(1 for _ in etree.iterparse(str(path), tag="item"))


def _posts(path):
    tree = etree.parse(str(path))
    ns = {"wp": "http://wordpress.org/export/1.2/", "dc": "http://purl.org/dc/elements/1.1/"}
    for item in tree.getroot().iterfind(".//item"):
        if item.findtext("wp:post_type", namespaces=ns) != "post":
            continue
        categories = [(c.get("domain"), c.text) for c in item.iterfind("category")]
        chosen = [name for domain, name in categories if domain == "category"]
        section = next((n for n in chosen if n.lower() != "uncategorized"), None)
        yield {
            "id": item.findtext("wp:post_id", namespaces=ns),
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "status": item.findtext("wp:status", namespaces=ns),
            "creator": item.findtext("dc:creator", namespaces=ns),
            "date_gmt": datetime.strptime(
                item.findtext("wp:post_date_gmt", namespaces=ns), "%Y-%m-%d %H:%M:%S"
            ).replace(tzinfo=UTC),
            "tags": [name for domain, name in categories if domain == "post_tag"],
            "extra": [n for n in chosen if n != section and n.lower() != "uncategorized"],
        }


def test_the_block_test_datas_pictures_are_in_the_library_with_their_captions(settings, tmp_path):
    import hashlib
    import threading
    from http.server import BaseHTTPRequestHandler

    import lxml.html

    from articles.models import Photo
    from desk.importing.media import media_key
    from tests.factories import photo_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    asked = []

    class OldUploads(BaseHTTPRequestHandler):
        """Any picture of the old site, a different one per original file."""

        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            if not self.path.lower().endswith((".jpg", ".jpeg", ".png")):
                self.send_response(404)
                self.end_headers()
                return
            shade = hashlib.sha256(media_key(self.path).encode()).digest()[:3]
            body = photo_bytes(colour=tuple(shade))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = next(
        (s for s in (_serve(port, OldUploads) for port in range(18170, 18200)) if s), None
    )
    assert server is not None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/"
        path = SAMPLES / "wp-64-block-test-data.xml"
        report = Importer(media_from=base).import_file(path)
    finally:
        server.shutdown()
        server.server_close()
    assert report.counts["error"] == 0

    images = {
        number: url
        for number, url in _attachment_urls(path).items()
        if url.lower().endswith((".jpg", ".jpeg", ".png"))
    }
    wanted_keys = set()
    for post in _posts_with_content(path):
        article = Article.objects.get(source_id=post["id"])
        tree = lxml.html.fragment_fromstring(post["content"] or "<p></p>", create_parent="div")
        pictures = [
            img
            for img in tree.iter("img")
            if (img.get("src") or "").lower().endswith((".jpg", ".jpeg", ".png"))
        ]
        wanted_keys |= {media_key(img.get("src")) for img in pictures}
        # [gallery ids="…"]: one picture per attachment of the export it names.
        in_galleries = [
            images[number]
            for ids in re.findall(r'\[gallery[^\]]*ids="([^"]+)"', post["content"] or "")
            for number in ids.split(",")
            if number.strip() in images
        ]
        wanted_keys |= {media_key(url) for url in in_galleries}
        expected = len(pictures) + len(in_galleries)
        assert article.body.count("](photo:") == expected, post["title"]
        shown = " ".join(
            lxml.html.fragment_fromstring(article.body_html or "<p></p>", create_parent="div")
            .text_content()
            .split()
        )
        for figure in tree.iter("figure"):
            caption = figure.find("figcaption")
            if figure.find(".//img") is not None and caption is not None:
                text = " ".join(caption.text_content().split())
                assert text in shown, (post["title"], text)
    photos = Photo.objects.all()
    assert photos.count() == len(wanted_keys)
    assert photos.exclude(caption="").exists()
    # Each original was fetched once, however many posts and sizes showed it.
    assert len(asked) == len(set(asked))


def _attachment_urls(path):
    tree = etree.parse(str(path))
    ns = {"wp": "http://wordpress.org/export/1.2/"}
    return {
        item.findtext("wp:post_id", namespaces=ns): item.findtext(
            "wp:attachment_url", namespaces=ns
        )
        for item in tree.getroot().iterfind(".//item")
        if item.findtext("wp:post_type", namespaces=ns) == "attachment"
    }


def _serve(port, handler):
    from http.server import ThreadingHTTPServer

    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        return None


def _posts_with_content(path):
    tree = etree.parse(str(path))
    ns = {
        "wp": "http://wordpress.org/export/1.2/",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    for item in tree.getroot().iterfind(".//item"):
        if item.findtext("wp:post_type", namespaces=ns) != "post":
            continue
        if item.findtext("wp:status", namespaces=ns) != "publish":
            continue
        yield {
            "id": item.findtext("wp:post_id", namespaces=ns),
            "title": item.findtext("title"),
            "content": item.findtext("content:encoded", namespaces=ns),
        }
