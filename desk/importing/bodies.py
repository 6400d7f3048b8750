"""
An imported body, from the old site's HTML to the Markdown the editor keeps.

Classic-editor posts get their paragraphs first (WordPress adds them on display:
`wpautop`); shortcodes and Gutenberg blocks that markdownify cannot know become figures,
links or a line in the report; then markdownify writes Markdown. Nothing here makes HTML
safe: the body is rendered through nh3 on save like any other (articles/markdown.py).
"""

import html
import re
from typing import NamedTuple

import lxml.html
from markdownify import MarkdownConverter

# Elements wpautop leaves alone: a blank line inside or around them is not a paragraph.
_BLOCK = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_BLOCK_TAG = re.compile(rf"(<(?:{_BLOCK})[\s/>])", re.I)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_BLOCK})>)", re.I)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.I | re.S)

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/\w+)?\s+(\{.*?\})\s*/?-->(.*?)<!--\s*/wp:(?:core-)?embed(?:/\w+)?\s*-->",
    re.S,
)
_URL_IN = re.compile(r'"url"\s*:\s*"([^"]+)"')
_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)((?:\s[^\]]*)?)\]")
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
# A URL alone on its line is an oEmbed in WordPress (YouTube, X, ...).
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)


# Formatting our Markdown (python-markdown with tables, articles/markdown.py) cannot
# write: the text stays, the formatting goes, and the report says so.
_NO_MARKDOWN_FORM = ["sup", "sub", "mark", "u", "s", "del", "strike", "ins", "kbd", "small"]


_GALLERY_SHORTCODE = re.compile(r"\[gallery((?:\s[^\]]*)?)\]", re.I)
_ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")


class Picture(NamedTuple):
    src: str
    alt: str
    caption: str
    attachment_id: str = ""  # the WordPress attachment it shows, when the HTML says


class Body(NamedTuple):
    markdown: str
    pictures: list  # Picture, in order; the markdown holds "picture:N" placeholders
    problems: list  # one line each, for the report


def is_block_editor(content):
    return "<!-- wp:" in content


def wpautop(text):
    """Paragraphs from blank lines and line breaks from single newlines, as WordPress shows
    a classic-editor post; block-level elements and <pre> are left as they are."""
    if not text.strip():
        return ""
    kept = {}

    def keep(match):
        kept[f"<pre-kept-{len(kept)}>"] = match.group(0)
        return f"<pre-kept-{len(kept) - 1}>"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    # Block tags stand on their own lines, so they never end up inside a paragraph.
    text = _BLOCK_TAG.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(rf"^</?(?:{_BLOCK})[\s/>]", chunk, re.I) or chunk.startswith("<pre-kept-"):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    result = "\n".join(out)
    for marker, original in kept.items():
        result = result.replace(marker, original)
    return result


def _attributes(text):
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTRIBUTE.finditer(text)
    }


def _caption_figure(match):
    attributes = _attributes(match.group(2))
    inner = match.group(3)
    # The old form keeps the caption in an attribute; the new one after the image.
    caption = attributes.get("caption", "")
    tail = re.sub(r"^\s*(?:<a[^>]*>\s*)?<img[^>]*>(?:\s*</a>)?", "", inner, count=1, flags=re.S)
    caption = caption or tail.strip()
    image = re.search(r"<img[^>]*>", inner, re.S)
    if image is None:
        return f"<p>{caption}</p>"
    # [caption id="attachment_7"]: the attachment item that holds the picture's credit.
    number = attributes.get("id", "").removeprefix("attachment_")
    marked = f' data-attachment="{html.escape(number)}"' if number.isdigit() else ""
    return f"<figure{marked}>{image.group(0)}<figcaption>{caption}</figcaption></figure>"


