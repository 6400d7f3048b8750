"""
What the photographer or agency wrote into the file, to prefill the library record:
IPTC IIM (the APP13 block agencies still send) and XMP (where the IPTC "Alt Text
(Accessibility)" lives). Read from the upload before it is re-encoded; none of it
reaches readers' files.
"""

import logging

from defusedxml import ElementTree
from PIL import IptcImagePlugin

logger = logging.getLogger(__name__)

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}

# IPTC IIM record 2 datasets -> our fields.
IIM_FIELDS = {
    (2, 120): "caption",
    (2, 110): "credit_line",
    (2, 80): "creator",
    (2, 116): "copyright_notice",
    (2, 115): "source",
    (2, 25): "keywords",
}
# XMP properties -> our fields (XMP wins over IIM: it is the newer, Unicode-safe one).
XMP_FIELDS = {
    "dc:description": "caption",
    "photoshop:Credit": "credit_line",
    "dc:creator": "creator",
    "dc:rights": "copyright_notice",
    "photoshop:Source": "source",
    "dc:subject": "keywords",
    "Iptc4xmpCore:AltTextAccessibility": "alt_text",
    "xmpRights:UsageTerms": "usage_terms",
    "xmpRights:WebStatement": "licence_url",
}
LIMITS = {
    "caption": 2000,
    "alt_text": 300,
    "keywords": 500,
    "credit_line": 200,
    "creator": 200,
    "copyright_notice": 300,
    "source": 200,
    "usage_terms": 2000,
    "licence_url": 200,
}


def read_metadata(image):
    """{field: text} from an opened (not yet decoded) Pillow image; never raises."""
    found = {}
    try:
        found.update(_iim(image))
    except Exception:  # a damaged block prefills nothing; the picture itself is fine
        logger.info("unreadable IPTC block ignored", exc_info=True)
    try:
        found.update(_xmp(image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")))
    except Exception:
        logger.info("unreadable XMP packet ignored", exc_info=True)
    cleaned = {}
    for field, value in found.items():
        value = " ".join(str(value).split()) if field != "caption" else str(value).strip()
        value = "".join(ch for ch in value if ch.isprintable() or ch in "\n")
        if value:
            cleaned[field] = value[: LIMITS[field]]
    if not cleaned.get("licence_url", "").startswith(("https://", "http://")):
        cleaned.pop("licence_url", None)
    return cleaned


def _text(raw):
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    return str(raw)


def _iim(image):
    info = IptcImagePlugin.getiptcinfo(image) or {}
    found = {}
    for key, field in IIM_FIELDS.items():
        if key not in info:
            continue
        value = info[key]
        values = value if isinstance(value, list) else [value]
        found[field] = ", ".join(_text(item).strip() for item in values)
    return found


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _property_text(element):
    """A simple value, a language alternative (x-default first) or a list (joined)."""
    alternative = element.find(f"{RDF}Alt")
    if alternative is not None:
        items = list(alternative.iter(f"{RDF}li"))
        chosen = [item for item in items if item.get(XML_LANG) == "x-default"] or items
        return chosen[0].text if chosen else None
    items = [(item.text or "").strip() for item in element.iter(f"{RDF}li")]
    if items:
        return ", ".join(item for item in items if item)
    return element.text


def _xmp(packet):
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    start = packet.find(b"<x:xmpmeta")
    end = packet.rfind(b"</x:xmpmeta>")
    if start != -1 and end != -1:
        packet = packet[start : end + len(b"</x:xmpmeta>")]
    root = ElementTree.fromstring(packet, forbid_dtd=True)
    found = {}
    for description in root.iter(f"{RDF}Description"):
        for name, field in XMP_FIELDS.items():
            prefix, local = name.split(":")
            tag = f"{{{NAMESPACES[prefix]}}}{local}"
            value = description.get(tag)
            if value is None:
                element = description.find(tag)
                if element is None:
                    continue
                value = _property_text(element)
            if value and value.strip():
                found[field] = value.strip()
    return found
