import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_content_fills_an_empty_database_with_readable_articles(client):
    output = run("load_demo_content")

    assert "Loaded 27 demo articles (one draft, one scheduled) and 6 French versions" in output
    assert Article.objects.published().filter(language="en").count() == 25
    assert Article.objects.published().filter(language="fr").count() == 6
    assert Article.objects.drafts().count() == 1
    assert Article.objects.scheduled().count() == 1
    assert client.get("/?page=2").status_code == 200
    unicode_article = Article.objects.get(slug="zürich-partner-city")
    assert client.get(unicode_article.get_absolute_url()).status_code == 200


def test_demo_content_never_touches_a_database_with_articles():
    make_article(title="Real story")

    output = run("load_demo_content")

    assert "demo content not loaded" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Real story"]


def test_ensure_admin_creates_one_superuser_with_a_printed_random_password(client):
    output = run("ensure_admin")

    password = re.search(r"password: (\S+)", output).group(1)
    assert len(password) >= 16
    # django-axes counts every login against a request.
    assert client.login(username="admin", password=password, request=HttpRequest())
    assert client.get("/admin/").status_code == 200

    second = run("ensure_admin")
    assert "password:" not in second
    assert "existing account" in second
    assert get_user_model().objects.count() == 1


def test_each_new_admin_gets_a_different_password(django_user_model):
    first = re.search(r"password: (\S+)", run("ensure_admin")).group(1)
    django_user_model.objects.all().delete()
    second = re.search(r"password: (\S+)", run("ensure_admin")).group(1)
    assert first != second


@pytest.mark.django_db(transaction=True)
def test_render_bodies_brings_old_html_up_to_date_and_empties_the_page_cache(client):

    current = make_article(body="## Current\n\nFine.")
    old = make_article(body="## Reaction\n\nThe council welcomed it.")
    # As the renderer before this release stored it: "##" two levels below the headline.
    Article.objects.filter(pk=old.pk).update(
        body_html="<h3>Reaction</h3>\n<p>The council welcomed it.</p>"
    )
    stamps = Article.objects.filter(pk=old.pk).values_list("updated_at", "modified").get()
    assert "<h3>Reaction</h3>" in client.get(old.get_absolute_url()).content.decode()

    output = StringIO()
    call_command("render_bodies", "--quiet", "--batch-size", "1", stdout=output)

    assert "Rendered 1 article bodies again." in output.getvalue()
    old.refresh_from_db()
    assert old.body_html == "<h2>Reaction</h2>\n<p>The council welcomed it.</p>"
    assert (old.updated_at, old.modified) == stamps  # readers were told nothing changed
    assert "<h2>Reaction</h2>" in client.get(old.get_absolute_url()).content.decode()
    current.refresh_from_db()
    assert current.body_html == "<h2>Current</h2>\n<p>Fine.</p>"
