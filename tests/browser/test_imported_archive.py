import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old Gazette</title><link>https://gazette.example</link>
<wp:author><wp:author_login>amira</wp:author_login>
<wp:author_display_name>Amira Haddad</wp:author_display_name></wp:author>
<item><title>Staying the course</title>
<link>https://gazette.example/2012/07/09/staying-the-course/</link>
<dc:creator>amira</dc:creator>
<content:encoded><![CDATA[The council holds its line.

It met on Tuesday.]]></content:encoded>
<wp:post_id>123</wp:post_id><wp:post_date_gmt>2012-07-09 08:30:00</wp:post_date_gmt>
<wp:post_name>staying-the-course</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="post_tag" nicename="council"><![CDATA[Council]]></category></item>
</channel></rss>"""


def test_a_reader_following_an_old_link_lands_on_the_imported_article(
    page, screenshot_dir, tmp_path
):
    export = tmp_path / "export.xml"
    export.write_text(EXPORT)
    call_command("import_content", str(export), stdout=StringIO())

    for old in ("/2012/07/09/staying-the-course/", "/?p=123"):
        page.goto(old)
        expect(page).to_have_url(re.compile(r"/articles/staying-the-course/$"))
        expect(page.locator("h1")).to_have_text("Staying the course")
    expect(page.locator(".byline")).to_have_text("By Amira Haddad")
    expect(page.get_by_text("It met on Tuesday.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "imported-article.png", full_page=True)

    response = page.goto("/2012/07/09/never-was/")
    assert response.status == 404
