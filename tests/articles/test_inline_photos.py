from html.parser import HTMLParser

import pytest

from articles.markdown import render_markdown
from articles.models import PhotoUse
from articles.photos.renditions import make_renditions
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def parsed_tags(html):
    tags = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, attrs))

    Parser().feed(html)
    return tags


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def photo():
    photo = make_photo(
        size=(900, 600),
        alt_text="Two ferries at the pier",
        caption="Library caption.",
        credit_line="Jane Doe/Harbour Agency",
    )
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    return photo


def test_a_library_photo_renders_as_a_figure_with_caption_and_credit(photo):
    html = render_markdown(f'Before.\n\n![A ferry](photo:{photo.pk} "Back at sea.")\n\nAfter.')
    assert "<p>Before.</p>\n<figure><picture>" in html
    assert 'srcset="/media/photos/' in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert 'alt="A ferry"' in html and 'loading="lazy"' in html
    assert 'width="800"' in html and 'height="600"' in html
    assert '<figcaption>Back at sea. <span class="credit">Jane Doe/Harbour Agency</span>' in html
    assert "<p><figure>" not in html


def test_empty_alt_and_caption_take_the_librarys_and_decorative_means_empty_alt(photo):
    html = render_markdown(f"![](photo:{photo.pk})")
    assert 'alt="Two ferries at the pier"' in html and "Library caption." in html
    decorative = render_markdown(f"![decorative](photo:{photo.pk})")
    assert 'alt=""' in decorative and "data-decorative" in decorative


def test_the_figure_still_goes_through_the_sanitiser(photo):
    html = render_markdown(
        f'![x" onerror="alert(1)](photo:{photo.pk} "<script>alert(1)</script>")'
        '\n\n<picture><source srcset="javascript:alert(1)" onerror="alert(1)"></picture>'
    )
    attributes = {name for _tag, attrs in parsed_tags(html) for name, _value in attrs}
    assert "onerror" not in attributes and "<script" not in html
    assert "javascript:" not in html


def test_an_unknown_photo_number_renders_nothing_broken():
    assert "<img" not in render_markdown("![Gone](photo:999999)")


def test_saving_an_article_records_the_photos_its_body_shows(photo):
    other = make_photo()
    article = make_article(body=f"![](photo:{photo.pk})\n\n![](photo:{other.pk})")
    assert set(PhotoUse.objects.filter(article=article).values_list("photo_id", flat=True)) == {
        photo.pk,
        other.pk,
    }
    article.body = f"![](photo:{other.pk})"
    article.save()
    assert list(PhotoUse.objects.filter(article=article).values_list("photo_id", flat=True)) == [
        other.pk
    ]


def test_a_credit_fixed_in_the_library_is_fixed_in_every_body(photo):
    from articles.photos.inline import refresh_bodies

    article = make_article(body=f"![](photo:{photo.pk})")
    updated = article.updated_at
    photo.credit_line = "Jane Doe/Other Agency"
    photo.save()
    refresh_bodies(photo)
    article.refresh_from_db()
    assert "Jane Doe/Other Agency" in article.body_html
    assert article.updated_at == updated
