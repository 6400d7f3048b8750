"""The article page's own parts (headline, byline, body, lead image, tags, related box, share
metadata) are rendered once and remembered until what they show changes: every change a
reader should see still shows, at once, with the page cache off."""

import pytest

from tests.factories import make_author, make_filed_article, make_photo, make_section

# Real commits: remembered parts go stale when a write commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response


def drew_the_article(response):
    return "articles/_article_main.html" in [t.name for t in response.templates]


def test_the_article_is_drawn_once_then_put_together_from_its_parts(client):
    article = make_filed_article(section=make_section("City"), tags=["harbour"])
    assert drew_the_article(page(client, article))
    again = page(client, article)
    assert not drew_the_article(again)
    assert article.title in again.content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/' in again.content.decode()


def test_an_edit_shows_at_once(client):
    article = make_filed_article(section=make_section("City"))
    page(client, article)
    article.body = "The ferry now leaves at six."
    article.save()
    assert "The ferry now leaves at six." in page(client, article).content.decode()


def test_an_author_renamed_shows_in_the_byline_and_metadata(client):
    amira = make_author("Amira Haddad")
    article = make_filed_article(section=make_section("City"), authors=[amira])
    assert "Amira Haddad" in page(client, article).content.decode()
    amira.name = "Amira Haddad-Lewis"
    amira.save()
    assert "Amira Haddad-Lewis" in page(client, article).content.decode()


def test_a_section_renamed_shows_in_the_kicker(client):
    city = make_section("City")
    article = make_filed_article(section=city)
    page(client, article)
    city.name = "City and Region"
    city.save()
    html = page(client, article).content.decode()
    assert 'class="kicker"><a href="/sections/city/">City and Region</a>' in html


def test_a_photo_credit_fixed_in_the_library_shows_under_the_lead_image(client):
    photo = make_photo(credit_line="Jane Doe")
    article = make_filed_article(section=make_section("City"), lead_photo=photo)
    assert '<span class="credit">Jane Doe</span>' in page(client, article).content.decode()
    from articles.photos.refresh import photo_changed

    photo.credit_line = "Jane Doe/Harbour Agency"
    photo.save()
    photo_changed(photo)  # as the photo desk's every change does (desk/photo_admin.py)
    html = page(client, article).content.decode()
    assert '<span class="credit">Jane Doe/Harbour Agency</span>' in html


def test_a_related_article_retitled_shows_in_the_related_box(client):
    city = make_section("City")
    neighbour = make_filed_article(section=city, title="Ferry timetable changes", tags=["harbour"])
    article = make_filed_article(section=city, tags=["harbour"])
    assert "Ferry timetable changes" in page(client, article).content.decode()
    neighbour.title = "Ferry timetable changes again"
    neighbour.save()
    assert "Ferry timetable changes again" in page(client, article).content.decode()


def test_the_parts_follow_the_address_readers_reach(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    article = make_filed_article(section=make_section("City"))
    page(client, article)
    other = client.get(article.get_absolute_url(), HTTP_HOST="news.example.org")
    html = other.content.decode()
    assert '<link rel="canonical" href="http://news.example.org/articles/' in html
    assert "http://testserver" not in html


def test_a_withdrawn_article_answers_410_at_once(client):
    from django.utils import timezone

    article = make_filed_article(section=make_section("City"))
    page(client, article)
    article.withdrawn_at = timezone.now()
    article.withdrawal_reason = "Legal advice."
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 410


def frame_drawn(response):
    return "articles/_navigation.html" in [t.name for t in response.templates]


def test_the_frame_is_drawn_once_per_process_and_again_when_its_links_change(client):
    city = make_section("City")
    article = make_filed_article(section=city)
    other = make_filed_article(section=city)
    assert frame_drawn(page(client, article))
    # Another page, same links: the header and footer come from this process's memory.
    html = page(client, other).content.decode()
    assert not frame_drawn(page(client, other))
    assert '<nav class="site-nav" aria-label="Sections">' in html
    assert '<a href="/sections/city/">City</a>' in html

    city.name = "City and Region"
    city.save()
    renamed = page(client, article)
    assert frame_drawn(renamed)
    html = renamed.content.decode()
    assert '<a href="/sections/city/">City and Region</a></li>' in html  # header and footer
    assert html.count(">City and Region</a>") >= 3  # navigation, footer, kicker


def test_the_section_a_page_is_of_is_marked_in_the_kept_navigation(client):
    city = make_section("City")
    make_section("Sport")
    make_filed_article(section=city)
    section_page = client.get(city.get_absolute_url()).content.decode()
    assert '<a href="/sections/city/" aria-current="page">City</a>' in section_page
    # The navigation kept for the section page is not the one an article gets.
    article_page = page(client, make_filed_article(section=city)).content.decode()
    assert 'aria-current="page"' not in article_page
