import json
import re

import pytest
from django.urls import reverse

from articles.photos.renditions import make_renditions
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def rendered_photo():
    photo = make_photo(
        size=(1600, 1200),
        caption="The first ferry leaves at dawn.",
        alt_text="A white ferry leaving a stone pier",
        credit_line="Jane Doe/Harbour Agency",
        creator="Jane Doe",
        copyright_notice="© 2026 Harbour Agency",
        licence_url="https://agency.example/licence",
        acquire_licence_url="https://agency.example/buy/42",
    )
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    return photo


def page(client, url):
    return client.get(url).content.decode()


def lead_figure(html):
    return re.search(r'<figure class="lead-image">.*?</figure>', html, re.S).group(0)


def test_lead_image_is_a_picture_with_avif_webp_and_jpeg_first_in_priority(client, rendered_photo):
    article = make_article(lead_photo=rendered_photo)
    figure = lead_figure(page(client, article.get_absolute_url()))
    assert '<source type="image/avif" srcset="' in figure
    assert '<source type="image/webp" srcset="' in figure
    assert figure.index("image/avif") < figure.index("image/webp")
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert re.search(r'src="/media/photos/[^"]+-16x9-800\.jpg"', img)
    assert 'width="800" height="450"' in img
    assert 'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"' in img
    assert " 480w, " in img and " 1600w" in img
    assert 'fetchpriority="high"' in img and "loading=" not in img
    assert 'alt="A white ferry leaving a stone pier"' in img
    assert "The first ferry leaves at dawn." in figure
    assert '<span class="credit">Jane Doe/Harbour Agency</span>' in figure


def test_per_use_alt_text_and_caption_win_and_decorative_means_empty_alt(client, rendered_photo):
    article = make_article(
        lead_photo=rendered_photo, lead_alt_text="Ferry at the pier", lead_caption="Back at sea."
    )
    figure = lead_figure(page(client, article.get_absolute_url()))
    assert 'alt="Ferry at the pier"' in figure and "Back at sea." in figure
    decorative = make_article(lead_photo=rendered_photo, lead_decorative=True)
    assert 'alt=""' in lead_figure(page(client, decorative.get_absolute_url()))


def test_before_renditions_exist_the_original_is_linked_never_a_missing_file(client):
    photo = make_photo(size=(640, 480))
    article = make_article(lead_photo=photo)
    figure = lead_figure(page(client, article.get_absolute_url()))
    assert f'src="{photo.image.url}"' in figure
    assert 'width="640" height="480"' in figure
    assert "<source" not in figure


def test_lists_show_lazy_square_thumbnails_and_the_home_lead_story_big(client, rendered_photo):
    section = make_section("City")
    make_article(lead_photo=rendered_photo, section=section, title="Older story")
    make_article(lead_photo=rendered_photo, section=section, title="Newest story")
    home = page(client, reverse("articles:home"))
    lead = re.search(r'<article class="summary lead-story">.*?</article>', home, re.S).group(0)
    assert "Newest story" in lead and 'fetchpriority="high"' in lead and "-16x9-" in lead
    thumbnail = re.search(r'<article class="summary with-thumbnail">.*?</article>', home, re.S)
    assert "Older story" in thumbnail.group(0)
    assert 'loading="lazy"' in thumbnail.group(0) and "-1x1-480.jpg" in thumbnail.group(0)
    listed = page(client, section.get_absolute_url())
    assert listed.count('loading="lazy"') == 2 and "fetchpriority" not in listed


def test_every_img_has_width_and_height(client, rendered_photo):
    article = make_article(lead_photo=rendered_photo)
    for html in (page(client, article.get_absolute_url()), page(client, "/")):
        for img in re.findall(r"<img [^>]+>", html):
            assert " width=" in img and " height=" in img, img


def test_json_ld_carries_three_crops_at_least_1200_wide_with_their_rights(client, rendered_photo):
    article = make_article(lead_photo=rendered_photo)
    html = page(client, article.get_absolute_url())
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    images = data["image"]
    assert len(images) == 3
    shapes = {round(image["width"] / image["height"], 2) for image in images}
    assert shapes == {1.78, 1.33, 1.0}
    for image in images:
        assert image["@type"] == "ImageObject"
        assert image["width"] >= 1200
        assert image["url"].startswith("http://testserver/media/photos/")
        assert image["creditText"] == "Jane Doe/Harbour Agency"
        assert image["copyrightNotice"] == "© 2026 Harbour Agency"
        assert image["license"] == "https://agency.example/licence"
        assert image["acquireLicensePage"] == "https://agency.example/buy/42"


def test_share_image_is_the_social_crop(client, rendered_photo):
    article = make_article(lead_photo=rendered_photo)
    html = page(client, article.get_absolute_url())
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og.startswith("http://testserver/media/photos/") and "-1_91x1-1600.jpg" in og
    assert '<meta property="og:image:width" content="1600">' in html
    assert '<meta property="og:image:height" content="838">' in html
    assert re.search(r'<meta name="twitter:image" content="[^"]+-1_91x1-1600\.jpg">', html)


def test_a_share_image_override_replaces_the_lead_on_the_card_only(client, rendered_photo):
    card = make_photo(size=(1600, 1200), alt_text="A crowd on the quay at night")
    make_renditions.call(card.pk)
    article = make_article(lead_photo=rendered_photo, social_photo=card)
    html = page(client, article.get_absolute_url())
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    lead_src = re.search(r'<img [^>]*src="([^"]+)"', lead_figure(html)).group(1)
    assert "-1_91x1-1600.jpg" in og
    assert card.content_hash[:8] in og and card.content_hash[:8] not in lead_src
    assert '<meta property="og:image:alt" content="A crowd on the quay at night">' in html
    assert "A white ferry leaving a stone pier" in lead_figure(html)  # the lead stays


def test_feeds_carry_the_lead_image_with_absolute_urls(client, rendered_photo):
    make_article(lead_photo=rendered_photo)
    rss = page(client, reverse("articles:rss"))
    assert 'xmlns:media="http://search.yahoo.com/mrss/"' in rss
    media = re.search(r"<media:content [^>]+>", rss).group(0)
    assert re.search(r'url="http://testserver/media/photos/[^"]+-16x9-1600\.jpg"', media)
    for attribute in ('medium="image"', 'type="image/jpeg"', 'width="1600"', 'height="900"'):
        assert attribute in media
    atom = page(client, reverse("articles:atom"))
    enclosure = re.search(r'<link [^>]*rel="enclosure"[^>]*>', atom).group(0)
    assert 'href="http://testserver/media/photos/' in enclosure
    assert 'type="image/jpeg"' in enclosure


def test_lead_images_cost_no_extra_query(client, rendered_photo, django_assert_max_num_queries):
    article = make_article(lead_photo=rendered_photo)
    for _ in range(10):
        make_article(lead_photo=rendered_photo)
    # The same budgets as text-only pages (tests/articles/test_views.py), the footer's site
    # pages included (remembered with the navigation).
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(1):
        client.get(article.get_absolute_url(), HTTP_COOKIE="sessionid=x")
    with django_assert_max_num_queries(11):  # with the front (see test_views.py)
        assert client.get(reverse("articles:home"), HTTP_COOKIE="sessionid=x").status_code == 200


def test_search_results_show_thumbnails_without_extra_queries(
    client, rendered_photo, django_assert_max_num_queries
):
    for number in range(5):
        make_article(lead_photo=rendered_photo, title=f"Harbour story {number}")
    client.get("/")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("articles:search"), {"q": "harbour"})
    html = response.content.decode()
    assert html.count('class="summary with-thumbnail"') == 5
