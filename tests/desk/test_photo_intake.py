import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Photo
from desk.photo_intake import intake_photo
from desk.uploads import ImageRejected
from tests.factories import iptc_block, photo_bytes, xmp_packet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def uploaded(data, name="harbour.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def agency_photo():
    return photo_bytes(
        iptc=iptc_block(
            caption="The first ferry leaves at dawn.",
            credit="Jane Doe/Harbour Agency",
            byline="Jane Doe",
            copyright="© 2026 Harbour Agency",
            keywords=["harbour", "ferry"],
        ),
        xmp=xmp_packet(alt_text="A white ferry leaving a stone pier", creator="Jane Doe"),
        gps=True,
    )


def test_iptc_and_xmp_prefill_the_record():
    intake = intake_photo(uploaded(agency_photo()))
    photo = intake.photo
    assert photo.caption == "The first ferry leaves at dawn."
    assert photo.credit_line == "Jane Doe/Harbour Agency"
    assert photo.creator == "Jane Doe"
    assert photo.copyright_notice == "© 2026 Harbour Agency"
    assert photo.keywords == "harbour, ferry"
    assert photo.alt_text == "A white ferry leaving a stone pier"
    assert set(intake.prefilled) >= {"caption", "credit_line", "alt_text"}


def test_the_stored_file_has_no_gps_or_embedded_metadata():
    photo = intake_photo(uploaded(agency_photo())).photo
    with default_storage.open(photo.image.name, "rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert "xmp" not in image.info
    assert b"Harbour Agency" not in data and b"Photoshop 3.0" not in data


def test_uploading_the_same_file_again_finds_the_existing_photo():
    data = agency_photo()
    first = intake_photo(uploaded(data))
    again = intake_photo(uploaded(data, name="copy.jpg"))
    assert (first.created, again.created) == (True, False)
    assert again.photo.pk == first.photo.pk
    assert Photo.objects.count() == 1


def test_a_near_duplicate_is_pointed_out():
    first = intake_photo(uploaded(photo_bytes((640, 400)))).photo
    second = intake_photo(uploaded(photo_bytes((600, 375))))
    assert second.created
    assert second.near_duplicates == [first]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "SVG or HTML"),
        (b"<!doctype html><p>hello", "SVG or HTML"),
        (b"%PDF-1.4 not a picture", "not a PNG, JPEG, WebP or GIF"),
        (b"", "empty"),
    ],
)
def test_wrong_typed_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ImageRejected, match=message):
        intake_photo(uploaded(data, name="harbour.jpg"))
    assert not Photo.objects.exists()


def test_a_truncated_file_is_refused():
    data = photo_bytes((400, 300))
    with pytest.raises(ImageRejected, match="cut short"):
        intake_photo(uploaded(data[: len(data) // 2]))


def test_a_truncated_png_is_refused():
    data = photo_bytes((400, 300), format_="PNG")
    with pytest.raises(ImageRejected, match="cut short|not a PNG"):
        intake_photo(uploaded(data[: len(data) // 2], name="a.png"))


def test_html_appended_to_a_jpeg_is_refused():
    data = photo_bytes() + b"<html><script>alert(1)</script></html>"
    with pytest.raises(ImageRejected, match="something after the picture"):
        intake_photo(uploaded(data))


def test_too_many_pixels_are_refused_before_decoding(settings):
    settings.NEWSROOM_UPLOAD_MAX_PIXELS = 10_000
    with pytest.raises(ImageRejected, match="megapixels"):
        intake_photo(uploaded(photo_bytes((200, 100))))


def test_too_large_a_file_is_refused(settings):
    settings.NEWSROOM_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ImageRejected, match="the limit is") as refused:
        intake_photo(uploaded(photo_bytes((400, 300))))
    assert refused.value.status == 413
