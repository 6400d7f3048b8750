"""
The pictures of an archive: each fetched once, from the old site's uploads folder copied
here or from its address (`--media-from DIR|URL`), into the photo library.

A picture is known by its path under the uploads folder, so the same file reached by
another address is the same picture: WordPress's resized copies (`pier-300x200.jpg`),
Jetpack's and other CDNs' rewritten addresses (`i0.wp.com/site/wp-content/uploads/…`,
`site.files.wordpress.com/2012/07/…`) and query strings (`?w=300`) all lead back to the
original. Two different addresses holding the same bytes are one photo (the library finds
it by content hash).

The attachment items of a WordPress export carry what the library keeps with a picture
(caption, alt text, credit, copyright); they are read in a first pass over the file, so a
post may come before or after its pictures.
"""

import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from ..photo_intake import intake_photo
from ..uploads import ImageRejected

SIZED_NAME = re.compile(r"-\d+x\d+(?=\.\w+$)")
_UPLOADS = "/wp-content/uploads/"
# WordPress.com keeps uploads at /YYYY/MM/name on its files host.
_DATED = re.compile(r"/(\d{4}/\d{2}/[^/]+)$")
# Values of the image_meta array PHP serialised into _wp_attachment_metadata.
_PHP_STRING = r's:\d+:"{key}";s:\d+:"(.*?)";'
FETCH_TIMEOUT = 20


class Attachment(NamedTuple):
    url: str
    alt: str
    caption: str
    credit: str
    copyright: str
    parent: str


def attachment_of(item):
    """An export's attachment item as the library's fields."""
    meta = item.meta
    packed = (meta.get("_wp_attachment_metadata") or [""])[0]

    def image_meta(key):
        found = re.search(_PHP_STRING.format(key=key), packed, re.S)
        return found.group(1).strip() if found else ""

    caption = " ".join(_plain(item.excerpt).split()) or image_meta("caption")
    return Attachment(
        url=item.attachment_url,
        alt=(meta.get("_wp_attachment_image_alt") or [""])[0].strip()[:300],
        caption=caption,
        credit=image_meta("credit")[:200],
        copyright=image_meta("copyright")[:300],
        parent=item.parent if item.parent not in ("", "0") else "",
    )


def media_key(src):
    """The path of a picture under the old site's uploads folder, the same for every
    address and size of it; "" when the address says nothing of where the file lives."""
    parts = urlsplit(src.strip())
    path = unquote(parts.path)
    if _UPLOADS in path:
        relative = path.split(_UPLOADS, 1)[1]
    elif (dated := _DATED.search(path)) is not None:
        relative = dated.group(1)
    else:
        relative = path.rsplit("/", 1)[-1]
    relative = relative.lstrip("/")
    if not relative or ".." in relative.split("/"):
        return ""
    return SIZED_NAME.sub("", relative)


class Found(NamedTuple):
    photo: object  # None when the picture could not be had
    why: str  # for the report when it could not


