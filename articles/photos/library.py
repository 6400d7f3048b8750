"""One clean picture into the library. The desk's upload (desk/photo_intake.py) decides
what is clean; the demo content and the seeder hand in pictures they drew."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image

from ..models.photos import Photo
from .hashing import content_hash, difference_hash
from .refresh import photo_changed
from .renditions import schedule_renditions


def original_name(digest, extension):
    # Named by content: a name is never reused for other bytes, so the front server may
    # let browsers keep it for a year.
    return f"photos/{digest[:2]}/{digest[:32]}.{extension}"


def add_photo(clean_data, extension, *, upload_hash=None, user=None, **fields):
    """Return (photo, created). The same upload again returns the photo it made."""
    digest = upload_hash or content_hash(clean_data)
    existing = Photo.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    with Image.open(io.BytesIO(clean_data)) as image:
        width, height = image.size
        perceptual = difference_hash(image)
    name = original_name(digest, extension)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(clean_data))
    photo = Photo(
        image=name,
        width=width,
        height=height,
        content_hash=digest,
        perceptual_hash=perceptual,
        uploaded_by=user,
        **fields,
    )
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        # The same file uploaded at the same moment by someone else: theirs won.
        existing = Photo.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return existing, False
    schedule_renditions(photo)
    photo_changed(photo)
    return photo, True
