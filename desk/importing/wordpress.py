"""
Reading a WordPress export (WXR 1.0-1.2), one item at a time.

lxml's iterparse hands over each <item> as it ends and the item is cleared after use, so
memory stays bounded whatever the file's size. The namespaces come from the file (1.0,
1.1, 1.2, and WordPress.com's https variant). A file that is not well-formed is read again
in lxml's recover mode from where the strict reading stopped, and the problem is reported.
"""

import html
import re
from datetime import datetime
from typing import NamedTuple
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone
from lxml import etree

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(1\.\d+)/$")
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
ZERO_DATE = "0000-00-00 00:00:00"


class Item(NamedTuple):
    """One <item>, as plain values."""

    position: int  # 1-based, in file order
    post_id: str
    post_type: str
    status: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    slug: str
    published: "datetime | None"
    modified: "datetime | None"
    categories: list  # (domain, nicename, name)
    meta: dict  # meta_key -> [values]
    attachment_url: str
    problems: list
    parent: str = ""  # wp:post_parent: the post an attachment belongs to ("0": none)


class Export(NamedTuple):
    """What the channel says about the site (filled in as the file is read)."""

    site: str
    authors: dict  # login -> display name
    archives: list  # (kind, path on the old site, name, slug): category and tag pages
    version: str


def looks_like_wxr(head):
    return b"wordpress.org/export/" in head


def read_export(path, local_zone, progress=None):
    """Yield ("channel", Export) once the channel's header is read, then ("item", Item)
    for each item and ("problem", text) for anything wrong with the file itself.
    `progress`, when given, is called with the number of bytes read each time lxml reads."""
    zone = ZoneInfo(local_zone)
    state = {
        "site": "", "authors": {}, "archives": [], "parents": {}, "version": "", "ns": None,
        "items": 0, "announced": False,
    }  # fmt: skip
    try:
        yield from _read(path, zone, state, recover=False, skip=0, progress=progress)
    except etree.XMLSyntaxError as error:
        done = state["items"]
        yield (
            "problem",
            f"not well-formed XML: {error.msg}; read again in recover mode, items after "
            "that point may be missing or damaged",
        )
        try:
            yield from _read(path, zone, state, recover=True, skip=done, progress=None)
        except etree.XMLSyntaxError as again:
            yield ("problem", f"could not be read further: {again.msg}")
    if state["ns"] is None:
        yield ("problem", "not a WordPress export (no WXR namespace, wp:wxr_version or items)")


class _Counted:
    """The export as a file lxml reads from, telling `progress` how far it got."""

    def __init__(self, handle, progress):
        self.handle = handle
        self.progress = progress

    def read(self, size=-1):
        data = self.handle.read(size)
        self.progress(len(data))
        return data


def _read(path, zone, state, *, recover, skip, progress):
    with open(path, "rb") as handle:
        source = _Counted(handle, progress) if progress else handle
        yield from _read_from(source, zone, state, recover=recover, skip=skip)


def _read_from(source, zone, state, *, recover, skip):
    seen = 0
    wp = state["ns"]
    context = etree.iterparse(
        source,
        events=("start-ns", "end"),
        recover=recover,
        huge_tree=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    )
    for event, payload in context:
        if event == "start-ns":
            prefix, uri = payload
            match = WXR_NAMESPACE.match(uri or "")
            if match and wp is None:
                wp = state["ns"] = uri
                state["version"] = state["version"] or match.group(1)
            continue
        element = payload
        tag = element.tag if isinstance(element.tag, str) else ""
        parent = element.getparent()
        in_channel = parent is not None and parent.tag == "channel"
        if tag == "item":
            if not state["announced"]:
                state["announced"] = True
                yield (
                    "channel",
                    Export(state["site"], state["authors"], state["archives"], state["version"]),
                )
            seen += 1
            if seen > skip:
                state["items"] = seen
                yield ("item", _item(element, seen, wp or "", zone))
            _forget(element)
        elif in_channel and wp is not None:
            if tag == f"{{{wp}}}author":
                login = _text(element, f"{{{wp}}}author_login")
                state["authors"][login] = _text(element, f"{{{wp}}}author_display_name") or login
                _forget(element)
            elif tag == f"{{{wp}}}base_blog_url" or (tag == "link" and not state["site"]):
                state["site"] = (element.text or "").strip().rstrip("/")
            elif tag == f"{{{wp}}}wxr_version":
                state["version"] = (element.text or "").strip()
            elif tag in (f"{{{wp}}}category", f"{{{wp}}}tag"):
                _archive(element, wp, tag == f"{{{wp}}}category", state)
                _forget(element)
            elif tag == f"{{{wp}}}term":
                _forget(element)
    if recover and context.error_log:
        yield ("problem", f"recover mode repaired {len(context.error_log)} error(s)")
    if not state["announced"]:
        state["announced"] = True
        if state["ns"] is not None:
            yield (
                "channel",
                Export(state["site"], state["authors"], state["archives"], state["version"]),
            )