class MediaLibrary:
    """Pictures for one import run: fetched once each, remembered by their key."""

    def __init__(self, media_from, *, user=None, dry_run=False, attachments=None):
        self.base = None
        self.folder = None
        if media_from:
            text = str(media_from)
            if text.startswith(("http://", "https://")):
                self.base = text.rstrip("/") + "/"
            else:
                self.folder = Path(text)
        self.user = user
        self.dry_run = dry_run
        self.attachments = attachments if attachments is not None else {}
        self.by_key = {}  # key -> photo pk, for pictures whose item committed
        self.pending = {}  # key -> photo pk, for the item being written
        self.unavailable = {}  # key -> why (a missing file is asked for once)
        self.fetched = 0

    @property
    def where(self):
        if self.base:
            return "not found at the --media-from address"
        if self.folder:
            return "not in the --media-from folder"
        return "no --media-from folder"

    def begin_item(self):
        self.pending = {}

    def commit_item(self):
        self.by_key.update(self.pending)
        self.pending = {}

    def photo_for(self, picture):
        """The library photo for a picture of a body, with the attachment's caption,
        alt text and credit filled in where the library has none."""
        from articles.models import Photo

        key = media_key(picture.src)
        if not key:
            return Found(None, self.where)
        known = self.pending.get(key) or self.by_key.get(key)
        photo = Photo.objects.filter(pk=known).first() if known else None
        if photo is None:
            if key in self.unavailable:
                return Found(None, self.unavailable[key])
            if self.folder is None and self.base is None:
                return Found(None, self.where)
            if self.dry_run and self.base:
                return Found(None, "not fetched in a dry run")
            data, name = self._fetch(picture.src, key)
            if data is None:
                self.unavailable[key] = self.where
                return Found(None, self.where)
            if self.dry_run:
                return Found(True, "")
            try:
                photo = intake_photo(SimpleUploadedFile(name, data), user=self.user).photo
            except ImageRejected as refused:
                self.unavailable[key] = f"refused: {refused.message}"
                return Found(None, self.unavailable[key])
            self.pending[key] = photo.pk
        self._describe(photo, picture)
        return Found(photo, "")

    def _describe(self, photo, picture):
        attachment = self.attachments.get(picture.attachment_id) if picture.attachment_id else None
        if attachment is None:
            attachment = self._attachment_by_key(media_key(picture.src))
        fields = {
            "caption": picture.caption or (attachment.caption if attachment else ""),
            "alt_text": picture.alt[:300] or (attachment.alt if attachment else ""),
            "credit_line": attachment.credit if attachment else "",
            "copyright_notice": attachment.copyright if attachment else "",
        }
        # What the library already says (the desk's work, or an earlier import) stands.
        changed = [name for name, value in fields.items() if value and not getattr(photo, name)]
        for name in changed:
            setattr(photo, name, fields[name])
        if changed:
            photo.save(update_fields=changed)

    def _attachment_by_key(self, key):
        if not key:
            return None
        if not hasattr(self, "_keys"):
            self._keys = {media_key(a.url): a for a in self.attachments.values() if a.url}
        return self._keys.get(key)

    def _fetch(self, src, key):
        """The original's bytes (else the resized copy the page linked), and a file name."""
        relative = media_key_as_linked(src) or key
        tries = list(dict.fromkeys((key, relative)))
        for candidate in tries:
            data = self._read_local(candidate) if self.folder else self._download(candidate)
            if data is not None:
                self.fetched += 1
                return data, candidate.rsplit("/", 1)[-1]
        return None, ""

    def _read_local(self, relative):
        root = self.folder.resolve()
        for found in (self.folder / relative, self.folder / Path(relative).name):
            try:
                if found.resolve().is_relative_to(root) and found.is_file():
                    return found.read_bytes()
            except (OSError, ValueError):
                continue
        return None

    def _download(self, relative):
        url = self.base + quote(relative)
        limit = settings.NEWSROOM_UPLOAD_MAX_BYTES
        request = urllib.request.Request(url, headers={"User-Agent": "newsroom-import"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
                data = response.read(limit + 1)
        except (urllib.error.URLError, OSError, ValueError):
            return None
        # Over the limit: intake_photo refuses it with the library's own message.
        return data


def media_key_as_linked(src):
    """Like media_key, but keeping the size in the name (the copy the page showed)."""
    parts = urlsplit(src.strip())
    path = unquote(parts.path)
    if _UPLOADS in path:
        return path.split(_UPLOADS, 1)[1].lstrip("/")
    dated = _DATED.search(path)
    return dated.group(1) if dated else ""


def _plain(html_text):
    import lxml.html

    if not html_text or not html_text.strip():
        return ""
    try:
        return lxml.html.fragment_fromstring(html_text, create_parent="div").text_content()
    except Exception:
        return html_text
