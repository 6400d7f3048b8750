"""
Markdown -> sanitised HTML. The only path from an editor's text to a reader's page.

Articles store the result on save; the admin's live preview calls the same
function, so staff preview exactly what readers will get.
"""

import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li",
    "a", "em", "strong", "del", "sub", "sup",
    "blockquote", "code", "pre",
    "img", "figure", "figcaption", "picture", "source", "span",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {
        "src",
        "alt",
        "title",
        "width",
        "height",
        # Library photos (articles/photos/inline.py): sizes, lazy loading, and the
        # "decorative" mark the alt-text rule reads.
        "srcset",
        "sizes",
        "loading",
        "decoding",
        "data-decorative",
    },
    "source": {"type", "srcset", "sizes"},
    "span": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}

# Relative URLs (no scheme) are allowed too; everything else (javascript:,
# data:, vbscript:, ...) is dropped with its attribute.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


HEADINGS = {f"h{level}" for level in range(1, 7)}


class _BodyHeadings(Treeprocessor):
    """The body's top heading level becomes <h2>, the one under the page's <h1> (the
    headline), and the levels below it keep their distance: "#" and "##" give h2 and h3,
    a body that starts at "##" or "###" gives h2. No level is skipped after the headline."""

    def __init__(self, md, top_level):
        super().__init__(md)
        self.top_level = top_level

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not headings:
            return
        top = self.top_level or min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{max(2, min(int(element.tag[1]) + 2 - top, 6))}"


class BodyHeadingsExtension(Extension):
    def __init__(self, top_level=None):
        super().__init__()
        self.top_level = top_level

    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API name
        md.treeprocessors.register(_BodyHeadings(md, self.top_level), "body_headings", 5)


def _markdown(text, *extensions):
    return markdown.markdown(
        text,
        extensions=["fenced_code", "sane_lists", "tables", *extensions],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


class LibraryPhotosExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API name
        from .photos.inline import LibraryFigures  # the photo models import this module

        md.treeprocessors.register(LibraryFigures(md), "library_photos", 4)


def _markdown_to_html(text, top_heading_level=None):
    return _markdown(text, BodyHeadingsExtension(top_heading_level), LibraryPhotosExtension())


def _srcset_addresses_allowed(tag, attribute, value):
    """nh3 checks the schemes of src and href but not of srcset's list of addresses."""
    if attribute != "srcset":
        return value
    for candidate in value.split(","):
        address = candidate.strip().split(" ", 1)[0]
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", address)
        if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
            return None
    return value


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_srcset_addresses_allowed,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text, top_heading_level=None):
    """Return reader-safe HTML for Markdown written by staff.

    top_heading_level: the Markdown heading level that becomes <h2> when `text` is one part
    of a longer body (the body's own top level); by default, the text's own top level.
    """
    return sanitise_html(_markdown_to_html(text or "", top_heading_level)).strip()


def top_heading_level(text):
    """The highest heading level `text` uses as Markdown ("#" is 1), or None."""
    levels = re.findall(r"<h([1-6])[\s>]", _markdown(text or ""))  # headings as written
    return min(map(int, levels)) if levels else None
