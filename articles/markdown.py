"""
Markdown -> sanitised HTML. The only path from an editor's text to a reader's page.

Articles store the result on save; the admin's live preview calls the same
function, so staff preview exactly what readers will get.
"""

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
    "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}

# Relative URLs (no scheme) are allowed too; everything else (javascript:,
# data:, vbscript:, ...) is dropped with its attribute.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _DemoteHeadings(Treeprocessor):
    # The page's only <h1> is the headline, so a body's "# Heading" becomes <h2>.
    def run(self, root):
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5"}:
                element.tag = f"h{int(element.tag[1]) + 1}"


class DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's API name
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


def _markdown_to_html(text):
    return markdown.markdown(
        text,
        extensions=[
            "fenced_code",
            "sane_lists",
            "tables",
            DemoteHeadingsExtension(),
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text):
    """Return reader-safe HTML for Markdown written by staff."""
    return sanitise_html(_markdown_to_html(text or "")).strip()
