import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Photo, Rendition
from tests.factories import iptc_block, make_article, make_photo, photo_bytes, xmp_packet

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:articles_photo_upload")
LIST_URL = reverse("admin:articles_photo_changelist")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def change_url(photo):
    return reverse("admin:articles_photo_change", args=[photo.pk])


def photo_form(photo, **changes):
    data = {
        field: getattr(photo, field)
        for field in (
            "caption",
            "alt_text",
            "keywords",
            "credit_line",
            "creator",
            "copyright_notice",
            "source",
            "licence",
            "usage_terms",
            "licence_url",
            "acquire_licence_url",
            "focal_x",
            "focal_y",
        )
    }
    data.update({"rights_expire_at_0": "", "rights_expire_at_1": ""})
    data.update({"crop_16_9": "", "crop_4_3": "", "crop_1_1": "", "crop_1_91_1": ""})
    data.update(changes)
    return data


def test_add_goes_to_the_upload_page(staff_client):
    response = staff_client.get(reverse("admin:articles_photo_add"))
    assert response.status_code == 302 and response["Location"] == UPLOAD_URL
    page = staff_client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert b'type="file" name="files"' in page.content and b"multiple" in page.content


def test_uploading_several_files_adds_each_and_says_what_the_files_filled_in(staff_client):
    agency = photo_bytes(
        iptc=iptc_block(caption="Ferry at dawn", credit="Jane Doe/Harbour Agency"),
        xmp=xmp_packet(alt_text="A ferry leaving the pier"),
    )
    files = [
        SimpleUploadedFile("agency.jpg", agency, "image/jpeg"),
        SimpleUploadedFile("plain.png", photo_bytes((200, 300), "PNG"), "image/png"),
        SimpleUploadedFile("notes.svg", b"<svg/>", "image/svg+xml"),
    ]
    response = staff_client.post(UPLOAD_URL, {"files": files}, follow=True)
    assert response.redirect_chain[-1][0] == LIST_URL
    shown = [str(message) for message in response.context["messages"]]
    assert any(
        "agency.jpg added. From the file: caption, credit line, alt text" in m for m in shown
    )
    assert any("notes.svg is SVG or HTML" in m for m in shown)
    assert Photo.objects.count() == 2
    photo = Photo.objects.get(credit_line="Jane Doe/Harbour Agency")
    assert photo.alt_text == "A ferry leaving the pier"
    assert photo.uploaded_by is not None


def test_uploading_a_file_already_in_the_library_links_to_it(staff_client):
    data = photo_bytes()
    staff_client.post(UPLOAD_URL, {"files": [SimpleUploadedFile("a.jpg", data, "image/jpeg")]})
    response = staff_client.post(
        UPLOAD_URL, {"files": [SimpleUploadedFile("b.jpg", data, "image/jpeg")]}, follow=True
    )
    photo = Photo.objects.get()
    assert response.redirect_chain[-1][0] == change_url(photo)
    shown = [str(message) for message in response.context["messages"]]
    assert any("b.jpg is already in the library" in message for message in shown)


def test_change_form_shows_the_focal_point_picker_and_where_the_photo_is_used(staff_client):
    photo = make_photo()
    article = make_article(lead_photo=photo, title="Harbour reopens")
    response = staff_client.get(change_url(photo))
    assert b"data-focal-picker" in response.content
    assert b"desk/photo_library.js" in response.content
    assert reverse("admin:articles_article_change", args=[article.pk]).encode() in response.content
    assert b"Harbour reopens" in response.content


def test_a_crop_outside_the_picture_is_a_form_error(staff_client):
    photo = make_photo(size=(320, 200))
    response = staff_client.post(change_url(photo), photo_form(photo, crop_16_9="0, 0, 999, 20"))
    assert response.status_code == 200
    assert "goes past the picture" in response.content.decode()


def test_new_focal_point_and_crop_are_saved_and_renditions_made_after_commit(
    staff_client, django_capture_on_commit_callbacks
):
    photo = make_photo(size=(320, 200))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            change_url(photo), photo_form(photo, focal_x="0.2", crop_1_1="0, 0, 200, 200")
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.focal_x == 0.2
    assert photo.crops == {"1:1": [0, 0, 200, 200]}
    assert Rendition.objects.filter(photo=photo, ratio="1:1", status="done").exists()
    assert photo.rendition_index["1:1"]["jpeg"][0][:2] == [200, 200]


