"""
Purging the CDN or Varnish in front by surrogate key (pagecache/edge.py names the keys).

Every invalidation a write asks for is recorded as an EdgePurge row in the same
transaction; when it commits, the background worker sends every pending purge at once
(coalesced: keys of many edits in few requests), as soft purges where the front supports
them (the page may still be served stale while it is refetched). A failed send stays
pending and is retried with a growing delay; a purge that never arrives is bounded by the
pages' s-maxage.
"""

import json
import logging
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from pagecache import edge

from .models import EdgePurge

logger = logging.getLogger(__name__)

# Keys per request each front accepts (Fastly: 256; Cloudflare: 30 tags per call on every
# plan; Varnish: what fits a header line).
BATCH = {"varnish": 200, "fastly": 256, "cloudflare": 30}
MAX_ATTEMPTS = 8


def purging_enabled():
    return settings.NEWSROOM_EDGE_PURGE in BATCH


def record(names, everything, using):
    """An invalidation recorder (pagecache.generation.register_invalidation_recorder)."""
    if not purging_enabled():
        return
    keys = edge.purge_keys(names, everything)
    EdgePurge.objects.using(using).create(keys=" ".join(keys))
    transaction.on_commit(lambda: send_edge_purges.enqueue(), using=using, robust=True)


# Ahead of queued picture renditions on the same worker: an upload of fifty photos must
# not keep readers on a stale page at the edge for its whole s-maxage.
@task(priority=10)
def send_edge_purges():
    """Send every pending purge; what fails waits for a retry."""
    pending = list(
        EdgePurge.objects.pending().filter(attempts__lt=MAX_ATTEMPTS).order_by("id")[:1000]
    )
    if not pending:
        return 0
    keys = sorted({key for purge in pending for key in purge.keys.split()})
    batch = BATCH[settings.NEWSROOM_EDGE_PURGE]
    try:
        for start in range(0, len(keys), batch):
            send(keys[start : start + batch])
    except Exception as error:  # a front down costs a stale page (s-maxage), never an edit
        logger.warning("edge purge failed", exc_info=True)
        EdgePurge.objects.filter(pk__in=[p.pk for p in pending]).update(
            attempts=pending[0].attempts + 1, last_error=str(error)[:300]
        )
        _retry_later(pending[0].attempts + 1)
        return 0
    EdgePurge.objects.filter(pk__in=[p.pk for p in pending]).update(sent_at=timezone.now())
    return len(keys)


def _retry_later(attempts):
    if default_task_backend.supports_defer:
        delay = timedelta(seconds=min(2**attempts, 300))
        send_edge_purges.using(run_after=timezone.now() + delay).enqueue()


def send(keys):
    urllib.request.urlopen(purge_request(keys), timeout=5)  # noqa: S310 - configured URL


def purge_request(keys):
    """The HTTP request purging `keys` at the configured front (soft where it can)."""
    front = settings.NEWSROOM_EDGE_PURGE
    if front == "varnish":
        return urllib.request.Request(  # noqa: S310 - the operator's own URL
            settings.NEWSROOM_EDGE_PURGE_URL,
            method=settings.NEWSROOM_EDGE_PURGE_METHOD,
            headers={"xkey-softpurge": " ".join(keys)},
        )
    token = settings.NEWSROOM_EDGE_PURGE_TOKEN
    service = settings.NEWSROOM_EDGE_PURGE_SERVICE
    if front == "fastly":
        return urllib.request.Request(
            f"https://api.fastly.com/service/{service}/purge",
            method="POST",
            headers={
                "Fastly-Key": token,
                "Surrogate-Key": " ".join(keys),
                "Fastly-Soft-Purge": "1",
                "Accept": "application/json",
            },
        )
    if front == "cloudflare":
        return urllib.request.Request(
            f"https://api.cloudflare.com/client/v4/zones/{service}/purge_cache",
            method="POST",
            data=json.dumps({"tags": keys}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    raise ValueError(f"Unknown NEWSROOM_EDGE_PURGE {front!r}")
