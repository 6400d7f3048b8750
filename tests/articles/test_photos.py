import io

import pytest
from django.core.files.storage import default_storage
from django.db.models import ProtectedError
from django.utils import timezone
from PIL import Image

from articles.models import Photo, Rendition
from articles.photos.crops import crop_box, fitted_box, parse_crop
from articles.photos.hashing import bits_apart, difference_hash, near_duplicates
from articles.photos.library import add_photo
from articles.photos.renditions import make_renditions, planned
from tests.factories import make_article, make_photo, photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def opened(name):
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


def test_the_same_file_added_again_finds_the_photo_it_made():
    data = photo_bytes()
    first, created = add_photo(data, "jpg")
    again, created_again = add_photo(data, "jpg")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Photo.objects.count() == 1


def test_original_is_named_by_its_content():
    photo = make_photo()
    assert photo.image.name.startswith(f"photos/{photo.content_hash[:2]}/{photo.content_hash[:32]}")


def test_a_resized_copy_is_pointed_out_as_a_near_duplicate():
    original = make_photo(size=(640, 400), colour=(90, 150, 210))
    smaller, _ = add_photo(photo_bytes((320, 200), colour=(90, 150, 210)), "jpg")
    unrelated = Image.new("RGB", (320, 200))
    unrelated.paste((255, 255, 255), (0, 0, 100, 200))
    assert near_duplicates(smaller.perceptual_hash, exclude_pk=smaller.pk) == [original]
    assert bits_apart(difference_hash(unrelated), original.perceptual_hash) > 10


def test_automatic_crop_keeps_the_focal_point():
    photo = make_photo(size=(1600, 1000))
    photo.focal_x, photo.focal_y = 0.9, 0.5
    left, top, width, height = crop_box(photo, "1:1")
    assert (width, height) == (1000, 1000)
    assert left == 600  # as far right as the picture allows
    assert fitted_box(1600, 1000, "16:9") == (0, 50, 1600, 900)


def test_crop_override_is_trimmed_to_its_ratio():
    photo = make_photo(size=(1600, 1000))
    photo.crops = {"16:9": [100, 100, 800, 500]}
    assert crop_box(photo, "16:9") == (100, 125, 800, 450)


def test_crop_override_outside_the_picture_is_refused():
    with pytest.raises(ValueError, match="past the picture's edge"):
        parse_crop("1000, 0, 800, 450", "16:9", 1600, 1000)
    with pytest.raises(ValueError, match="four numbers"):
        parse_crop("10, 20", "16:9", 1600, 1000)
    assert parse_crop("0, 50, 1600, 900", "16:9", 1600, 1000) == [0, 50, 1600, 900]


def test_renditions_are_the_named_set_in_three_formats_and_never_enlarged():
    photo = make_photo(size=(1000, 700))
    make_renditions.call(photo.pk)
    made = Rendition.objects.filter(photo=photo, status=Rendition.Status.DONE)
    assert made.count() == len(planned(photo))
    assert set(made.values_list("format", flat=True)) == {"avif", "webp", "jpeg"}
    assert max(made.values_list("width", flat=True)) <= 1000
    photo.refresh_from_db()
    jpeg_16_9 = photo.rendition_index["16:9"]["jpeg"]
    assert [width for width, _, _ in jpeg_16_9] == [480, 800]
    image = opened(jpeg_16_9[-1][2])
    assert image.size == (800, 450)
    avif = opened(photo.rendition_index["1:1"]["avif"][0][2])
    assert avif.format == "AVIF" and avif.size == (480, 480)


def test_renditions_carry_no_metadata():
    photo = make_photo(size=(600, 400))
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    for formats in photo.rendition_index.values():
        for renditions in formats.values():
            image = opened(renditions[0][2])
            assert not image.getexif()
            assert "xmp" not in image.info and "exif" not in image.info


def test_running_the_task_again_makes_nothing_twice():
    photo = make_photo(size=(600, 400))
    first = make_renditions.call(photo.pk)
    second = make_renditions.call(photo.pk)
    assert first["made"] == len(planned(photo))
    assert second == {"made": 0, "failed": 0}


def test_a_new_crop_replaces_that_ratios_renditions_and_removes_the_old_files(
    django_capture_on_commit_callbacks,
):
    photo = make_photo(size=(1000, 700))
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    old_files = [name for _, _, name in photo.rendition_index["1:1"]["jpeg"]]
    untouched = photo.rendition_index["16:9"]
    photo.crops = {"1:1": [0, 0, 600, 600]}
    photo.save()
    with django_capture_on_commit_callbacks(execute=True):  # files go once the index moved
        make_renditions.call(photo.pk)
    photo.refresh_from_db()
    assert photo.rendition_index["16:9"] == untouched
    new_files = [name for _, _, name in photo.rendition_index["1:1"]["jpeg"]]
    assert set(new_files).isdisjoint(old_files)
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(default_storage.exists(name) for name in new_files)


def test_a_failed_rendition_is_recorded_retried_and_the_rest_still_made(monkeypatch):
    from articles.photos import renditions

    real_encode = renditions.encode
    calls = {"avif": 0}

    def flaky(picture, format_name, icc_profile=None):
        if format_name == "avif":
            calls["avif"] += 1
            raise OSError("encoder ran out of memory")
        return real_encode(picture, format_name, icc_profile)

    monkeypatch.setattr(renditions, "encode", flaky)
    photo = make_photo(size=(500, 300))
    result = make_renditions.call(photo.pk)
    failed = Rendition.objects.filter(photo=photo, status=Rendition.Status.FAILED)
    assert result["failed"] == failed.count() > 0
    # Retried (inline here) until the attempts ran out, each attempt counted.
    assert set(failed.values_list("attempts", flat=True)) == {renditions.MAX_ATTEMPTS}
    assert "encoder ran out of memory" in failed.first().error
    photo.refresh_from_db()
    assert "avif" not in photo.rendition_index["16:9"]
    assert photo.rendition_index["16:9"]["jpeg"]


def test_a_photo_shown_by_an_article_cannot_be_deleted():
    photo = make_photo()
    make_article(lead_photo=photo, title="Harbour reopens")
    with pytest.raises(ProtectedError) as refused:
        photo.delete()
    assert [str(article) for article in refused.value.protected_objects] == ["Harbour reopens"]


def test_rights_expired_and_usable():
    past = make_photo(rights_expire_at=timezone.now() - timezone.timedelta(days=1))
    future = make_photo(rights_expire_at=timezone.now() + timezone.timedelta(days=1))
    forever = make_photo()
    assert list(Photo.objects.rights_expired()) == [past]
    assert set(Photo.objects.usable()) == {future, forever}
    assert past.rights_expired and not future.rights_expired