def _archive(element, wp, is_category, state):
    """A category's or tag's archive page on the old site, at WordPress's default bases
    (/category/parent/child/, /tag/name/)."""
    if is_category:
        slug = unquote(_text(element, f"{{{wp}}}category_nicename"))
        name = _raw(element, f"{{{wp}}}cat_name").strip()
        parent = unquote(_text(element, f"{{{wp}}}category_parent"))
        trail = f"{state['parents'][parent]}/{slug}" if parent in state["parents"] else slug
        state["parents"][slug] = trail
        if slug and name:
            state["archives"].append(("category", f"/category/{trail}/", name, slug))
    else:
        slug = unquote(_text(element, f"{{{wp}}}tag_slug"))
        name = _raw(element, f"{{{wp}}}tag_name").strip()
        if slug and name:
            state["archives"].append(("tag", f"/tag/{slug}/", name, slug))


def _forget(element):
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _text(element, tag):
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _raw(element, tag):
    found = element.find(tag)
    return found.text or "" if found is not None else ""


def _item(element, position, wp, zone):
    problems = []
    meta = {}
    for entry in element.iterfind(f"{{{wp}}}postmeta"):
        key = _text(entry, f"{{{wp}}}meta_key")
        meta.setdefault(key, []).append(_raw(entry, f"{{{wp}}}meta_value"))
    categories = [
        (c.get("domain", "category"), unquote(c.get("nicename", "")), (c.text or "").strip())
        for c in element.iterfind("category")
    ]
    published = _moment(element, wp, "post_date", zone, problems)
    modified = _moment(element, wp, "post_modified", zone, problems)
    return Item(
        position=position,
        post_id=_text(element, f"{{{wp}}}post_id"),
        post_type=_text(element, f"{{{wp}}}post_type") or "post",
        status=_text(element, f"{{{wp}}}status"),
        # WordPress keeps titles HTML-escaped ("Media &amp; Text").
        title=" ".join(html.unescape(_raw(element, "title")).split()),
        link=_text(element, "link"),
        creator=_text(element, f"{{{DC}}}creator"),
        content=_raw(element, f"{{{CONTENT}}}encoded"),
        excerpt=_excerpt(element),
        slug=unquote(_text(element, f"{{{wp}}}post_name")),
        published=published,
        modified=modified,
        categories=categories,
        meta=meta,
        attachment_url=_text(element, f"{{{wp}}}attachment_url"),
        problems=problems,
        parent=_text(element, f"{{{wp}}}post_parent"),
    )


def _excerpt(element):
    for child in element:
        if (
            isinstance(child.tag, str)
            and child.tag.endswith("}encoded")
            and "/excerpt/" in child.tag
        ):
            return (child.text or "").strip()
    return ""


def _moment(element, wp, name, zone, problems):
    """The GMT date when the export has one; the local date in the export's zone when the
    GMT one is zero (drafts, some old exports); None when both are zero or unreadable."""
    gmt = _text(element, f"{{{wp}}}{name}_gmt")
    local = _text(element, f"{{{wp}}}{name}")
    for value, tz, is_gmt in ((gmt, ZoneInfo("UTC"), True), (local, zone, False)):
        if not value or value.startswith("0000") or value.startswith("-0001"):
            continue
        try:
            parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            problems.append(f"unreadable {name}{'_gmt' if is_gmt else ''}: {value!r}")
            if is_gmt:
                return None  # a local date instead would mislead silently
            continue
        if not is_gmt:
            problems.append(f"{name}_gmt is zero: the local date was read in {zone.key}")
        return timezone.make_aware(parsed, tz)
    return None


def old_paths(item, query_id=True):
    """The item's addresses on the old site: its permalink's path, /?p=ID, and its
    permalink with each old slug (_wp_old_slug) in place of the current one."""
    paths = []
    link = urlsplit(item.link) if item.link else None
    if link and link.path and link.path != "/" and not link.query:
        paths.append(unquote(link.path))
    elif link and link.query.startswith("p="):
        paths.append(f"/?{link.query}")
    if query_id and item.post_id.isdigit():
        paths.append(f"/?p={item.post_id}")
    if paths and paths[0].startswith("/") and not paths[0].startswith("/?") and item.slug:
        base = paths[0]
        for old in item.meta.get("_wp_old_slug", []):
            old = unquote(old.strip())
            if old and item.slug in base:
                head, _, tail = base.rpartition(item.slug)
                paths.append(head + old + tail)
    return list(dict.fromkeys(path[:500] for path in paths))
