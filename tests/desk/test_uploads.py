import io
import re

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st
from PIL import Image

from articles.markdown import render_markdown
from articles.models import Article
from desk.uploads import ImageRejected, reencode_image
from tests.factories import TYPED_PUBLISH_TIME, article_form_data, utc

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")

UPLOAD_URL = reverse("desk:image_upload")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(format_="PNG", size=(40, 30), mode="RGB", **save_options):
    output = io.BytesIO()
    Image.new(mode, size, "teal").save(output, format_, **save_options)
    return output.getvalue()


def upload(client, data, name="photo.png", content_type="image/png", alt="Ferry at the pier"):
    return client.post(
        UPLOAD_URL,
        {"image": SimpleUploadedFile(name, data, content_type=content_type), "alt": alt},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def test_upload_url_is_the_one_the_editor_widget_posts_to():
    assert reverse("desk:image_upload") == settings.MARKDOWNX_UPLOAD_URLS_PATH


@time_machine.travel(utc(2026, 3, 14, 9, 30), tick=False)
@pytest.mark.parametrize(
    "format_, extension", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp"), ("GIF", "gif")]
)
def test_image_is_stored_under_a_random_name_in_a_dated_folder(
    staff_client, media_root, format_, extension
):
    response = upload(staff_client, image_bytes(format_), name="My Holiday Snap.PNG")

    assert response.status_code == 201
    url = response.json()["url"]
    assert re.fullmatch(rf"/media/images/2026/03/14/[0-9a-f]{{32}}\.{extension}", url)
    assert response.json()["image_code"] == f"![Ferry at the pier]({url})"
    (stored,) = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.format == format_
        assert image.size == (40, 30)


def test_type_comes_from_the_bytes_not_the_name_or_declared_type(staff_client, media_root):
    response = upload(staff_client, image_bytes("JPEG"), name="page.html", content_type="text/html")

    assert response.status_code == 201
    assert response.json()["url"].endswith(".jpg")
    assert [p.suffix for p in stored_files(media_root)] == [".jpg"]


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (b"GIF89a<html><script>alert(1)</script></html>", "x.html", "image/gif"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg", "image/svg+xml"),
        (b"<!doctype html><script>alert(1)</script>", "x.png", "image/png"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "x.pdf", "application/pdf"),
        (image_bytes("BMP"), "x.bmp", "image/bmp"),
        (image_bytes("TIFF"), "x.tif", "image/tiff"),
        (image_bytes("PNG")[:60], "truncated.png", "image/png"),
        (b"", "empty.png", "image/png"),
    ],
    ids=["gif-html-polyglot", "svg", "html", "pdf", "bmp", "tiff", "truncated-png", "empty"],
)
def test_anything_but_png_jpeg_webp_gif_is_refused_with_a_clear_error(
    staff_client, media_root, data, name, content_type
):
    response = upload(staff_client, data, name=name, content_type=content_type)

    assert response.status_code == 400
    assert response.json() == {"error": "This file is not a PNG, JPEG, WebP or GIF image."}
    assert stored_files(media_root) == []


def test_script_appended_to_a_real_image_does_not_survive(staff_client, media_root):
    payload = image_bytes("GIF") + b"<script>alert(1)</script>"

    response = upload(staff_client, payload, name="x.html", content_type="text/html")

    assert response.status_code == 201
    (stored,) = stored_files(media_root)
    assert stored.suffix == ".gif"
    assert b"<script" not in stored.read_bytes()


@pytest.mark.parametrize("format_", ["JPEG", "WEBP", "PNG"])
def test_location_and_camera_metadata_are_stripped(staff_client, media_root, format_):
    exif = Image.Exif()
    exif[0x010F] = "Newsroom Camera Co"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)})
    photo = image_bytes(format_, size=(40, 30), exif=exif.tobytes())
    assert b"Newsroom Camera Co" in photo

    response = upload(staff_client, photo, name="IMG_0001.JPG", content_type="image/jpeg")

    assert response.status_code == 201
    (stored,) = stored_files(media_root)
    assert b"Newsroom Camera Co" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        # The rotation the camera recorded is applied to the pixels before EXIF goes.
        assert image.size == (30, 40)


def test_png_text_chunks_are_stripped(staff_client, media_root):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jane Source, 12 Secret Street")
    response = upload(staff_client, image_bytes("PNG", pnginfo=info))

    assert response.status_code == 201
    (stored,) = stored_files(media_root)
    assert b"Secret Street" not in stored.read_bytes()


