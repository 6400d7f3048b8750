"""manage.py import_content on the project's own small WordPress exports."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, OldAddress, Photo, Revision, Section
from desk.importing.bodies import to_markdown, wpautop
from desk.importing.importer import Importer
from tests.factories import make_article, photo_bytes

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel><title>Old Gazette</title><link>https://gazette.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://gazette.example</wp:base_blog_url>
<wp:author><wp:author_login>amira</wp:author_login>
<wp:author_display_name><![CDATA[Amira Haddad]]></wp:author_display_name></wp:author>
<wp:author><wp:author_login>ben</wp:author_login>
<wp:author_display_name><![CDATA[Ben Okafor]]></wp:author_display_name></wp:author>
"""
FOOT = "</channel></rss>"


def item(
    post_id=1,
    title="Staying the course",
    slug="staying-the-course",
    status="publish",
    date_gmt="2012-07-09 08:30:00",
    date="2012-07-09 10:30:00",
    modified_gmt="2012-07-10 12:00:00",
    modified="2012-07-10 14:00:00",
    content="First paragraph.\n\nSecond paragraph.",
    excerpt="The council holds its line.",
    post_type="post",
    extra="",
):
    return f"""<item><title><![CDATA[{title}]]></title>
<link>https://gazette.example/2012/07/09/{slug}/</link>
<dc:creator><![CDATA[amira]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:post_modified>{modified}</wp:post_modified><wp:post_modified_gmt>{modified_gmt}</wp:post_modified_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
<category domain="category" nicename="politics"><![CDATA[Politics]]></category>
<category domain="category" nicename="council"><![CDATA[Council]]></category>
<category domain="post_tag" nicename="harbour"><![CDATA[Harbour]]></category>
{extra}</item>
"""


def export(tmp_path, *items, ns="http://wordpress.org/export/1.2/", name="export.xml"):
    path = tmp_path / name
    path.write_text(HEAD.format(ns=ns) + "".join(items) + FOOT, encoding="utf-8")
    return path


def run(*args):
    out = StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_published_post_becomes_a_published_article_with_its_dates_and_filing(tmp_path):
    output = run(export(tmp_path, item()))

    assert "1 items: 1 imported, 0 updated, 0 skipped, 0 error" in output
    article = Article.objects.get()
    assert article.title == "Staying the course"
    assert article.slug == "staying-the-course"
    assert article.published_at == datetime(2012, 7, 9, 8, 30, tzinfo=UTC)
    assert article.last_updated == datetime(2012, 7, 10, 12, 0, tzinfo=UTC)
    assert article.summary == "The council holds its line."
    assert article.section == Section.objects.get(slug="politics")
    # The extra category becomes a tag beside the post's own tags.
    assert sorted(tag.name for tag in article.tags.all()) == ["Council", "Harbour"]
    assert [author.name for author in article.byline_authors] == ["Amira Haddad"]
    assert article.is_published
    assert (article.source, article.source_id) == ("wordpress:gazette.example", "1")
    assert "<p>First paragraph.</p>" in article.body_html


def test_the_import_is_one_revision_saying_where_it_came_from(tmp_path):
    run(export(tmp_path, item()))

    revision = Revision.objects.get()
    assert revision.note.startswith("Imported from export.xml")
    assert revision.snapshot["title"] == "Staying the course"


def test_statuses_map_to_published_scheduled_and_draft_and_private_posts_are_skipped(tmp_path):
    path = export(
        tmp_path,
        item(1, "Live", "live"),
        item(2, "Later", "later", status="future", date_gmt="2099-01-01 00:00:00"),
        item(3, "Unfinished", "unfinished", status="draft", date_gmt="0000-00-00 00:00:00"),
        item(4, "Pending", "pending", status="pending"),
        item(5, "Secret", "secret", status="private"),
        item(6, "Binned", "binned", status="trash"),
    )

    output = run(path)

    assert "6 items: 4 imported, 0 updated, 2 skipped, 0 error" in output
    assert "“Secret” — private post: not imported" in output
    assert "“Binned” — in the trash: not imported" in output
    assert Article.objects.get(slug="live").status == Article.Status.PUBLISHED
    assert Article.objects.get(slug="later").status == Article.Status.SCHEDULED
    assert Article.objects.get(slug="unfinished").status == Article.Status.DRAFT
    assert Article.objects.get(slug="pending").published_at is None


