"""
The same dependency names, for a CDN or Varnish in front: surrogate keys on responses, and
purges by key.

NEWSROOM_EDGE_KEYS_HEADER picks the header: `Surrogate-Key` (Fastly), `Cache-Tag`
(Cloudflare) or `xkey` (Varnish's xkey vmod); `none` (the default) sends nothing. Each of
those fronts removes the header before a reader sees it (Varnish: our VCL does); with no
such front, leave it `none`, or the names of what a page shows leak to readers.

Every public response also carries SITE_KEY, which a move of the site-wide generation
purges. A list too long for the header collapses, a family at a time, into that family's
key (`article-12 article-13 …` -> `all-article`), never cut: every purge also names the
families of its keys, so a collapsed page goes with any of them (more often than needed,
never too late).
"""

from django.conf import settings

SITE_KEY = "all"
# Bytes of key list each front accepts in one header (Fastly: 16 KB; Cloudflare: 16 KB
# of tags per response; Varnish: a header line within http_resp_hdr_len, 8 KB).
HEADER_LIMITS = {"surrogate-key": 16_000, "cache-tag": 16_000, "xkey": 8_000}
SEPARATORS = {"surrogate-key": " ", "cache-tag": ",", "xkey": " "}


def header_name():
    name = settings.NEWSROOM_EDGE_KEYS_HEADER.strip()
    return None if name.lower() in ("", "none") else name


def family(name):
    return f"{SITE_KEY}-{name.split('-', 1)[0]}"


def keys_for(names, limit=None):
    """The keys a response showing `names` carries, within `limit` bytes."""
    header = header_name()
    if limit is None:
        limit = HEADER_LIMITS.get((header or "").lower(), 8_000)
    keys = {SITE_KEY, *names}
    separator = SEPARATORS.get((header or "").lower(), " ")
    while len(separator.join(keys)) > limit:
        families = {}
        for key in keys - {SITE_KEY}:
            if not key.startswith(f"{SITE_KEY}-"):
                families.setdefault(family(key), []).append(key)
        if not families:
            return [SITE_KEY]
        broadest, members = max(families.items(), key=lambda item: len(item[1]))
        keys = (keys - set(members)) | {broadest}
    return sorted(keys)


def header_value(names):
    header = header_name()
    return SEPARATORS.get(header.lower(), " ").join(keys_for(names))


def purge_keys(names, everything=False):
    """What to purge at the edge when `names` changed (or everything did)."""
    if everything:
        return [SITE_KEY]
    return sorted({*names, *(family(name) for name in names)})
