"""
Images in article bodies: what the editor's upload keeps of a file, and the alt-text rule.

Replaces django-markdownx's upload, which trusts the browser's declared type and
keeps the client's file name. Here Pillow decides the format from the bytes, the
image is decoded and encoded again (nothing but pixels survives: no EXIF GPS, no
appended HTML), and the file gets a random name with the detected format's
extension.
"""

import io
import uuid
import warnings
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from articles.markdown import render_markdown

# Detected format -> (format to write, extension). GIF is re-encoded like the rest.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("GIF", "gif"),
}
# Pixel data the encoders need to draw the image as it was; everything else in
# Image.info (EXIF, XMP, comments, text chunks) is dropped.
KEPT_IMAGE_INFO = ("transparency", "duration", "loop", "background", "icc_profile")


class ImageRejected(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def _megabytes(size):
    return f"{size / (1024 * 1024):.3g} MB"


def reencode_image(data):
    """Return (bytes, extension) of a clean copy of an uploaded image, or raise ImageRejected."""
    unreadable = ImageRejected(_("This file is not a PNG, JPEG, WebP or GIF image."))
    max_pixels = settings.NEWSROOM_UPLOAD_MAX_PIXELS
    too_large = ImageRejected(
        _("The image has more than %(megapixels)s megapixels. Scale it down and upload it again.")
        % {"megapixels": f"{max_pixels / 1_000_000:g}"}
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard only warns below twice its limit; ours is strict.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            frames = getattr(image, "n_frames", 1)
            # Checked before decoding: the header's size is all a bomb has to show.
            if image.width * image.height * frames > max_pixels:
                raise too_large
            image.load()
            target, extension = ACCEPTED_FORMATS[image.format]
            return _encode_pixels_only(image, target, frames), extension
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        # Also what a damaged frame or an odd pixel mode raises while re-encoding.
        raise unreadable from None


def _encode_pixels_only(image, target, frames):
    kept = {key: image.info[key] for key in KEPT_IMAGE_INFO if key in image.info}
    if frames == 1:
        # The camera's rotation lives in EXIF, which is about to go.
        image = ImageOps.exif_transpose(image)
    options = {}
    if target == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        options = {"quality": 85, "optimize": True}
    elif target == "WEBP":
        options = {"quality": 85, "save_all": frames > 1}
    elif target == "GIF":
        options = {"save_all": frames > 1}
        options.update({key: kept[key] for key in ("duration", "loop") if key in kept})
    elif image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}:
        image = image.convert("RGBA")
    image.info = kept
    if "icc_profile" in kept:
        options["icc_profile"] = kept["icc_profile"]
    output = io.BytesIO()
    image.save(output, target, **options)
    return output.getvalue()


def store_image(upload):
    """Save a clean copy of an uploaded image; return its public URL."""
    max_bytes = settings.NEWSROOM_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ImageRejected(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(max_bytes)},
            status=413,
        )
    data, extension = reencode_image(upload.read())
    folder = timezone.now().strftime("images/%Y/%m/%d")
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    return default_storage.url(name)


def markdown_image(alt_text, url):
    # Alt text is one line of plain words; brackets and backslashes would end it early.
    words = " ".join(alt_text.split())
    for character in "\\[]":
        words = words.replace(character, f"\\{character}")
    return f"![{words}]({url})"


class _ImagesWithoutAltText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        decorative = "data-decorative" in attributes  # a library photo marked so
        if tag == "img" and not decorative and not (attributes.get("alt") or "").strip():
            self.sources.append(attributes.get("src") or "")


def images_without_alt_text(markdown_text):
    parser = _ImagesWithoutAltText()
    parser.feed(render_markdown(markdown_text))
    parser.close()
    return parser.sources
