"""The site's own pages (about, contact, corrections policy): their addresses in each
language, the footer linking them, and the page cache keeping up with the desk's edits."""

import pytest
import time_machine
from django.db import IntegrityError

from articles.models import SitePage
from tests.factories import make_article, make_section, make_site_page, utc

pytestmark = pytest.mark.django_db
# Invalidation happens when the write commits.
committed = pytest.mark.django_db(transaction=True)


def test_the_body_is_rendered_once_on_save_without_scripts():
    page = make_site_page(body="Hello **readers**.\n\n<script>alert(1)</script>\n\n# Write to us")

    assert "<strong>readers</strong>" in page.body_html
    assert "<script" not in page.body_html and "alert(1)" not in page.body_html
    assert "<h2>Write to us</h2>" in page.body_html  # under the page's <h1>, the title
    assert SitePage.objects.get().body_html == page.body_html


def test_a_save_of_some_fields_renders_the_body_too():
    page = make_site_page(body="Old.")
    page.body = "New *text*."
    page.save(update_fields=["body"])

    assert SitePage.objects.get().body_html == "<p>New <em>text</em>.</p>"


def test_a_slug_is_unique_per_language_only():
    make_site_page(slug="contact")
    make_site_page(title="Nous contacter", slug="contact", language="fr")

    with pytest.raises(IntegrityError):
        make_site_page(title="Contact again", slug="contact")


def test_the_page_knows_its_address_in_its_own_language():
    assert make_site_page(slug="about").get_absolute_url() == "/pages/about/"
    french = make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr")
    assert french.get_absolute_url() == "/fr/pages/a-propos/"


def test_last_updated_moves_with_the_text_not_with_the_footer_settings():
    with time_machine.travel(utc(2012, 7, 9, 8), tick=False):
        page = make_site_page()
    with time_machine.travel(utc(2012, 7, 10, 8), tick=False):
        page.footer_order = 5
        page.save()
    assert page.updated_at == utc(2012, 7, 9, 8)
    with time_machine.travel(utc(2012, 7, 11, 8), tick=False):
        page.body = "We are the city's independent newsroom."
        page.save()
    assert page.updated_at == utc(2012, 7, 11, 8)


