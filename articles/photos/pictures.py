"""
What a page writes for a library photo: one <picture> with AVIF and WebP sources and a
JPEG <img>, the named widths made so far, the `sizes` of the slot it sits in, and
width/height always (no layout shift). Before any rendition exists the <img> is the
original, which the browser scales: a page never waits for, nor runs, an encoder.
"""

from typing import NamedTuple

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models.photos import FORMATS


class Slot(NamedTuple):
    ratio: str
    sizes: str
    width: int  # the <img>'s own src: what a browser without srcset gets


# The reader stylesheet's column is 42rem wide (--measure) inside 1rem of padding.
SLOTS = {
    "lead": Slot("16:9", "(min-width: 44rem) 42rem, calc(100vw - 2rem)", 800),
    "home_lead": Slot("16:9", "(min-width: 44rem) 42rem, calc(100vw - 2rem)", 800),
    "inline": Slot("4:3", "(min-width: 44rem) 42rem, calc(100vw - 2rem)", 800),
    "thumbnail": Slot("1:1", "(min-width: 30rem) 7rem, 5rem", 480),
}


PRIORITY = mark_safe('fetchpriority="high"')
LAZY = mark_safe('loading="lazy"')


class Picture(NamedTuple):
    sources: list  # [(mime type, srcset)]
    src: str
    srcset: str
    width: int
    height: int


def renditions(photo, ratio, format_name):
    return [tuple(entry[:3]) for entry in photo.rendition_index.get(ratio, {}).get(format_name, [])]


def _srcset(made):
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, _, name in made)


def picture(photo, slot_name, ratio=None):
    """ratio: another shape than the slot's (the front's crop for one placement)."""
    slot = SLOTS[slot_name]
    ratio = ratio or slot.ratio
    jpegs = renditions(photo, ratio, "jpeg")
    if not jpegs:
        return Picture([], photo.image.url, "", photo.width, photo.height)
    sources = []
    for format_name, mime in FORMATS.items():
        made = renditions(photo, ratio, format_name)
        if format_name != "jpeg" and made:
            sources.append((mime, _srcset(made)))
    width, height, name = min(jpegs, key=lambda made: abs(made[0] - slot.width))
    return Picture(sources, default_storage.url(name), _srcset(jpegs), width, height)


def picture_html(photo, slot_name, alt, *, priority=False, ratio=None):
    """<picture> for a slot; `priority` for the one image a reader sees first (the lead)."""
    chosen = picture(photo, slot_name, ratio)
    sizes = SLOTS[slot_name].sizes
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, srcset, sizes) for mime, srcset in chosen.sources),
    )
    loading = PRIORITY if priority else LAZY
    srcset = format_html(' srcset="{}" sizes="{}"', chosen.srcset, sizes) if chosen.srcset else ""
    return format_html(
        '<picture>{}<img src="{}"{} width="{}" height="{}" alt="{}" {} decoding="async"></picture>',
        sources,
        chosen.src,
        srcset,
        chosen.width,
        chosen.height,
        alt,
        loading,
    )


def largest(photo, ratio):
    """(url, width, height) of the widest JPEG of a ratio, or the original: for crawlers."""
    jpegs = renditions(photo, ratio, "jpeg")
    if not jpegs:
        return photo.image.url, photo.width, photo.height
    width, height, name = max(jpegs)
    return default_storage.url(name), width, height


def credit_text(photo):
    return photo.credit_line or photo.creator or photo.source
