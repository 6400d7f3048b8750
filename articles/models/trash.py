"""Deleted articles wait in the trash before they are really deleted."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


def trash_limit():
    return timezone.now() - timedelta(days=settings.NEWSROOM_TRASH_DAYS)


class TrashedArticle(Article):
    """The trash as the admin lists it: the same rows, only those deleted."""

    class Meta:
        proxy = True
        verbose_name = _("article in the trash")
        verbose_name_plural = _("trash")
        ordering = ("-trashed_at", "-id")

    @property
    def purged_after(self):
        return self.trashed_at + timedelta(days=settings.NEWSROOM_TRASH_DAYS)

    @classmethod
    def purge(cls, *, everything=False):
        """Delete for good what waited long enough (or everything): their addresses keep
        answering 410 through tombstones. Returns how many went."""
        doomed = Article.objects.in_trash()
        if not everything:
            doomed = doomed.filter(trashed_at__lte=trash_limit())
        count = 0
        # One by one: each leaves its tombstones (pre_delete) and its relations go with it.
        for article in doomed.iterator():
            article.delete()
            count += 1
        return count