def test_oversized_file_is_refused_with_its_size(staff_client, media_root, settings):
    settings.NEWSROOM_UPLOAD_MAX_BYTES = 1024 * 1024
    noisy = Image.frombytes("L", (1100, 1100), bytes(range(256)) * (1100 * 1100 // 256 + 1))
    output = io.BytesIO()
    noisy.save(output, "PNG", compress_level=0)

    response = upload(staff_client, output.getvalue())

    assert response.status_code == 413
    assert response.json()["error"] == "The file is 1.16 MB; the limit is 1 MB."
    assert stored_files(media_root) == []


def test_decompression_bomb_is_refused_before_it_is_decoded(staff_client, media_root):
    # 100 megapixels that compress to a few kilobytes.
    bomb = image_bytes("PNG", size=(10_000, 10_000), mode="1")
    assert len(bomb) < 100_000

    response = upload(staff_client, bomb)

    assert response.status_code == 400
    assert response.json()["error"] == (
        "The image has more than 50 megapixels. Scale it down and upload it again."
    )
    assert stored_files(media_root) == []


def test_upload_without_alt_text_is_refused(staff_client, media_root):
    response = upload(staff_client, image_bytes(), alt="   ")

    assert response.status_code == 400
    assert "alt text" in response.json()["error"]
    assert stored_files(media_root) == []


def test_alt_text_cannot_break_out_of_the_markdown(staff_client):
    response = upload(staff_client, image_bytes(), alt="A [bracket]\n](javascript:alert(1))")

    image_code = response.json()["image_code"]
    assert image_code.startswith(r"![A \[bracket\] \](javascript:alert(1))](/media/images/")
    rendered = render_markdown(image_code)
    assert 'alt="A [bracket] ](javascript:alert(1))"' in rendered
    assert 'src="/media/images/' in rendered


def test_missing_file_is_a_clear_error(staff_client):
    response = staff_client.post(UPLOAD_URL, {"alt": "Ferry"})
    assert response.status_code == 400
    assert response.json() == {"error": "Choose an image file to upload."}


def test_readers_cannot_upload(client, media_root):
    response = upload(client, image_bytes())
    assert response.status_code == 403
    assert response.json() == {
        "error": "Your login has expired. Log in again in another tab, then retry."
    }
    assert stored_files(media_root) == []


def test_staff_without_permission_to_change_articles_cannot_upload(
    client, django_user_model, media_root
):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    client.force_login(clerk)
    response = upload(client, image_bytes())
    assert response.status_code == 403
    assert response.json() == {"error": "You may not upload images."}
    assert stored_files(media_root) == []


def test_upload_without_csrf_token_is_refused(staff_user, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert upload(client, image_bytes()).status_code == 403
    assert stored_files(media_root) == []


def test_get_is_not_allowed(staff_client):
    assert staff_client.get(UPLOAD_URL).status_code == 405


@pytest.mark.urls("tests.media_urls")
def test_uploaded_media_are_served_with_nosniff(staff_client, settings):
    url = upload(staff_client, image_bytes("PNG")).json()["url"]

    response = staff_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


class TestAltTextOnPublish:
    @pytest.mark.parametrize(
        "body",
        [
            "Intro.\n\n![](/media/images/2026/03/14/harbour.jpg)",
            "![   ](/media/images/2026/03/14/harbour.jpg)",
            '<img src="/media/images/2026/03/14/harbour.jpg">',
        ],
        ids=["empty-brackets", "blank", "raw-html"],
    )
    def test_publishing_an_image_without_alt_text_is_a_form_error(self, staff_client, body):
        response = staff_client.post(ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, body=body))

        assert response.status_code == 200
        assert "Every image needs alt text before the article is published" in (
            response.content.decode()
        )
        # Nothing the editor typed is lost.
        assert "harbour.jpg" in response.content.decode()
        assert not Article.objects.exists()

    def test_a_draft_may_keep_an_image_without_alt_text_for_now(self, staff_client):
        body = "![](/media/images/2026/03/14/harbour.jpg)"
        response = staff_client.post(ADD_URL, article_form_data(body=body))
        assert response.status_code == 302
        assert Article.objects.get().body == body

    def test_images_with_alt_text_publish(self, staff_client):
        body = "![The harbour at dawn](/media/images/2026/03/14/harbour.jpg)"
        assert (
            staff_client.post(
                ADD_URL, article_form_data(**TYPED_PUBLISH_TIME, body=body)
            ).status_code
            == 302
        )
        assert 'alt="The harbour at dawn"' in Article.objects.get().body_html


def test_pixel_limit_is_configurable(staff_client, media_root, settings):
    settings.NEWSROOM_UPLOAD_MAX_PIXELS = 1_000

    response = upload(staff_client, image_bytes("GIF", size=(40, 30)))

    assert response.status_code == 400
    assert response.json()["error"] == (
        "The image has more than 0.001 megapixels. Scale it down and upload it again."
    )
    assert stored_files(media_root) == []


def test_gif_comments_are_stripped_and_animation_kept(staff_client, media_root):
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "green", "blue")]
    output = io.BytesIO()
    frames[0].save(
        output, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0,
        comment=b"shot at 12 Secret Street",
    )  # fmt: skip

    response = upload(staff_client, output.getvalue(), name="anim.gif", content_type="image/gif")

    assert response.status_code == 201
    (stored,) = stored_files(media_root)
    assert b"Secret Street" not in stored.read_bytes()
    with Image.open(stored) as image:
        assert image.n_frames == 3


_SAMPLES = [image_bytes(format_, size=(12, 9)) for format_ in ("PNG", "JPEG", "WEBP", "GIF")]


@settings_(max_examples=150, deadline=None)
@given(
    sample=st.sampled_from(_SAMPLES),
    damage=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(10, 500),
)
def test_damaged_images_are_refused_or_cleaned_never_a_crash(sample, damage, cut):
    data = bytearray(sample[:cut])
    for position, value in damage:
        if position < len(data):
            data[position] = value
    try:
        cleaned, extension = reencode_image(bytes(data))
    except ImageRejected as rejected:
        assert rejected.status == 400
    else:
        with Image.open(io.BytesIO(cleaned)) as image:
            image.load()
        assert extension in {"png", "jpg", "webp", "gif"}