def test_a_reader_sees_the_page_with_its_title_text_and_last_updated(client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    with time_machine.travel(utc(2012, 7, 9, 22, 30), tick=False):
        page = make_site_page(title="About us", body="We are the city's **newsroom**.")

    response = client.get("/pages/about/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "<title>About us — Newsroom</title>" in html
    assert "<h1>About us</h1>" in html
    assert "We are the city's <strong>newsroom</strong>." in html
    # The newsroom's day, in the site's date style: 00:30 in Paris is already the 10th.
    assert '<time datetime="2012-07-10T00:30:00+02:00">10 Jul. 2012</time>' in html
    assert "Last updated: <time" in html
    assert page.get_absolute_url() in html  # the canonical address
    assert (
        response["Cache-Control"].startswith("max-age=0") or "public" in response["Cache-Control"]
    )


def test_a_french_page_is_french_at_its_french_address(client):
    with time_machine.travel(utc(2012, 7, 9, 8), tick=False):
        make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr", body="Bonjour.")

    response = client.get("/fr/pages/a-propos/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html
    assert "<h1>Qui sommes-nous</h1>" in html
    assert "Dernière mise à jour\u00a0: <time" in html or "Dernière mise à jour : <time" in html
    assert "09 juil. 2012" in html


def test_a_page_answers_only_in_its_own_language(client):
    make_site_page(slug="about")

    assert client.get("/fr/pages/about/").status_code == 404
    assert client.get("/pages/about/").status_code == 200


def test_an_unknown_page_is_the_sites_helpful_404(client):
    response = client.get("/pages/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<html" in html and 'class="site-footer"' in html  # the site's own 404 page
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


@committed
def test_an_edit_shows_at_once_on_the_cached_page(client):
    page = make_site_page(body="Our office is on Harbour Street.")
    assert "Harbour Street" in client.get("/pages/about/").content.decode()
    assert client.get("/pages/about/")["X-Cache"] == "hit"

    page.body = "Our office has moved to Market Square."
    page.save()

    response = client.get("/pages/about/")
    assert "Market Square" in response.content.decode()
    assert "Harbour Street" not in response.content.decode()


@committed
def test_a_renamed_page_leaves_its_old_address_at_once(client):
    page = make_site_page(slug="about")
    assert client.get("/pages/about/").status_code == 200

    page.slug = "about-us"
    page.save()

    assert client.get("/pages/about/").status_code == 404
    assert client.get("/pages/about-us/").status_code == 200


@committed
def test_a_deleted_page_is_gone_at_once(client):
    page = make_site_page()
    assert client.get("/pages/about/").status_code == 200

    page.delete()

    assert client.get("/pages/about/").status_code == 404


def test_the_footer_lists_the_flagged_pages_of_the_pages_language_in_order(client):
    make_site_page(title="Corrections policy", slug="corrections-policy", footer_order=2)
    make_site_page(title="About us", slug="about", footer_order=1)
    make_site_page(title="Staff handbook", slug="handbook", show_in_footer=False)
    make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr")

    html = client.get("/").content.decode()

    about = '<li><a href="/pages/about/">About us</a></li>'
    policy = '<li><a href="/pages/corrections-policy/">Corrections policy</a></li>'
    assert about in html and policy in html
    assert html.index(about) < html.index(policy)
    assert "Staff handbook" not in html and "Qui sommes-nous" not in html
    french = client.get("/fr/").content.decode()
    assert '<li><a href="/fr/pages/a-propos/">Qui sommes-nous</a></li>' in french
    assert "About us" not in french


def test_a_footer_without_pages_has_no_empty_column(client):
    html = client.get("/").content.decode()

    assert "The newsroom</h2>" not in html


@committed
def test_a_new_footer_title_shows_on_cached_pages_at_once(client):
    page = make_site_page(title="About us")
    article = make_article()
    for address in ("/", article.get_absolute_url()):
        assert "About us" in client.get(address).content.decode()

    page.title = "Who we are"
    page.save()

    for address in ("/", article.get_absolute_url()):
        html = client.get(address).content.decode()
        assert ">Who we are</a>" in html and "About us" not in html


@committed
def test_a_body_edit_leaves_other_cached_pages_alone(client):
    page = make_site_page()
    client.get("/")

    page.body = "New text."
    page.save()

    assert client.get("/")["X-Cache"] == "hit"


def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_section("City")
    make_site_page(title="About us", slug="about")
    make_site_page(title="Contact", slug="contact")
    make_site_page(title="Corrections policy", slug="corrections-policy")
    # Cold: the page, the next scheduled change, the banner, the navigation's sections
    # and its footer pages.
    with django_assert_max_num_queries(5):
        assert client.get("/pages/contact/").status_code == 200
    # From the page cache: none.
    with django_assert_max_num_queries(0):
        assert client.get("/pages/contact/")["X-Cache"] == "hit"
    # Warm but drawn again (a session skips the page cache): the page alone.
    with django_assert_max_num_queries(1):
        response = client.get("/pages/contact/", HTTP_COOKIE="sessionid=x")
    assert "Corrections policy</a>" in response.content.decode()


@committed
def test_the_footer_costs_no_query_per_page_and_none_warm(client, django_assert_num_queries):
    for number in range(6):
        make_site_page(title=f"Page {number}", slug=f"page-{number}")
    client.get("/", HTTP_COOKIE="sessionid=x")
    make_site_page(title="Page 7", slug="page-7")  # a new footer page: everything again
    client.get("/", HTTP_COOKIE="sessionid=x")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as warm:
        html = client.get("/", HTTP_COOKIE="sessionid=x").content.decode()
    assert "Page 7</a>" in html
    assert not [q for q in warm.captured_queries if "articles_sitepage" in q["sql"]]


def test_the_sitemap_lists_every_languages_pages(client):
    with time_machine.travel(utc(2012, 7, 9, 8), tick=False):
        make_site_page(slug="about")
        make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr")

    xml = client.get("/sitemap-pages.xml").content.decode()

    assert "<loc>http://testserver/pages/about/</loc>" in xml
    assert "<loc>http://testserver/fr/pages/a-propos/</loc>" in xml
    assert "<lastmod>2012-07-09" in xml
    assert "http://testserver/sitemap-pages.xml" in client.get("/sitemap.xml").content.decode()


@committed
def test_a_new_page_shows_in_the_cached_sitemap(client):
    client.get("/sitemap-pages.xml")
    make_site_page(slug="contact", title="Contact", show_in_footer=False)

    assert "/pages/contact/" in client.get("/sitemap-pages.xml").content.decode()


@committed
def test_a_reader_revalidating_gets_a_304_until_the_page_changes(client):
    page = make_site_page()
    etag = client.get("/pages/about/")["ETag"]

    assert client.get("/pages/about/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    page.body = "New text."
    page.save()
    response = client.get("/pages/about/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "New text." in response.content.decode()


@committed
def test_a_footer_change_changes_every_pages_validators(client):
    page = make_site_page(title="About us")
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    page.title = "Who we are"
    page.save()

    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and ">Who we are</a>" in response.content.decode()
