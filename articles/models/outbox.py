"""Purges for the CDN or Varnish in front, written in the transaction of the edit that asks
for them (an outbox): a rolled-back edit purges nothing, a committed one is never
forgotten, and the worker sends them (articles/purging.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EdgePurgeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)


class EdgePurge(models.Model):
    keys = models.TextField(help_text=_("Surrogate keys to purge, separated by spaces."))
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EdgePurgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("edge purge")
        indexes = (
            models.Index(
                fields=("id",), condition=models.Q(sent_at__isnull=True), name="edge_purge_pending"
            ),
        )

    def __str__(self):
        return self.keys[:80]