def test_a_zero_gmt_date_falls_back_to_the_local_date_in_the_exports_zone(tmp_path):
    path = export(tmp_path, item(date_gmt="0000-00-00 00:00:00", date="2012-07-09 10:30:00"))

    output = run(path, "--timezone", "Europe/Berlin")

    assert Article.objects.get().published_at == datetime(2012, 7, 9, 8, 30, tzinfo=UTC)
    assert "post_date_gmt is zero: the local date was read in Europe/Berlin" in output


def test_a_published_post_with_no_date_at_all_is_skipped_with_its_reason(tmp_path):
    path = export(tmp_path, item(date_gmt="0000-00-00 00:00:00", date="0000-00-00 00:00:00"))

    output = run(path)

    assert "published without a usable date" in output
    assert not Article.objects.exists()


def test_an_item_without_a_title_is_skipped_and_the_rest_imports(tmp_path):
    output = run(export(tmp_path, item(1, title=""), item(2, "Kept", "kept")))

    assert "2 items: 1 imported, 0 updated, 1 skipped, 0 error" in output
    assert "#1 “(no title)” — no headline" in output
    assert Article.objects.get().slug == "kept"


def test_a_taken_slug_gets_a_stable_suffix_and_is_reported(tmp_path):
    make_article(slug="staying-the-course")
    path = export(tmp_path, item(post_id=42))

    output = run(path)
    run(path)

    imported = Article.objects.get(source_id="42")
    assert imported.slug == "staying-the-course-42"
    assert "slug “staying-the-course” is taken, imported as “staying-the-course-42”" in output
    assert Article.objects.count() == 2


def test_a_second_run_creates_nothing_and_a_changed_source_updates_only_that_article(tmp_path):
    run(export(tmp_path, item(1, "One", "one"), item(2, "Two", "two")))

    again = run(export(tmp_path, item(1, "One", "one"), item(2, "Two", "two")))
    assert "2 items: 0 imported, 0 updated, 2 skipped, 0 error" in again
    assert "unchanged since the last import" in again

    changed = run(
        export(
            tmp_path,
            item(1, "One", "one"),
            item(2, "Two, revised", "two", modified_gmt="2013-01-01 00:00:00"),
        )
    )
    assert "2 items: 0 imported, 1 updated, 1 skipped, 0 error" in changed
    assert Article.objects.count() == 2
    two = Article.objects.get(source_id="2")
    assert two.title == "Two, revised"
    assert two.last_updated == datetime(2013, 1, 1, tzinfo=UTC)
    assert two.revisions.count() == 2
    assert Article.objects.get(source_id="1").revisions.count() == 1


def test_the_desks_edits_are_not_overwritten_without_overwrite(tmp_path):
    run(export(tmp_path, item()))
    article = Article.objects.get()
    article.title = "Staying the course, says the mayor"
    article.save()
    changed = export(tmp_path, item(title="New old title", modified_gmt="2014-01-01 00:00:00"))

    kept = run(changed)
    assert "changed on the desk since the import" in kept
    assert Article.objects.get().title == "Staying the course, says the mayor"

    run(changed, "--overwrite")
    assert Article.objects.get().title == "New old title"


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    output = run(export(tmp_path, item()), "--dry-run")

    assert "1 imported" in output
    assert "Dry run: nothing was written." in output
    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_wxr_1_0_and_wordpress_coms_https_namespace_are_read(tmp_path):
    run(
        export(tmp_path, item(1, "Old", "old"), ns="http://wordpress.org/export/1.0/", name="a.xml")
    )
    run(
        export(
            tmp_path, item(2, "New", "new"), ns="https://wordpress.org/export/1.2/", name="b.xml"
        )
    )

    assert set(Article.objects.values_list("slug", flat=True)) == {"old", "new"}


