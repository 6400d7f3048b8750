from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db


def test_demo_content_files_every_story_in_a_section_with_a_byline_and_tags(client):
    call_command("load_demo_content", stdout=StringIO())

    assert Section.objects.count() == 5 and Author.objects.count() == 3
    published = Article.objects.published().with_bylines()
    assert all(a.section and a.byline_authors and a.tags.all() for a in published)

    home = client.get("/").content.decode()
    assert '<a href="/sections/transport/">Transport</a>' in home
    transport = client.get("/sections/transport/")
    assert "Harbour reopens after three-day storm closure" in transport.content.decode()
    article = client.get(Article.objects.get(slug="council-cycle-lanes").get_absolute_url())
    assert "Related articles" in article.content.decode()
