"""
The brand's stylesheet: its typefaces (NEWSROOM_BRAND_FONTS: @font-face rules for font
files among the project's own static files, and the custom properties static/css/site.css
draws headlines and body text with) and its accent colour (NEWSROOM_ACCENT_COLOUR, for
links and buttons). They reach readers as one stylesheet from our own origin, under an
address that carries its content's hash (so browsers keep it for a year): the CSP allows
no inline style, and fonts from no other origin.

Nothing configured (system fonts, site.css's own accent): no stylesheet, no preload. A
font file that is missing or of the wrong format is a system check error at start-up
(`migrate` runs the checks before gunicorn starts); a process that starts anyway logs it
and serves the system fonts rather than failing readers' pages. An accent too pale to read
on white is a warning, and pages keep site.css's.
"""

import hashlib
import json
import logging
import re
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)

# Each role's custom property in site.css, and the system fonts behind the brand's.
ROLES = {
    "headline": ("--font-headline", 'system-ui, -apple-system, "Segoe UI", sans-serif'),
    "body": ("--font-body", 'Georgia, "Times New Roman", serif'),
}
# Extension: (CSS format(), MIME type, how such a file starts).
FORMATS = {
    ".woff2": ("woff2", "font/woff2", (b"wOF2",)),
    ".woff": ("woff", "font/woff", (b"wOFF",)),
    ".ttf": ("truetype", "font/ttf", (b"\x00\x01\x00\x00", b"true")),
    ".otf": ("opentype", "font/otf", (b"OTTO",)),
}
STYLES = ("normal", "italic")
# static/css/site.css's --accent in light mode: the one a brand that keeps it needs no rule for.
SITE_CSS_ACCENT = "#a4161a"
COLOUR = re.compile(r"#([0-9a-fA-F]{3}){1,2}\Z")
# WCAG AA for text: links on the white page, white text on accent buttons and banners.
MINIMUM_CONTRAST = 4.5
# What may go between quotes and url() in a stylesheet without ending them.
FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,63}\Z")
FALLBACK = re.compile(r"[A-Za-z0-9 ,\"_-]{1,200}\Z")
PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*\Z")
WEIGHT = re.compile(r"([1-9][0-9]{0,2}|1000)( ([1-9][0-9]{0,2}|1000))?\Z")


class Face(NamedTuple):
    family: str
    path: str
    format: str
    mime: str
    weight: str
    style: str


class BrandStylesheet(NamedTuple):
    css: str
    version: str
    url: str
    preload: Face | None  # the body's regular face: the one every page needs first
    preload_url: str


def problems(config):
    """What is wrong with a NEWSROOM_BRAND_FONTS value, one sentence each."""
    if not isinstance(config, dict):
        return ["must be a JSON object with a 'headline' and/or a 'body' entry."]
    found = []
    for role, entry in config.items():
        if role not in ROLES:
            found.append(f"{role!r} is not a role; use 'headline' or 'body'.")
            continue
        if not isinstance(entry, dict):
            found.append(f"{role!r} must be an object with 'family' and 'files'.")
            continue
        unknown = set(entry) - {"family", "files", "fallback"}
        if unknown:
            found.append(f"{role!r} has unknown keys: {', '.join(sorted(unknown))}.")
        family = entry.get("family")
        if not isinstance(family, str) or not FAMILY.match(family):
            found.append(f"{role!r} needs a 'family' name of letters, digits, spaces, '-' or '_'.")
        fallback = entry.get("fallback", ROLES[role][1])
        if not isinstance(fallback, str) or not FALLBACK.match(fallback):
            found.append(f"{role!r} 'fallback' must be a list of font names, e.g. 'serif'.")
        files = entry.get("files")
        if not isinstance(files, list) or not files:
            found.append(f"{role!r} needs 'files': a list of font files under static/.")
            continue
        for number, file in enumerate(files, 1):
            found.extend(f"{role!r} file {number}: {p}" for p in _file_problems(file))
    return found


def _file_problems(file):
    if not isinstance(file, dict) or not isinstance(file.get("path"), str):
        return ["must be an object with a 'path' under the static files."]
    found = []
    unknown = set(file) - {"path", "weight", "style"}
    if unknown:
        found.append(f"unknown keys: {', '.join(sorted(unknown))}.")
    if not WEIGHT.match(str(file.get("weight", 400))):
        found.append("'weight' must be 1 to 1000, or a range such as '100 900'.")
    if file.get("style", "normal") not in STYLES:
        found.append(f"'style' must be one of {', '.join(STYLES)}.")
    path = file["path"]
    extension = path[path.rfind(".") :].lower() if "." in path else ""
    if not PATH.match(path) or ".." in path.split("/"):
        return [*found, f"{path!r} is not a static path such as 'fonts/brand.woff2'."]
    if extension not in FORMATS:
        return [*found, f"{path!r} is not a web font; use {', '.join(FORMATS)}."]
    source = finders.find(path)
    if not source:
        return [*found, f"{path!r} is not in the static files (STATICFILES_DIRS)."]
    with open(source, "rb") as opened:
        start = opened.read(4)
    if not start.startswith(FORMATS[extension][2]):
        found.append(f"{path!r} is not a {FORMATS[extension][0]} file (its first bytes).")
    return found