def _gallery(attributes, attachments, post_id):
    """[gallery ids="3,4"] (or a bare [gallery]: the pictures attached to the post) as one
    figure per picture, with the attachment's caption."""
    if attributes.get("ids"):
        wanted = [n.strip() for n in attributes["ids"].split(",") if n.strip()]
    else:
        wanted = [
            number
            for number, attachment in attachments.items()
            if post_id and attachment.parent == post_id
        ]
    figures, unknown = [], []
    for number in wanted:
        attachment = attachments.get(number)
        if attachment is None or not attachment.url:
            unknown.append(number)
            continue
        src = html.escape(attachment.url, quote=True)
        alt = html.escape(attachment.alt, quote=True)
        caption = html.escape(attachment.caption)
        figures.append(
            f'<figure data-attachment="{number}"><img src="{src}" alt="{alt}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    return "\n".join(figures), unknown


def _embed_link(url):
    url = html.escape(html.unescape(url.strip()), quote=True)
    return f'<p><a href="{url}">{url}</a></p>'


def _embed_block(match):
    found = _URL_IN.search(match.group(1))
    if found:
        return _embed_link(found.group(1).replace("\\/", "/"))
    return match.group(2)


class _Converter(MarkdownConverter):
    """markdownify, with images as placeholders the importer swaps for library photos and
    iframes kept as links (an embed is never dropped silently)."""

    def __init__(self, pictures, problems, **options):
        super().__init__(**options)
        self.pictures = pictures
        self.problems = problems

    def convert_figure(self, el, text, parent_tags):
        if "figure" in parent_tags:
            return ""  # a picture of a gallery: its gallery writes it
        images = el.find_all("img")
        if not images:
            return "\n\n" + text.strip() + "\n\n"
        # A gallery (Gutenberg's, old or nested form) is a figure of figures: each picture
        # keeps its own caption, or else the gallery's.
        own = el.find("figcaption", recursive=False)
        gallery_caption = own.get_text(" ").strip() if own is not None else ""
        pictures = []
        for image in images:
            holder = image.find_parent("figure")
            caption = gallery_caption
            if holder is not None and holder is not el:
                inner = holder.find("figcaption")
                caption = inner.get_text(" ").strip() if inner is not None else gallery_caption
            pictures.append(self._picture(image, caption, holder or el))
        return "\n\n" + "\n\n".join(p for p in pictures if p) + "\n\n"

    def convert_img(self, el, text, parent_tags):
        if "figure" in parent_tags:
            return ""
        return self._picture(el, "", None)

    def _picture(self, image, caption, figure):
        src = (image.get("src") or "").strip()
        if not src:
            return ""
        classes = " ".join(image.get("class") or [])
        found = _ATTACHMENT_CLASS.search(classes)
        number = found.group(1) if found else ""
        if not number and figure is not None:
            number = figure.get("data-attachment") or ""
        self.pictures.append(
            Picture(src, (image.get("alt") or "").strip(), " ".join(caption.split()), number)
        )
        return f"picture:{len(self.pictures) - 1}"

    def convert_iframe(self, el, text, parent_tags):
        src = (el.get("src") or "").strip()
        if not src:
            return ""
        self.problems.append(f"embedded frame kept as a link: {src}")
        return f"\n\n<{src}>\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        return ""

    def convert_video(self, el, text, parent_tags):
        source = el.find("source")
        src = (el.get("src") or (source.get("src") if source is not None else "") or "").strip()
        if not src:
            return text
        self.problems.append(f"<{el.name}> kept as a link: {src}")
        return f"\n\n<{src}>\n\n"

    convert_audio = convert_video

    def convert_del(self, el, text, parent_tags):
        return text  # "~~" is not in our Markdown; reported with the other lost formatting

    convert_s = convert_strike = convert_sub = convert_sup = convert_del

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown nests a list only under a four-space indent (markdownify indents
        # by the bullet's width, two spaces for "- "), so every bullet is padded to four.
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isnumeric() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        bullet = bullet.ljust(3) + " "
        indent = " " * len(bullet)
        lines = text.split("\n")
        rest = [indent + line if line.strip() else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"


def to_markdown(content, attachments=None, post_id=""):
    """Return a Body for an item's HTML (classic or block editor). `attachments` maps the
    export's attachment ids to their Attachment (url, alt, caption, parent), for galleries."""
    problems = []
    if not content or not content.strip():
        return Body("", [], problems)
    attachments = attachments or {}
    classic = not is_block_editor(content)
    text = _EMBED_BLOCK.sub(_embed_block, content)
    text = _BLOCK_COMMENT.sub("", text)
    text = _CAPTION.sub(_caption_figure, text)

    def gallery(match):
        figures, unknown = _gallery(_attributes(match.group(1)), attachments, post_id)
        if unknown:
            problems.append(
                "gallery picture(s) not in the export: attachment "
                + ", ".join(unknown[:5])
                + (" …" if len(unknown) > 5 else "")
            )
        if not figures and not unknown:
            problems.append("[gallery] with no pictures attached to the post in the export")
        return f"\n\n{figures}\n\n"

    text = _GALLERY_SHORTCODE.sub(gallery, text)
    text = _EMBED_SHORTCODE.sub(lambda m: _embed_link(m.group(1)), text)
    text = _BARE_URL_LINE.sub(lambda m: _embed_link(m.group(1)), text)

    def unknown_shortcode(match):
        if match.group(1) == "":
            problems.append(f"shortcode [{match.group(2)}] not converted (kept as text)")
        return match.group(0)

    _SHORTCODE.sub(unknown_shortcode, text)
    if classic:
        text = wpautop(text)
    tree = lxml.html.fragment_fromstring(text, create_parent="div")
    for dangerous in tree.xpath("//script|//style|//noscript"):
        dangerous.drop_tree()
    lost = sorted({element.tag for element in tree.iter(*_NO_MARKDOWN_FORM)})
    if lost:
        tags = ", ".join(f"<{tag}>" for tag in lost)
        problems.append(f"no Markdown form for {tags}: text kept")
    pictures = []
    converter = _Converter(
        pictures,
        problems,
        heading_style="ATX",
        bullets="-",
        escape_misc=False,
        strip=_NO_MARKDOWN_FORM,
    )
    markdown = converter.convert(lxml.html.tostring(tree, encoding="unicode"))
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Body(markdown, pictures, problems)


def first_paragraph(markdown, limit=500):
    """A standfirst for an item without an excerpt: the body's first paragraph of text."""
    for block in markdown.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "picture:", "<", "|", "-", ">", "!")):
            plain = re.sub(r"[*_`\[\]]|\(https?://[^)]*\)", "", block)
            plain = " ".join(plain.split())
            return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""