def test_deleting_a_photo_in_use_is_refused_naming_the_story(staff_client):
    photo = make_photo()
    make_article(lead_photo=photo, title="Harbour reopens")
    url = reverse("admin:articles_photo_delete", args=[photo.pk])
    page = staff_client.get(url)
    assert "Harbour reopens" in page.content.decode()
    staff_client.post(url, {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_library_search_finds_a_photo_by_its_credit_and_by_a_story_using_it(staff_client):
    wanted = make_photo(credit_line="Jane Doe/Harbour Agency")
    other = make_photo(credit_line="Staff")
    make_article(lead_photo=other, title="Council budget")
    by_credit = staff_client.get(LIST_URL, {"q": "harbour agency"})
    assert list(by_credit.context["cl"].result_list) == [wanted]
    by_story = staff_client.get(LIST_URL, {"q": "budget"})
    assert list(by_story.context["cl"].result_list) == [other]


def test_rights_filter_lists_expired_photos(staff_client):
    expired = make_photo(rights_expire_at=timezone.now() - timezone.timedelta(days=1))
    make_photo()
    response = staff_client.get(LIST_URL, {"rights": "expired"})
    assert list(response.context["cl"].result_list) == [expired]
    assert b"Expired" in response.content


def test_failed_renditions_are_shown_in_the_list(staff_client):
    photo = make_photo()
    Rendition.objects.create(
        photo=photo,
        source_key="x",
        ratio="16:9",
        width=480,
        height=270,
        format="avif",
        status=Rendition.Status.FAILED,
        error="OSError: encoder ran out of memory",
        attempts=3,
    )
    response = staff_client.get(LIST_URL, {"renditions": "failed"})
    assert list(response.context["cl"].result_list) == [photo]
    assert b"some failed" in response.content
    page = staff_client.get(change_url(photo))
    assert b"encoder ran out of memory" in page.content


def test_deleting_an_unused_photo_removes_its_files(
    staff_client, media_root, django_capture_on_commit_callbacks
):
    from articles.photos.renditions import make_renditions

    photo = make_photo()
    make_renditions.call(photo.pk)
    assert any(media_root.rglob("*.avif"))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_photo_uploaded_in_place_from_the_article_form_becomes_its_choice(staff_client):
    article_form = staff_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_lead_photo"' in article_form  # the "+" beside the lead image
    add = staff_client.get(reverse("admin:articles_photo_add"), {"_to_field": "id", "_popup": "1"})
    assert add["Location"] == f"{UPLOAD_URL}?_to_field=id&_popup=1"
    form = staff_client.get(add["Location"]).content.decode()
    assert 'name="_popup" value="1"' in form and 'name="_to_field" value="id"' in form
    response = staff_client.post(
        UPLOAD_URL,
        {
            "files": [SimpleUploadedFile("a.jpg", photo_bytes(), "image/jpeg")],
            "_popup": "1",
            "_to_field": "id",
        },
    )
    photo = Photo.objects.get()
    assert response.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert f"&quot;value&quot;: &quot;{photo.pk}&quot;" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_credit_fixed_in_the_library_re_renders_only_the_pages_showing_the_photo(
    staff_client,
):
    from django.test import Client

    reader = Client()
    photo = make_photo(credit_line="Photo: Staff")
    shown = make_article(title="Ferries return", slug="ferries-return", lead_photo=photo)
    other = make_article(title="Council meets", slug="council-meets")
    for article in (shown, other):
        reader.get(article.get_absolute_url())
        assert reader.get(article.get_absolute_url())["X-Cache"] == "hit"

    response = staff_client.post(
        change_url(photo), photo_form(photo, credit_line="Photo: A. Reyes")
    )
    assert response.status_code == 302

    fixed = reader.get(shown.get_absolute_url())
    assert fixed["X-Cache"] == "miss"
    assert "Photo: A. Reyes" in fixed.content.decode()
    assert reader.get(other.get_absolute_url())["X-Cache"] == "hit"
