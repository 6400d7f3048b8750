from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # The demo content draws its pictures into the media folder.
    settings.MEDIA_ROOT = tmp_path


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


def test_demo_stories_have_drawn_lead_pictures_with_credits(client):
    from articles.models import Photo

    call_command("load_demo_content", stdout=StringIO())

    assert Photo.objects.count() == 6
    assert not Article.objects.published().filter(lead_photo__isnull=True).exists()
    home = client.get("/").content.decode()
    assert '<article class="summary lead-story">' in home
    assert "Newsroom demo pictures" in home
