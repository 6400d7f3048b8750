"""The site's pages in the admin: editors write them with the live preview, writers read
them, bad input is a form error, and a save is on the reader's page at once."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import SitePage
from tests.factories import make_site_page

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_sitepage_add")


def page_form_data(**overrides):
    data = {
        "language": "en",
        "title": "Corrections policy",
        "slug": "corrections-policy",
        "body": "Write to **corrections@example.org**.",
        "show_in_footer": "on",
        "footer_order": "3",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def change_page_url(page):
    return reverse("admin:articles_sitepage_change", args=[page.pk])


def test_an_editor_adds_a_page_and_it_records_who(client, log_in_as):
    editor = log_in_as("Editor")

    response = client.post(ADD_URL, page_form_data())

    assert response.status_code == 302
    page = SitePage.objects.get()
    assert page.updated_by == editor
    assert page.body_html == "<p>Write to <strong>corrections@example.org</strong>.</p>"


def test_the_form_has_the_live_preview_editor_and_a_view_on_site_link(client, log_in_as):
    log_in_as("Editor")
    page = make_site_page()

    html = client.get(change_page_url(page)).content.decode()

    assert 'class="markdownx"' in html
    assert f'data-markdownx-urls-path="{reverse("desk:markdown_preview")}"' in html
    assert "View on site" in html


def test_view_on_site_leads_to_the_page_in_its_language(client, log_in_as):
    log_in_as("Editor")
    page = make_site_page(title="Qui sommes-nous", slug="a-propos", language="fr")

    html = client.get(change_page_url(page)).content.decode()
    content_type = ContentType.objects.get_for_model(SitePage)
    link = reverse("admin:view_on_site", args=[content_type.pk, page.pk])
    response = client.get(link)

    assert link in html
    assert response.status_code == 302 and response["Location"].endswith("/fr/pages/a-propos/")


def test_a_second_page_at_the_same_address_is_a_form_error(client, log_in_as):
    log_in_as("Editor")
    make_site_page(title="Corrections", slug="corrections-policy")

    response = client.post(ADD_URL, page_form_data())

    assert response.status_code == 200
    assert "Site page with this Language and Slug already exists." in response.content.decode()
    assert SitePage.objects.count() == 1


@pytest.mark.parametrize(
    "field, value",
    [("title", ""), ("slug", "not a slug!"), ("body", ""), ("language", "xx")],
)
def test_bad_input_is_a_form_error_not_a_500(client, log_in_as, field, value):
    log_in_as("Editor")

    response = client.post(ADD_URL, page_form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert not SitePage.objects.exists()


def test_a_writer_reads_pages_but_cannot_change_them(client, log_in_as):
    log_in_as("Writer")
    page = make_site_page(body="The original text.")

    html = client.get(change_page_url(page)).content.decode()
    refused = client.post(change_page_url(page), page_form_data(title="Changed", slug="about"))

    assert "The original text." in html and 'name="body"' not in html
    assert refused.status_code == 403
    assert client.get(ADD_URL).status_code == 403
    page.refresh_from_db()
    assert page.title == "About us"


def test_only_administrators_delete_pages(client, log_in_as):
    page = make_site_page()
    delete_url = reverse("admin:articles_sitepage_delete", args=[page.pk])
    log_in_as("Editor")

    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert SitePage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_editors_save_is_on_the_readers_page_at_once(client, log_in_as):
    from django.test import Client

    reader = Client()
    page = make_site_page(body="Our office is on Harbour Street.")
    assert "Harbour Street" in reader.get("/pages/about/").content.decode()
    log_in_as("Editor")

    client.post(
        change_page_url(page),
        page_form_data(title="About us", slug="about", body="We moved to Market Square."),
    )

    html = reader.get("/pages/about/").content.decode()
    assert "Market Square" in html and "Harbour Street" not in html