def faces(config):
    """(role, family, fallback, [Face]) for a valid setting."""
    for role, entry in config.items():
        family_faces = []
        for file in entry["files"]:
            path = file["path"]
            css_format, mime, _starts = FORMATS[path[path.rfind(".") :].lower()]
            family_faces.append(
                Face(
                    entry["family"],
                    path,
                    css_format,
                    mime,
                    str(file.get("weight", 400)),
                    file.get("style", "normal"),
                )  # fmt: skip
            )
        yield role, entry["family"], entry.get("fallback", ROLES[role][1]), family_faces


def accent_problems(colour):
    if not isinstance(colour, str) or not COLOUR.match(colour):
        return [f"NEWSROOM_ACCENT_COLOUR must be a hex colour such as #a4161a, not {colour!r}."]
    contrast = 1.05 / (_luminance(colour) + 0.05)
    if contrast < MINIMUM_CONTRAST:
        return [
            f"NEWSROOM_ACCENT_COLOUR {colour} has a contrast of {contrast:.2f}:1 with white; "
            f"links and buttons need {MINIMUM_CONTRAST}:1 (WCAG AA)."
        ]
    return []


def _luminance(colour):
    """WCAG 2.1 relative luminance of #rgb or #rrggbb."""
    digits = colour[1:] if len(colour) == 7 else "".join(2 * digit for digit in colour[1:])
    channels = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def stylesheet(config, accent=None):
    rules = []
    # Light mode only: site.css's dark mode keeps its own, lighter accent.
    properties = [f"  --brand-accent: {accent};\n"] if accent else []
    for role, family, fallback, family_faces in faces(config):
        for face in family_faces:
            rules.append(
                "@font-face {\n"
                f'  font-family: "{face.family}";\n'
                f'  src: url("{static(face.path)}") format("{face.format}");\n'
                f"  font-weight: {face.weight};\n"
                f"  font-style: {face.style};\n"
                # The text shows at once in the fallback and changes when the font arrives.
                "  font-display: swap;\n"
                "}\n"
            )
        properties.append(f'  {ROLES[role][0]}: "{family}", {fallback};\n')
    return "".join(rules) + ":root {\n" + "".join(properties) + "}\n"


def _regular(face):
    low, _sep, high = face.weight.partition(" ")
    return face.style == "normal" and int(low) <= 400 <= int(high or low)


def brand_stylesheet():
    """The brand's stylesheet and its preload, or None: site.css alone says it all."""
    config = settings.NEWSROOM_BRAND_FONTS
    accent = settings.NEWSROOM_ACCENT_COLOUR
    if not config and accent.lower() == SITE_CSS_ACCENT:
        return None
    # Keyed by what decides the answer, so a test's override_settings is seen at once.
    return _built(
        json.dumps(config, sort_keys=True),
        accent,
        settings.STATIC_URL,
        json.dumps(settings.STORAGES.get("staticfiles", {}), sort_keys=True, default=str),
        json.dumps([str(folder) for folder in settings.STATICFILES_DIRS]),
    )


@lru_cache(maxsize=8)
def _built(config_json, accent, *_decisive):
    config = json.loads(config_json)
    found = problems(config)
    if found:
        logger.error("NEWSROOM_BRAND_FONTS ignored: %s", " ".join(found))
        config = {}
    if accent_problems(accent):
        logger.warning("NEWSROOM_ACCENT_COLOUR ignored: %s", " ".join(accent_problems(accent)))
    if accent_problems(accent) or accent.lower() == SITE_CSS_ACCENT:
        accent = None
    if not config and not accent:
        return None
    try:
        css = stylesheet(config, accent)
    except ValueError:  # a file collectstatic has not seen: the manifest has no name for it
        logger.exception("NEWSROOM_BRAND_FONTS ignored: a font file is not collected")
        if not accent:
            return None
        config = {}
        css = stylesheet(config, accent)
    version = hashlib.sha256(css.encode()).hexdigest()[:16]
    body_faces = [face for role, *_, fs in faces(config) if role == "body" for face in fs]
    regular = next((face for face in body_faces if _regular(face)), None)
    with translation.override(None):  # one address for every language's pages
        url = reverse("articles:brand_stylesheet", args=[version])
    return BrandStylesheet(
        css=css,
        version=version,
        url=url,
        preload=regular,
        preload_url=static(regular.path) if regular else "",
    )


def check_brand(app_configs=None, **kwargs):
    errors = [
        checks.Error(
            f"NEWSROOM_BRAND_FONTS: {problem}",
            hint="Font files go under static/ (e.g. static/fonts/); see the README's "
            "'Brand' section.",
            id="articles.E001",
        )
        for problem in problems(settings.NEWSROOM_BRAND_FONTS)
    ]
    # A warning: the colour was the toolbar's alone before it coloured links, and a site
    # that chose a pale one still starts, with site.css's accent on its pages.
    errors.extend(
        checks.Warning(
            problem,
            hint="Pages keep the default accent; choose a darker colour.",
            id="articles.W001",
        )
        for problem in accent_problems(settings.NEWSROOM_ACCENT_COLOUR)
    )
    return errors
