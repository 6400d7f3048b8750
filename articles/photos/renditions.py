"""
The sized copies readers download, made by a background task, never in a request.

Each rendition is a row before it is a file: the unique constraint (photo, source, ratio,
width, format) and a row lock around the encoding mean two workers given the same photo
make each file once. A failed encoding is kept as a failed row with its error (the admin
lists them) and retried by a later run of the task; pages meanwhile link what exists
(articles/photos/pictures.py), so nothing is ever broken.
"""

import hashlib
import io
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from PIL import Image, ImageOps

from ..models.photos import FORMATS, RATIOS, WIDTHS, Photo, Rendition
from .inline import refresh_bodies
from .refresh import photo_changed

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=2)
# Encoder settings: about the same visual quality in each format.
ENCODERS = {
    "avif": ("AVIF", {"quality": 55, "speed": 7}),
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}


def source_key(photo, ratio):
    """Names the picture and crop a rendition is made from: new crop, new key."""
    box = photo.crop_box(ratio)
    return hashlib.sha256(f"{photo.content_hash}:{ratio}:{box}".encode()).hexdigest()[:16]


def planned_widths(box_width):
    """The named widths that fit in the crop; a crop narrower than all of them is made once
    at its own width (pictures are never enlarged)."""
    widths = [width for width in WIDTHS.values() if width <= box_width]
    return widths or [box_width]


def planned(photo):
    """[(source_key, ratio, width, height, format)] the photo should have."""
    plan = []
    for ratio, shape in RATIOS.items():
        key = source_key(photo, ratio)
        for width in planned_widths(photo.crop_box(ratio)[2]):
            for name in FORMATS:
                plan.append((key, ratio, width, max(1, round(width / shape)), name))
    return plan


def rendition_name(photo, key, ratio, width, format_name):
    shape = ratio.replace(":", "x").replace(".", "_")
    return (
        f"photos/{photo.content_hash[:2]}/{photo.content_hash[:32]}/"
        f"{key}-{shape}-{width}.{EXTENSIONS[format_name]}"
    )


def schedule_renditions(photo):
    """Ask for the photo's renditions once the transaction saving it commits."""
    photo_id = photo.pk
    transaction.on_commit(lambda: make_renditions.enqueue(photo_id))


def sized(source, box, width, height, cache=None):
    """The crop at a width; `cache` keeps each size for the other formats and, shrunk
    further, for the smaller widths (one full-size resample per ratio, not one a file)."""
    key = (box, width, height)
    if cache is not None and key in cache:
        return cache[key]
    left, top, box_width, box_height = box
    start = source
    if cache is not None:
        larger = [k for k in cache if k[0] == box and k[1] >= width]
        if larger:
            start, box = cache[min(larger, key=lambda k: k[1])], None
    if box is not None:
        start = start.crop((left, top, left + box_width, top + box_height))
    picture = start.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if picture.mode not in {"RGB", "L"}:
        picture = picture.convert("RGB")
    if cache is not None:
        cache[key] = picture
    return picture


def encode(picture, format_name, icc_profile=None):
    # Nothing but the colour profile travels into a reader's file.
    kept = {"icc_profile": icc_profile} if icc_profile else {}
    picture.info = {}
    pillow_format, options = ENCODERS[format_name]
    output = io.BytesIO()
    picture.save(output, pillow_format, **options, **kept)
    return output.getvalue()


def _open_original(photo):
    with default_storage.open(photo.image.name, "rb") as stored:
        source = Image.open(io.BytesIO(stored.read()))
        source.load()
    return ImageOps.exif_transpose(source)


@task()
def make_renditions(photo_id, attempt=1):
    """Make what is missing of a photo's named set, publish what exists, clean up the rest."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return {"made": 0, "failed": 0}
    plan = planned(photo)
    Rendition.objects.bulk_create(
        (
            Rendition(photo=photo, source_key=k, ratio=r, width=w, height=h, format=f)
            for k, r, w, h, f in plan
        ),
        ignore_conflicts=True,
    )
    source = None
    made = failed = 0
    cache = {}
    # Widest first: each smaller width is shrunk from the one above it.
    for key, ratio, width, height, format_name in sorted(plan, key=lambda p: (p[1], -p[2])):
        if cache and next(iter(cache))[0] != photo.crop_box(ratio):
            cache.clear()  # a ratio is done: its sizes are not needed again
        with transaction.atomic():
            row = (
                Rendition.objects.select_for_update()
                .filter(photo=photo, source_key=key, ratio=ratio, width=width, format=format_name)
                .first()
            )
            if row is None or row.status == Rendition.Status.DONE:
                continue  # made by another worker meanwhile
            row.attempts += 1
            try:
                if source is None:
                    source = _open_original(photo)
                picture = sized(source, photo.crop_box(ratio), width, height, cache)
                data = encode(picture, format_name, source.info.get("icc_profile"))
                name = rendition_name(photo, key, ratio, width, format_name)
                if default_storage.exists(name):
                    default_storage.delete(name)  # a half-written file of a failed attempt
                row.file = default_storage.save(name, ContentFile(data))
                row.status, row.error = Rendition.Status.DONE, ""
                made += 1
            except Exception as error:
                logger.warning("rendition %s failed", row, exc_info=True)
                row.status, row.error = Rendition.Status.FAILED, f"{type(error).__name__}: {error}"
                failed += 1
            row.save(update_fields=("attempts", "file", "status", "error", "modified"))
    publish_renditions(photo)
    if failed and attempt < MAX_ATTEMPTS:
        retry = make_renditions
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_AFTER * attempt)
        retry.enqueue(photo_id, attempt=attempt + 1)
    return {"made": made, "failed": failed}


def publish_renditions(photo):
    """Write the index pages link from, then delete renditions no page will link again.

    A ratio keeps its older renditions until its new crop has some of its own, so a page
    always finds a file."""
    with transaction.atomic():
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        current = {ratio: source_key(photo, ratio) for ratio in RATIOS}
        made = Rendition.objects.filter(photo=photo, status=Rendition.Status.DONE)
        index, stale = {}, []
        by_ratio = {}
        for rendition in made.order_by("width"):
            by_ratio.setdefault(rendition.ratio, []).append(rendition)
        for ratio, renditions in by_ratio.items():
            fresh = [r for r in renditions if r.source_key == current[ratio]]
            shown = fresh or renditions
            stale.extend(r for r in renditions if fresh and r.source_key != current[ratio])
            for rendition in shown:
                formats = index.setdefault(ratio, {})
                formats.setdefault(rendition.format, []).append(
                    [rendition.width, rendition.height, rendition.file]
                )
        outdated = Rendition.objects.filter(photo=photo).exclude(status=Rendition.Status.DONE)
        for ratio, key in current.items():
            outdated = outdated.exclude(ratio=ratio, source_key=key)
        outdated.delete()
        if index != photo.rendition_index:
            photo.rendition_index = index
            photo.save(update_fields=("rendition_index",))
            refresh_bodies(photo)
            photo_changed(photo)
        names = [rendition.file for rendition in stale]
        Rendition.objects.filter(pk__in=[rendition.pk for rendition in stale]).delete()
        transaction.on_commit(lambda: delete_files(names))


def delete_files(names):
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not delete %s", name, exc_info=True)
