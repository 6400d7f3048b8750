"""manage.py import_content's mapping files (--author-map, --section-map) and pictures
(--media-from a folder or the old site's address, attachments, galleries)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, Author, OldAddress, Photo, Section
from tests.factories import make_author, make_section, photo_bytes

from .test_importing import export, item, run

pytestmark = pytest.mark.django_db

SITE = "https://gazette.example/wp-content/uploads"


def attachment(post_id, path, *, parent=0, caption="", alt="", credit="", copyright_=""):
    packed = (
        'a:1:{s:10:"image_meta";a:3:{'
        f's:6:"credit";s:{len(credit.encode())}:"{credit}";'
        f's:9:"copyright";s:{len(copyright_.encode())}:"{copyright_}";'
        f's:7:"caption";s:0:"";}}}}'
    )
    return f"""<item><title>pic {post_id}</title>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{SITE}/{path}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key>
<wp:meta_value><![CDATA[{packed}]]></wp:meta_value></wp:postmeta>
</item>
"""


def csv_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- --author-map ------------------------------------------------------------------------


def test_the_author_map_puts_old_logins_on_existing_authors_and_users(tmp_path):
    desk = make_author(name="The Desk", slug="the-desk")
    user = get_user_model().objects.create_user("bokafor", first_name="Ben", last_name="Okafor")
    authors = csv_file(tmp_path, "authors.csv", "login,author\namira,the-desk\nben,bokafor\n")
    co_authored = item(
        2,
        "Two bylines",
        "two-bylines",
        extra='<category domain="author" nicename="cap-amira"><![CDATA[Amira]]></category>'
        '<category domain="author" nicename="cap-ben"><![CDATA[Ben]]></category>',
    )

    output = run(export(tmp_path, item(), co_authored), "--author-map", authors)

    assert "2 items: 2 imported" in output
    assert list(Article.objects.get(source_id="1").byline_authors) == [desk]
    ben = Author.objects.get(user=user)
    assert ben.name == "Ben Okafor"
    assert list(Article.objects.get(source_id="2").byline_authors) == [desk, ben]
    assert not Author.objects.filter(slug="amira").exists()


def test_an_author_map_naming_nobody_is_reported_once_and_the_login_imports_as_before(tmp_path):
    authors = csv_file(tmp_path, "authors.csv", "amira,nobody-here\nbad,row,three\n")

    output = run(export(tmp_path, item()), "--author-map", authors)

    assert output.count("--author-map line 1: no author or user “nobody-here” for “amira”") == 1
    assert "--author-map line 2: more than two columns" in output
    assert "1 items: 1 imported" in output
    assert [a.slug for a in Article.objects.get().byline_authors] == ["amira"]


def test_a_dry_run_with_an_author_map_to_a_user_creates_no_author(tmp_path):
    get_user_model().objects.create_user("bokafor")
    authors = csv_file(tmp_path, "authors.csv", "amira,bokafor\n")

    run(export(tmp_path, item()), "--author-map", authors, "--dry-run")

    assert not Author.objects.exists()


def test_an_unreadable_map_file_is_a_problem_in_the_report_not_a_crash(tmp_path):
    output = run(export(tmp_path, item()), "--author-map", tmp_path / "missing.csv")

    assert "--author-map" in output and "cannot be read" in output
    assert Article.objects.count() == 1


# --- --section-map -----------------------------------------------------------------------


def test_the_section_map_decides_sections_and_unmapped_categories_become_tags(tmp_path):
    city = make_section(name="City", slug="city")
    sections = csv_file(tmp_path, "sections.csv", "category,section\ncouncil,city\n")

    output = run(export(tmp_path, item()), "--section-map", sections)

    assert "1 items: 1 imported" in output
    article = Article.objects.get()
    # Politics comes first in the item, but only Council is mapped: Politics is a tag.
    assert article.section == city
    assert sorted(t.name for t in article.tags.all()) == ["Harbour", "Politics"]
    assert not Section.objects.filter(slug="politics").exists()


def test_a_section_map_to_a_new_name_creates_that_section_and_its_archive_redirects(
    tmp_path, client
):
    sections = csv_file(tmp_path, "sections.csv", "Politics,Public affairs\n")
    archive = (
        "<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>politics"
        "</wp:category_nicename><wp:category_parent></wp:category_parent>"
        "<wp:cat_name><![CDATA[Politics]]></wp:cat_name></wp:category>"
    )

    run(export(tmp_path, archive + item()), "--section-map", sections)

    section = Section.objects.get(name="Public affairs")
    assert Article.objects.get().section == section
    assert OldAddress.objects.get(path="/category/politics/").section == section
    response = client.get("/category/politics/")
    assert response.status_code == 301
    assert response["Location"] == section.get_absolute_url()


def test_a_category_mapped_to_nothing_is_kept_as_a_tag(tmp_path):
    sections = csv_file(tmp_path, "sections.csv", "politics,\ncouncil,\n")

    run(export(tmp_path, item()), "--section-map", sections)

    article = Article.objects.get()
    assert article.section is None
    assert sorted(t.name for t in article.tags.all()) == ["Council", "Harbour", "Politics"]


# --- --media-from --------------------------------------------------------------------------


class _Pictures(BaseHTTPRequestHandler):
    files = {}
    asked = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).asked.append(self.path)
        body = type(self).files.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    """The old site's uploads folder over HTTP on loopback (issue 17's ports)."""
    _Pictures.files, _Pictures.asked = {}, []
    server = None
    for port in range(18170, 18200):
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _Pictures)
            break
        except OSError:
            continue
    assert server is not None, "no free port in 18170-18199"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Pictures, f"http://127.0.0.1:{server.server_address[1]}/wp-content/uploads/"
    server.shutdown()
    server.server_close()


def test_pictures_are_fetched_once_from_the_old_sites_address_whatever_address_they_had(
    tmp_path, settings, old_site
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pictures, base = old_site
    pictures.files["/wp-content/uploads/2012/07/pier.jpg"] = photo_bytes()
    same_bytes = photo_bytes()
    pictures.files["/wp-content/uploads/2012/07/pier-copy.jpg"] = same_bytes
    content = (
        f'<img src="{SITE}/2012/07/pier-300x200.jpg" alt="The pier">\n\n'
        # Jetpack's CDN address and a query string: the same original.
        '<img src="https://i0.wp.com/gazette.example/wp-content/uploads/2012/07/pier.jpg'
        '?resize=640%2C480">\n\n'
        '<img src="https://gazette.files.wordpress.com/2012/07/pier.jpg?w=300">\n\n'
        # Another address holding the same bytes: one photo, by content hash.
        f'<img src="{SITE}/2012/07/pier-copy.jpg">'
    )
    second = item(2, "Again", "again", content=f'<img src="{SITE}/2012/07/pier-1024x768.jpg">')

    output = run(export(tmp_path, item(content=content), second), "--media-from", base)

    assert "2 items: 2 imported" in output
    photo = Photo.objects.get()
    assert photo.alt_text == "The pier"
    assert pictures.asked.count("/wp-content/uploads/2012/07/pier.jpg") == 1
    assert pictures.asked.count("/wp-content/uploads/2012/07/pier-copy.jpg") == 1
    assert all(f"photo:{photo.pk}" in a.body for a in Article.objects.all())
    assert "kept as links" not in output


def test_a_missing_picture_is_reported_and_its_article_still_imports(tmp_path, settings, old_site):
    settings.MEDIA_ROOT = tmp_path / "media"
    pictures, base = old_site
    content = f'<img src="{SITE}/2012/07/gone.jpg" alt="Lost">\n\nThe text.'

    output = run(export(tmp_path, item(content=content)), "--media-from", base)

    assert "1 items: 1 imported" in output
    assert "1 picture(s) kept as links (not found at the --media-from address)" in output
    assert "gone.jpg" in output
    article = Article.objects.get()
    assert "gone.jpg" in article.body and "The text." in article.body
    assert not Photo.objects.exists()


def test_a_file_that_is_not_a_picture_is_reported_not_a_crash(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads" / "2012" / "07"
    uploads.mkdir(parents=True)
    (uploads / "evil.jpg").write_bytes(b"<html><script>alert(1)</script></html>")
    content = f'<img src="{SITE}/2012/07/evil.jpg">'

    output = run(export(tmp_path, item(content=content)), "--media-from", tmp_path / "uploads")

    assert "1 items: 1 imported" in output
    assert "refused: evil.jpg is SVG or HTML" in output
    assert not Photo.objects.exists()


def test_an_attachments_caption_alt_and_credit_go_into_the_library(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads" / "2012" / "07"
    uploads.mkdir(parents=True)
    (uploads / "ferry.jpg").write_bytes(photo_bytes())
    # The post comes before its attachment in the file: the first pass finds it anyway.
    body = (
        '<!-- wp:image {"id":70} --><figure class="wp-block-image"><img src="'
        f'{SITE}/2012/07/ferry-300x200.jpg" class="wp-image-70"/></figure><!-- /wp:image -->'
    )
    pic = attachment(
        70,
        "2012/07/ferry.jpg",
        caption="The morning ferry",
        alt="A ferry leaving the harbour",
        credit="Jo Lee/Gazette",
        copyright_="© Gazette",
    )

    run(export(tmp_path, item(content=body), pic), "--media-from", tmp_path / "uploads")

    photo = Photo.objects.get()
    assert photo.caption == "The morning ferry"
    assert photo.alt_text == "A ferry leaving the harbour"
    assert photo.credit_line == "Jo Lee/Gazette"
    assert photo.copyright_notice == "© Gazette"
    html = Article.objects.get().body_html
    assert "The morning ferry" in html and "Jo Lee/Gazette" in html


def test_gallery_shortcodes_and_gutenberg_galleries_become_library_pictures_with_captions(
    tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads" / "2012" / "07"
    uploads.mkdir(parents=True)
    colours = {"a": (200, 40, 40), "b": (40, 200, 40), "c": (40, 40, 200), "d": (20, 20, 20)}
    for name, colour in colours.items():
        (uploads / f"{name}.jpg").write_bytes(photo_bytes(colour=colour))
    pics = [
        attachment(11, "2012/07/a.jpg", parent=1, caption="First of the set"),
        attachment(12, "2012/07/b.jpg", parent=1, caption="Second of the set"),
        attachment(13, "2012/07/c.jpg", parent=2, caption="By id"),
    ]
    classic = item(1, content='Before.\n\n[gallery columns="2"]\n\nAfter.')
    by_ids = item(2, "Ids", "ids", content='[gallery ids="13,99"]')
    block = item(
        3,
        "Block",
        "block",
        content=(
            '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images">'
            '<!-- wp:image {"id":11} --><figure class="wp-block-image"><img src="'
            f'{SITE}/2012/07/a.jpg" alt="" class="wp-image-11"/><figcaption>Own caption'
            "</figcaption></figure><!-- /wp:image --><!-- wp:image --><figure "
            f'class="wp-block-image"><img src="{SITE}/2012/07/d.jpg" alt=""/></figure>'
            "<!-- /wp:image --><figcaption>Gallery caption</figcaption></figure>"
            "<!-- /wp:gallery -->"
        ),
    )

    output = run(
        export(tmp_path, classic, by_ids, block, *pics), "--media-from", tmp_path / "uploads"
    )

    assert "6 items: 3 imported, 0 updated, 3 skipped" in output
    assert Photo.objects.count() == 4  # a.jpg twice (gallery and block) is one photo
    first = Article.objects.get(source_id="1")
    assert first.body.index("Before.") < first.body.index("photo:") < first.body.index("After.")
    assert first.body.count("photo:") == 2
    assert "First of the set" in first.body_html and "Second of the set" in first.body_html
    by_id = Article.objects.get(source_id="2")
    assert by_id.body.count("photo:") == 1 and "By id" in by_id.body_html
    assert "gallery picture(s) not in the export: attachment 99" in output
    gallery = Article.objects.get(source_id="3")
    assert gallery.body.count("photo:") == 2
    assert "Own caption" in gallery.body_html and "Gallery caption" in gallery.body_html


def test_a_media_folder_that_is_not_there_is_reported_once(tmp_path):
    content = f'<img src="{SITE}/2012/07/pier.jpg">'

    output = run(export(tmp_path, item(content=content)), "--media-from", tmp_path / "nowhere")

    assert output.count("is not a folder: pictures stay links") == 1
    assert "1 items: 1 imported" in output
