"""
Reading an RSS 2.0 or Atom feed, for a site that has nothing else to export. Each entry
becomes the same Item a WordPress export gives (published, its categories as tags), so
the importer treats both alike. A feed holds only its latest entries: the report says so.
"""

import hashlib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from lxml import etree

from .wordpress import CONTENT, DC, Item

ATOM = "http://www.w3.org/2005/Atom"


def read_feed(path):
    """Yield ("channel", site), then ("item", Item) per entry and ("problem", text)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        yield ("problem", f"not well-formed XML: {error.msg}; read again in recover mode")
        recovering = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        root = etree.parse(str(path), recovering).getroot()
    if root is None:
        yield ("problem", "nothing could be read")
        return
    if root.tag == f"{{{ATOM}}}feed":
        site = _atom_link(root)
        yield ("channel", site)
        entries = root.iterfind(f"{{{ATOM}}}entry")
        for position, entry in enumerate(entries, start=1):
            yield ("item", _atom_entry(entry, position))
    elif root.tag == "rss" and root.find("channel") is not None:
        channel = root.find("channel")
        yield ("channel", (channel.findtext("link") or "").strip())
        for position, entry in enumerate(channel.iterfind("item"), start=1):
            yield ("item", _rss_item(entry, position))
    else:
        yield ("problem", f"not an RSS or Atom feed (its root is <{etree.QName(root).localname}>)")


def _atom_link(element):
    for link in element.iterfind(f"{{{ATOM}}}link"):
        if link.get("rel", "alternate") == "alternate":
            return (link.get("href") or "").strip()
    return ""


def _atom_entry(entry, position):
    problems = []
    content = entry.find(f"{{{ATOM}}}content")
    summary = entry.find(f"{{{ATOM}}}summary")
    body = _content_text(content) if content is not None else _content_text(summary)
    published = _iso(entry.findtext(f"{{{ATOM}}}published"), problems)
    modified = _iso(entry.findtext(f"{{{ATOM}}}updated"), problems)
    authors = [
        name.strip() for name in entry.xpath("a:author/a:name/text()", namespaces={"a": ATOM})
    ]
    return _item(
        position,
        guid=(entry.findtext(f"{{{ATOM}}}id") or "").strip(),
        title=entry.findtext(f"{{{ATOM}}}title") or "",
        link=_atom_link(entry),
        authors=authors,
        content=body,
        excerpt=_content_text(summary) if content is not None and summary is not None else "",
        published=published or modified,
        modified=modified,
        tags=[c.get("term", "") for c in entry.iterfind(f"{{{ATOM}}}category")],
        problems=problems,
    )


def _rss_item(entry, position):
    problems = []
    encoded = entry.findtext(f"{{{CONTENT}}}encoded")
    description = entry.findtext("description") or ""
    published = _rfc822(entry.findtext("pubDate"), problems)
    authors = [
        a.strip() for a in entry.xpath("author/text()|dc:creator/text()", namespaces={"dc": DC})
    ]
    return _item(
        position,
        guid=(entry.findtext("guid") or entry.findtext("link") or "").strip(),
        title=entry.findtext("title") or "",
        link=(entry.findtext("link") or "").strip(),
        authors=authors,
        content=encoded or description,
        excerpt=description if encoded else "",
        published=published,
        modified=None,
        tags=[(c.text or "").strip() for c in entry.iterfind("category")],
        problems=problems,
    )


def _item(
    position, *, guid, title, link, authors, content, excerpt, published, modified, tags, problems
):
    # The guid names the entry across runs; a long one (a URL) is kept as its digest.
    source_id = (
        guid
        if 0 < len(guid) <= 100
        else hashlib.sha256(guid.encode()).hexdigest()[:64]
        if guid
        else ""
    )
    path = unquote(urlsplit(link).path).rstrip("/")
    slug = slugify(path.rsplit("/", 1)[-1].removesuffix(".html"), allow_unicode=True) or slugify(
        title, allow_unicode=True
    )
    return Item(
        position=position,
        post_id=source_id,
        post_type="post",
        status="publish",
        title=" ".join(title.split()),
        link=link,
        creator=authors[0] if authors else "",
        content=content,
        excerpt=excerpt,
        slug=slug,
        published=published,
        modified=modified,
        # Several authors: an ordered byline, as Co-Authors Plus terms give one.
        categories=[("post_tag", slugify(tag), tag) for tag in tags if tag]
        + ([("author", slugify(name), name) for name in authors] if len(authors) > 1 else []),
        meta={},
        attachment_url="",
        problems=problems,
    )


def _content_text(element):
    if element is None:
        return ""
    if element.get("type") == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode") for child in element)
    return element.text or ""


def _rfc822(value, problems):
    if not value or not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        problems.append(f"unreadable pubDate: {value.strip()!r}")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(value, problems):
    if not value or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"unreadable date: {value.strip()!r}")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