def test_a_not_well_formed_file_is_reported_and_what_can_be_read_imports(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(
        HEAD.format(ns="http://wordpress.org/export/1.2/") + item() + "<item><title>Cut",
        encoding="utf-8",
    )

    output = run(path)

    assert "not well-formed XML" in output
    assert Article.objects.filter(slug="staying-the-course").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (
            b"<html><body>Not an export</body></html>",
            "not a WordPress export, Ghost export or feed",
        ),
        (b"just some text", "not a WordPress export, Ghost export or feed"),
    ],
)
def test_an_empty_or_foreign_file_is_reported_and_nothing_imports(tmp_path, content, message):
    path = tmp_path / "file.xml"
    path.write_bytes(content)

    output = run(path)

    assert message in output
    assert not Article.objects.exists()


def test_a_missing_file_is_reported_and_the_next_one_still_imports(tmp_path):
    output = run(tmp_path / "nowhere.xml", export(tmp_path, item()))

    assert "no such file" in output
    assert Article.objects.count() == 1


def test_one_failing_item_is_an_error_line_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from desk.importing import importer

    original = importer.Importer._authors

    def failing(self, item, export):
        if item.post_id == "2":
            raise RuntimeError("the byline broke")
        return original(self, item, export)

    monkeypatch.setattr(importer.Importer, "_authors", failing)

    output = run(export(tmp_path, item(1, "One", "one"), item(2, "Two", "two")))

    assert "2 items: 1 imported, 0 updated, 0 skipped, 1 error" in output
    assert "RuntimeError: the byline broke" in output
    assert list(Article.objects.values_list("slug", flat=True)) == ["one"]
    assert not OldAddress.objects.filter(path="/2012/07/09/two/").exists()


def test_scripts_and_event_handlers_never_reach_readers(tmp_path):
    content = (
        '<p onclick="steal()">Hello</p><script>alert(1)</script><img src="x" onerror="boom()">'
    )
    run(export(tmp_path, item(content=content)))

    html = Article.objects.get().body_html
    assert "Hello" in html
    assert "script" not in html
    assert "onclick" not in html
    assert "onerror" not in html


def test_co_authors_plus_terms_make_an_ordered_byline(tmp_path):
    extra = (
        '<category domain="author" nicename="cap-ben"><![CDATA[Ben Okafor]]></category>'
        '<category domain="author" nicename="cap-amira"><![CDATA[Amira Haddad]]></category>'
    )
    run(export(tmp_path, item(extra=extra)))

    assert [a.name for a in Article.objects.get().byline_authors] == ["Ben Okafor", "Amira Haddad"]


# Old addresses


