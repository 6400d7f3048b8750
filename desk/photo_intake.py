"""
A file an editor uploads into the photo library: refused with a message they understand,
or re-encoded clean (desk/uploads.py: type from the bytes, pixel limit before decoding,
nothing but pixels kept) with its embedded IPTC/XMP captions and credits read first.
"""

import io
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from articles.photos.hashing import content_hash, near_duplicates
from articles.photos.library import add_photo
from articles.photos.metadata import read_metadata

from .uploads import ImageRejected, _megabytes, reencode_image

# Prefixes of files Pillow would never call an image but a browser might run.
_MARKUP_STARTS = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe<", b"\xfe\xff\x00<")


class Intake(NamedTuple):
    photo: object
    created: bool
    prefilled: tuple
    near_duplicates: list


def intake_photo(upload, user=None):
    """Add an uploaded file to the library; raise ImageRejected with the editor's message."""
    max_bytes = settings.NEWSROOM_UPLOAD_MAX_BYTES
    name = getattr(upload, "name", "") or _("the file")
    if upload.size > max_bytes:
        raise ImageRejected(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": _megabytes(upload.size), "limit": _megabytes(max_bytes)},
            status=413,
        )
    data = upload.read()
    if not data:
        raise ImageRejected(_("%(name)s is empty.") % {"name": name})
    if data.lstrip()[:1] == b"<" or data.startswith(_MARKUP_STARTS):
        raise ImageRejected(
            _("%(name)s is SVG or HTML, not a photo: upload a JPEG, PNG or WebP.") % {"name": name}
        )
    if _truncated(data):
        raise ImageRejected(
            _(
                "%(name)s is cut short (did the upload or download stop early?), or has "
                "something after the picture. Upload the complete file again."
            )
            % {"name": name}
        )
    try:
        clean, extension = reencode_image(data)
    except ImageRejected as refused:
        raise ImageRejected(f"{name}: {refused.message}", refused.status) from None
    digest = content_hash(data)
    # Read from the upload (reencode_image has checked it is a sound, bounded image).
    with Image.open(io.BytesIO(data)) as original:
        metadata = read_metadata(original)
    photo, created = add_photo(clean, extension, upload_hash=digest, user=user, **metadata)
    duplicates = near_duplicates(photo.perceptual_hash, exclude_pk=photo.pk) if created else []
    return Intake(photo, created, tuple(metadata), duplicates)


def _truncated(data):
    """A JPEG or PNG must end where its picture ends. Pillow fills a cut-off JPEG with grey
    and carries on (readers would see the grey), and bytes after the end are how a
    polyglot (an image that is also HTML or a script) hides its second self."""
    end = data.rstrip(b"\0\r\n\t ")
    if data[:2] == b"\xff\xd8":
        return not end.endswith(b"\xff\xd9")
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return not end.endswith(b"IEND\xaeB`\x82")
    return False
