"""
Reading a Ghost JSON export (Settings → Labs → Export; both the `{"db": [{"data": …}]}`
and the `{"meta": …, "data": …}` shapes, 0.x to 5.x). Each post becomes the Item a
WordPress export gives: tags in their order (Ghost's internal `#tags` dropped), authors
in `posts_authors.sort_order` (or the old single `author_id`), `__GHOST_URL__` links made
relative to this site, and dates from `published_at`, never from junk (1970, `-0001`).
"""

import json
from datetime import UTC, datetime

from django.utils.text import slugify

from .wordpress import Item

STATUS = {"published": "publish", "scheduled": "future", "draft": "draft"}
# Before this, a Ghost date is an export's placeholder, not a moment anyone published.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def looks_like_ghost(data):
    return isinstance(data, dict) and ("db" in data or ("data" in data and "meta" in data))


def read_ghost(path):
    """Yield ("channel", site), then ("item", Item) per post and ("problem", text)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (ValueError, UnicodeDecodeError) as error:
        yield ("problem", f"not valid JSON: {error}")
        return
    if not looks_like_ghost(data):
        yield ("problem", "not a Ghost export (no db or data/meta)")
        return
    tables = data["db"][0]["data"] if "db" in data else data["data"]
    if not isinstance(tables, dict):
        yield ("problem", "not a Ghost export (its data is not a set of tables)")
        return
    settings = {row.get("key"): row.get("value") for row in tables.get("settings") or []}
    yield ("channel", str(settings.get("url") or settings.get("title") or ""))
    users = {str(user["id"]): user for user in tables.get("users") or []}
    tags = {str(tag["id"]): tag for tag in tables.get("tags") or []}
    meta = {str(row.get("post_id")): row for row in tables.get("posts_meta") or []}
    authors_of, tags_of = {}, {}
    for row in sorted(tables.get("posts_authors") or [], key=lambda r: r.get("sort_order") or 0):
        authors_of.setdefault(str(row["post_id"]), []).append(str(row["author_id"]))
    for row in sorted(tables.get("posts_tags") or [], key=lambda r: r.get("sort_order") or 0):
        tags_of.setdefault(str(row["post_id"]), []).append(str(row["tag_id"]))
    for position, post in enumerate(tables.get("posts") or [], start=1):
        yield ("item", _item(post, position, users, tags, meta, authors_of, tags_of))


def _item(post, position, users, tags, meta, authors_of, tags_of):
    problems = []
    post_id = str(post.get("id") or "")
    html = post.get("html")
    if html is None and (post.get("lexical") or post.get("mobiledoc") or post.get("markdown")):
        problems.append("no HTML in the export (only Lexical, Mobiledoc or Markdown): body empty")
    html = (html or "").replace("__GHOST_URL__", "")
    people = authors_of.get(post_id) or ([str(post["author_id"])] if post.get("author_id") else [])
    categories = []
    for tag_id in tags_of.get(post_id, []):
        tag = tags.get(tag_id)
        if tag and tag.get("name") and not tag["name"].startswith("#"):  # "#": Ghost-internal
            categories.append(("post_tag", tag.get("slug") or slugify(tag["name"]), tag["name"]))
    for user_id in people:
        user = users.get(user_id)
        if user:
            name = user.get("name") or user.get("slug") or ""
            categories.append(("author", user.get("slug") or slugify(name), name))
    feature = post.get("feature_image") or post.get("image")
    if feature:
        caption = (meta.get(post_id) or {}).get("feature_image_caption") or ""
        html = (
            f'<figure><img src="{feature}" alt=""><figcaption>{caption}</figcaption></figure>{html}'
        )
    published = _moment(post.get("published_at"), "published_at", problems)
    if published is None and post.get("status") == "published":
        published = _moment(post.get("created_at"), "created_at", problems)
    is_page = (
        bool(post.get("page")) and post.get("page") not in ("0", 0) or post.get("type") == "page"
    )
    slug = str(post.get("slug") or "")
    return Item(
        position=position,
        post_id=post_id,
        post_type="page" if is_page else "post",
        status=STATUS.get(str(post.get("status")), str(post.get("status") or "")),
        title=" ".join(str(post.get("title") or "").split()),
        link=f"/{slug}/" if slug else "",
        creator="",
        content=html,
        excerpt=str(post.get("custom_excerpt") or ""),
        slug=slug,
        published=published,
        modified=_moment(post.get("updated_at"), "updated_at", problems),
        categories=categories,
        meta={},
        attachment_url="",
        problems=problems,
    )


def _moment(value, name, problems):
    if value in (None, "", "None"):
        return None
    try:
        if isinstance(value, int | float) or str(value).lstrip("-").isdigit():
            moment = datetime.fromtimestamp(int(value) / 1000, tz=UTC)  # old exports: ms
        else:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        problems.append(f"unreadable {name}: {value!r}")
        return None
    if moment < EARLIEST:
        problems.append(f"{name} {value!r} is a placeholder, not a date: not used")
        return None
    return moment