def test_old_permalinks_answer_a_301_to_the_new_address_in_one_hop(client, tmp_path):
    extra = (
        "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key>"
        "<wp:meta_value>first-draft-title</wp:meta_value></wp:postmeta>"
    )
    run(export(tmp_path, item(post_id=123, extra=extra)))
    article = Article.objects.get()

    for old in (
        "/2012/07/09/staying-the-course/",
        "/?p=123",
        "/2012/07/09/first-draft-title/",
        "/2012/07/09/staying-the-course",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == article.get_absolute_url()
        assert client.get(response["Location"]).status_code == 200


def test_an_old_address_follows_a_later_rename_in_one_hop(client, tmp_path):
    run(export(tmp_path, item()))
    article = Article.objects.get()
    article.slug = "the-course-held"
    article.save()

    response = client.get("/2012/07/09/staying-the-course/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/the-course-held/"


def test_an_old_address_is_answered_again_from_the_page_cache(client, tmp_path, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    run(export(tmp_path, item()))

    first = client.get("/2012/07/09/staying-the-course/")
    second = client.get("/2012/07/09/staying-the-course/")

    assert first.status_code == second.status_code == 301
    assert second["Location"] == first["Location"] == "/articles/staying-the-course/"
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")


def test_unknown_paths_and_unknown_post_ids_are_still_404(client, tmp_path):
    run(export(tmp_path, item()))

    assert client.get("/2012/07/09/never-was/").status_code == 404
    assert client.get("/?p=999").status_code == 404
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/").status_code == 200


# Bodies


def test_classic_editor_text_gets_its_paragraphs_and_line_breaks():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>"
    assert "<p><ul>" not in wpautop("Intro\n\n<ul>\n<li>a</li>\n</ul>")


def test_captions_in_both_forms_become_pictures_with_their_captions():
    new = to_markdown(
        '[caption id="attachment_7" width="300"]'
        '<img src="/a.jpg" alt="Pier" /> Ferries at dawn[/caption]'
    )
    old = to_markdown(
        '[caption id="attachment_8" caption="Gulls" width="300"]'
        '<img src="/b.jpg" alt="" />[/caption]'
    )

    assert new.pictures[0].caption == "Ferries at dawn"
    assert new.pictures[0].alt == "Pier"
    assert old.pictures[0].caption == "Gulls"


def test_embeds_are_kept_as_links_never_dropped():
    block = to_markdown(
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "https://www.youtube.com/watch?v=abc</div></figure><!-- /wp:embed -->"
    )
    classic = to_markdown(
        "Look:\n\nhttps://twitter.com/x/status/1\n\n[embed]https://vimeo.com/1[/embed]"
    )
    frame = to_markdown('<iframe src="https://maps.example/embed"></iframe>')

    assert "https://www.youtube.com/watch?v=abc" in block.markdown
    assert "https://twitter.com/x/status/1" in classic.markdown
    assert "https://vimeo.com/1" in classic.markdown
    assert "https://maps.example/embed" in frame.markdown
    assert frame.problems == ["embedded frame kept as a link: https://maps.example/embed"]


def test_unknown_shortcodes_are_reported():
    body = to_markdown('[contact-form id="3"]')

    assert body.problems == ["shortcode [contact-form] not converted (kept as text)"]


def test_pictures_found_in_media_from_go_into_the_library_with_their_captions(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads" / "2012" / "07"
    uploads.mkdir(parents=True)
    (uploads / "pier.jpg").write_bytes(photo_bytes())
    content = (
        '[caption id="attachment_7" width="300"]<img src="https://gazette.example/wp-content/'
        'uploads/2012/07/pier-300x200.jpg" alt="Two ferries" /> Ferries at dawn[/caption]\n\n'
        '<img src="https://gazette.example/wp-content/uploads/2012/07/gone.jpg" alt="Lost">'
    )

    output = run(export(tmp_path, item(content=content)), "--media-from", tmp_path / "uploads")

    photo = Photo.objects.get()
    assert photo.caption == "Ferries at dawn"
    assert photo.alt_text == "Two ferries"
    article = Article.objects.get()
    assert f"photo:{photo.pk}" in article.body
    assert "<figcaption" in article.body_html
    assert "gone.jpg" in article.body  # kept as a link
    assert "1 picture(s) kept as links (not in the --media-from folder)" in output


def test_the_importer_reports_count_every_item(tmp_path):
    report = Importer().import_file(
        export(
            tmp_path, item(1, "A", "a"), item(2, "B", "b", post_type="attachment"), item(3, "", "c")
        )
    )

    assert report.items == 3
    assert report.counts == {"imported": 1, "updated": 0, "skipped": 2, "error": 0}


# Fidelity: the Markdown, rendered as readers get it, keeps the source's text and structure.

STRUCTURAL = ("table", "tr", "th", "td", "ul", "ol", "li", "em", "strong", "blockquote", "a")


def _shape(html):
    import lxml.html

    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for figure_only in tree.xpath("//figure|//cite"):
        figure_only.drop_tag()
    tags = [element.tag for element in tree.iter(*STRUCTURAL)]
    headings = len(tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6"))
    return tags, headings, " ".join(" ".join(t.split()) for t in tree.itertext() if t.strip())


@pytest.mark.parametrize(
    "source",
    [
        "<table><thead><tr><th>Year</th><th>Ferries</th></tr></thead>"
        "<tbody><tr><td>2011</td><td>4</td></tr></tbody></table>",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
        '<ol start="3"><li>x<ol><li>y</li></ol></li><li>z</li></ol>',
        "<p>Use 2*3 and <em>really</em> a_b_c, not <strong>*this*</strong>.</p>",
        '<blockquote><p>Said it.</p></blockquote><h3>Sub</h3><p><a href="https://e.x/">A</a></p>',
    ],
)
def test_converted_bodies_render_with_the_sources_text_and_structure(source):
    from articles.markdown import render_markdown

    rendered = render_markdown(to_markdown(source).markdown)

    assert _shape(rendered) == _shape(source)


def test_formatting_markdown_cannot_write_is_reported_and_its_text_kept():
    body = to_markdown("<p>H<sub>2</sub>O and a note<sup>1</sup>, <del>gone</del>.</p>")

    assert body.markdown == "H2O and a note1, gone."
    assert body.problems == ["no Markdown form for <del>, <sub>, <sup>: text kept"]


# Feeds


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Gazette</title><link>https://gazette.example/</link>
<item><title>Harbour reopens</title><link>https://gazette.example/news/harbour-reopens.html</link>
<guid>https://gazette.example/?p=77</guid><pubDate>Mon, 09 Jul 2012 08:30:00 +0200</pubDate>
<dc:creator>Amira Haddad</dc:creator><category>Harbour</category>
<description>&lt;p&gt;The ferries are back.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title>
<link href="https://gazette.example/"/><id>urn:gazette</id><updated>2012-07-10T00:00:00Z</updated>
<entry><title>Tide tables</title><link href="https://gazette.example/tide-tables/"/>
<id>urn:gazette:1</id><published>2012-07-09T06:30:00Z</published><updated>2012-07-10T12:00:00Z</updated>
<author><name>Ben Okafor</name></author><author><name>Amira Haddad</name></author>
<category term="Sea"/><content type="html">&lt;p&gt;High water at noon.&lt;/p&gt;</content></entry>
</feed>"""


def test_an_rss_feed_imports_its_items_and_says_a_feed_holds_only_the_latest(tmp_path, client):
    path = tmp_path / "feed.xml"
    path.write_text(RSS)

    output = run(path)

    assert "1 items: 1 imported" in output
    assert "a feed holds only the site's latest items" in output
    article = Article.objects.get()
    assert article.slug == "harbour-reopens"
    assert article.published_at == datetime(2012, 7, 9, 6, 30, tzinfo=UTC)
    assert [t.name for t in article.tags.all()] == ["Harbour"]
    assert [a.name for a in article.byline_authors] == ["Amira Haddad"]
    assert "The ferries are back." in article.body_html
    assert client.get("/news/harbour-reopens.html")["Location"] == article.get_absolute_url()
    assert "0 imported, 0 updated, 1 skipped" in run(path)


def test_an_atom_feed_imports_with_its_dates_and_ordered_authors(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM)

    run(path)

    article = Article.objects.get()
    assert article.published_at == datetime(2012, 7, 9, 6, 30, tzinfo=UTC)
    assert article.last_updated == datetime(2012, 7, 10, 12, 0, tzinfo=UTC)
    assert [a.name for a in article.byline_authors] == ["Ben Okafor", "Amira Haddad"]
    assert article.source == "feed:gazette.example"


# Ghost


def ghost_export(tmp_path, **post):
    import json

    base = {
        "id": "a1",
        "title": "Tide tables",
        "slug": "tide-tables",
        "status": "published",
        "type": "post",
        "published_at": "2019-05-01T06:00:00.000Z",
        "updated_at": "2019-05-02T07:00:00.000Z",
        "custom_excerpt": "High water at noon.",
        "html": '<p>See <a href="__GHOST_URL__/harbour/">the harbour</a>.</p>',
    }
    data = {
        "posts": [{**base, **post}],
        "users": [
            {"id": "u1", "name": "Ben Okafor", "slug": "ben"},
            {"id": "u2", "name": "Amira Haddad", "slug": "amira"},
        ],
        "tags": [
            {"id": "t1", "name": "Sea", "slug": "sea"},
            {"id": "t2", "name": "#hidden", "slug": "hash-hidden"},
            {"id": "t3", "name": "Harbour", "slug": "harbour"},
        ],
        "posts_tags": [
            {"post_id": "a1", "tag_id": "t2", "sort_order": 0},
            {"post_id": "a1", "tag_id": "t3", "sort_order": 2},
            {"post_id": "a1", "tag_id": "t1", "sort_order": 1},
        ],
        "posts_authors": [
            {"post_id": "a1", "author_id": "u2", "sort_order": 1},
            {"post_id": "a1", "author_id": "u1", "sort_order": 0},
        ],
        "settings": [{"key": "url", "value": "https://gazette.example"}],
    }
    path = tmp_path / "ghost.json"
    path.write_text(json.dumps({"db": [{"meta": {"version": "5.0.0"}, "data": data}]}))
    return path


def test_a_ghost_export_imports_with_ordered_authors_public_tags_and_relative_links(
    tmp_path, client
):
    run(ghost_export(tmp_path))

    article = Article.objects.get()
    assert article.source == "ghost:gazette.example"
    assert [a.name for a in article.byline_authors] == ["Ben Okafor", "Amira Haddad"]
    assert sorted(t.name for t in article.tags.all()) == ["Harbour", "Sea"]
    assert article.summary == "High water at noon."
    assert article.published_at == datetime(2019, 5, 1, 6, 0, tzinfo=UTC)
    assert "__GHOST_URL__" not in article.body
    assert 'href="/harbour/"' in article.body_html
    assert client.get("/tide-tables/")["Location"] == article.get_absolute_url()


def test_a_ghost_placeholder_date_is_never_a_publish_time(tmp_path):
    output = run(ghost_export(tmp_path, published_at="1970-01-01T00:00:00.000Z", created_at=None))

    assert "placeholder, not a date" in output
    assert "published without a usable date" in output
    assert not Article.objects.exists()


def test_json_that_is_not_a_ghost_export_is_reported(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')

    assert "not a Ghost export" in run(path)


def test_category_and_tag_archives_of_the_old_site_redirect_to_section_and_tag_pages(
    tmp_path, client
):
    terms = (
        "<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>politics"
        "</wp:category_nicename><wp:category_parent></wp:category_parent>"
        "<wp:cat_name><![CDATA[Politics]]></wp:cat_name></wp:category>"
        "<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>council"
        "</wp:category_nicename><wp:category_parent>politics</wp:category_parent>"
        "<wp:cat_name><![CDATA[Council]]></wp:cat_name></wp:category>"
        "<wp:tag><wp:term_id>3</wp:term_id><wp:tag_slug>harbour</wp:tag_slug>"
        "<wp:tag_name><![CDATA[Harbour]]></wp:tag_name></wp:tag>"
        "<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>unused</wp:tag_slug>"
        "<wp:tag_name><![CDATA[Unused]]></wp:tag_name></wp:tag>"
    )
    run(export(tmp_path, terms + item()))

    assert client.get("/category/politics/")["Location"] == "/sections/politics/"
    assert client.get("/category/politics/council/")["Location"] == "/tags/council/"
    assert client.get("/tag/harbour/")["Location"] == "/tags/harbour/"
    assert client.get("/tag/unused/").status_code == 404


def test_pages_import_only_when_asked(tmp_path):
    path = export(tmp_path, item(1, "About us", "about-us", post_type="page"))

    assert "page (pass --pages to import pages as articles)" in run(path)
    run(path, "--pages")
    assert Article.objects.get().slug == "about-us"


def test_a_source_that_does_not_match_the_file_is_reported(tmp_path):
    output = run(export(tmp_path, item()), "--source", "ghost")

    assert "not valid JSON" in output
    assert not Article.objects.exists()


def test_an_encoded_slug_with_characters_no_address_may_hold_is_made_safe(tmp_path, client):
    run(export(tmp_path, item(slug="caf%c3%a9-%e2%80%93-r%c3%a9ouvert")))

    article = Article.objects.get()
    assert article.slug == "café-réouvert"
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_a_reimport_of_changed_text_without_a_new_modified_time_keeps_last_updated(tmp_path):
    run(export(tmp_path, item()))
    before = Article.objects.get().last_updated

    run(export(tmp_path, item(content="Rewritten without a new modified time.")))

    article = Article.objects.get()
    assert "Rewritten" in article.body
    assert article.last_updated == before


def test_the_progress_bar_follows_the_file_to_its_end_and_stays_off_a_terminal(tmp_path):
    path = export(tmp_path, item(), item(2, "Second", "second"))
    bars = []

    class Bar:
        def __init__(self, label, total):
            self.label, self.total, self.read, self.closed = label, total, 0, False
            bars.append(self)

        def __call__(self, read):
            self.read += read

        def close(self):
            self.closed = True

    Importer(progress=Bar).import_file(path)

    # A first pass for the attachments, then the posts: each bar reaches the file's end.
    assert [bar.label for bar in bars] == ["export.xml: attachments", "export.xml: posts"]
    assert all(bar.read == bar.total == path.stat().st_size and bar.closed for bar in bars)

    err = StringIO()
    call_command("import_content", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""  # not a terminal: the report only, no bar


def test_the_final_report_sums_every_file(tmp_path):
    first = export(tmp_path, item(), name="one.xml")
    second = export(tmp_path, item(2, "Second", "second"), item(3, "", "x"), name="two.xml")

    output = run(first, second)

    assert "All files: 2 file(s), 3 items: 2 imported, 0 updated, 1 skipped, 0 error" in output


# Real commits: the import's stamps are written per batch and at the end, not per item.
@pytest.mark.django_db(transaction=True)
def test_pages_showing_imported_articles_are_stale_once_the_import_ends(client, tmp_path, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    run(export(tmp_path, item()))  # the section, tag and author exist from here on
    pages = ["/", "/sections/politics/", "/tags/harbour/", "/authors/amira/", "/feeds/rss/"]
    for page in pages:
        client.get(page)
        assert client.get(page)["X-Cache"] == "hit", page

    later = item(post_id=2, title="Ferries return", slug="ferries-return")
    run(export(tmp_path, later, name="later.xml"))

    for page in pages:
        response = client.get(page)
        assert response["X-Cache"] == "miss", page
        assert "Ferries return" in response.content.decode(), page


@pytest.mark.django_db(transaction=True)
def test_the_import_writes_the_page_stamps_once_per_batch(tmp_path, monkeypatch):
    from desk.importing import importer
    from pagecache import generation

    batches = []
    write_stamps = generation.write_stamps
    monkeypatch.setattr(
        generation, "write_stamps", lambda names: (batches.append(names), write_stamps(names))
    )
    monkeypatch.setattr(importer, "STAMP_BATCH", 2)
    Section.objects.create(name="Politics", slug="politics")
    Section.objects.create(name="Council", slug="council")
    batches.clear()
    items = [item(post_id=n, title=f"Story {n}", slug=f"story-{n}") for n in (1, 2, 3)]

    run(export(tmp_path, *items))

    # Two items, then the last one at the end of the file; each batch names its articles.
    assert len(batches) == 2
    pks = [Article.objects.get(source_id=str(n)).pk for n in (1, 2, 3)]
    assert {f"article-{pks[0]}", f"article-{pks[1]}"} <= set(batches[0])
    assert f"article-{pks[2]}" in batches[1]
    assert f"article-{pks[2]}" not in batches[0]


def test_a_long_report_keeps_every_line_in_order_beyond_what_stays_in_memory(monkeypatch):
    from desk.importing import importer

    monkeypatch.setattr(importer, "KEPT_IN_MEMORY", 2)
    report = importer.FileReport("big.xml", source="wordpress")
    for n in range(5):
        report.add(importer.SKIPPED, f"#{n}", f"reason {n}")
    report.notes += [f"note {n} — “quoted”" for n in range(4)]
    report.notes.append("two\nlines")

    lines = report.text().splitlines()
    assert lines[1] == "  5 items: 0 imported, 0 updated, 5 skipped, 0 error"
    assert lines[2:7] == [f"  skipped: #{n} — reason {n}" for n in range(5)]
    assert lines[7:11] == [f"  note: note {n} — “quoted”" for n in range(4)]
    assert list(report.notes)[-1] == "two\nlines"
    # Read again, and grown after a read: nothing lost, nothing twice.
    report.notes.append("after")
    assert len(report.notes) == 6 and list(report.notes)[-2:] == ["two\nlines", "after"]
    assert report.text().count("skipped: #4") == 1
