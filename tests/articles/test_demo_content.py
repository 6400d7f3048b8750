from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

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


def test_part_of_the_demo_stories_have_a_french_version_readers_can_reach(client):
    call_command("load_demo_content", stdout=StringIO())

    french = Article.objects.published().filter(language="fr").with_bylines()
    assert french.count() >= 4
    for version in french:
        source = version.translation_of
        assert source.language == "en" and source.story_id == version.story_id
        assert version.slug != source.slug and version.translator
        assert version.translated_from_updated_at == source.updated_at
        assert version.section_id == source.section_id
        assert version.lead_photo_id == source.lead_photo_id
        assert version.byline_authors == source.byline_authors
        assert set(version.tags.names()) == set(source.tags.names())
        assert version.search_config == "french"
        page = client.get(version.get_absolute_url())
        assert page.status_code == 200
        assert version.title in page.content.decode()
    home = client.get("/fr/").content.decode()
    assert "Le port rouvre après trois jours de fermeture pour tempête" in home


def test_the_demos_archive_story_has_the_publishers_dates_in_both_languages():
    call_command("load_demo_content", stdout=StringIO())

    english = Article.objects.get(language="en", slug="harbour-pilots-agreement")
    french = english.story.versions.get(language="fr")
    zone = timezone.get_default_timezone()
    for version in (english, french):
        assert version.published_at.astimezone(zone).date() == date(2012, 7, 9)
        assert version.updated_at.astimezone(zone).strftime("%H:%M") == "08:52"
    assert french.translation_of == english
    assert "négociation" in french.body


def test_the_french_demo_is_found_by_a_french_search(client):
    call_command("load_demo_content", stdout=StringIO())

    response = client.get("/fr/search/", {"q": "négociation"})
    titles = [card.headline for card in response.context["articles"]]
    assert titles == [
        "Pilotes et autorité portuaire concluent un accord après deux semaines de discussions"
    ]
    english = client.get("/search/", {"q": "harbour"}).context["articles"]
    assert english and all(article.language == "en" for article in english)


def test_the_demo_footer_links_about_contact_and_the_corrections_policy_in_both_languages(
    client,
):
    call_command("load_demo_content", stdout=StringIO())

    english = client.get("/").content.decode()
    for title, address in (
        ("About us", "/pages/about/"),
        ("Contact", "/pages/contact/"),
        ("Corrections policy", "/pages/corrections-policy/"),
    ):
        assert f'<li><a href="{address}">{title}</a></li>' in english
    french = client.get("/fr/").content.decode()
    for title, address in (
        ("Qui sommes-nous", "/fr/pages/a-propos/"),
        ("Nous contacter", "/fr/pages/contact/"),
        ("Politique de correction", "/fr/pages/politique-de-correction/"),
    ):
        assert f'<li><a href="{address}">{title}</a></li>' in french
    policy = client.get("/pages/corrections-policy/").content.decode()
    assert (
        "<h2>Reporting an error</h2>" in policy and "<h2>How corrections are shown</h2>" in policy
    )
    assert 'href="mailto:corrections@example.org"' in policy
