"""
What happens to an article's address over its life: renamed (301 from every old
slug), withdrawn (410), deleted (410 from a tombstone), and the record of the
editorial acts readers can notice (re-dating, withdrawal, amended corrections).

The latest claim on a slug wins: a published article answers at its slug before
any redirect or tombstone; renaming an article away from a slug replaces a
tombstone for it; deleting an article replaces redirects from its slugs.
"""

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import formats, timezone

from .models import Article, LifecycleEvent, SlugRedirect, Tombstone


def moved_or_gone(request, slug):
    """The answer for a slug no visible article has: 410, 301 or a 404."""
    withdrawn = Article.objects.withdrawn().filter(slug=slug).first()
    if withdrawn is not None:
        return gone(request, withdrawn.title, withdrawn.withdrawn_at, withdrawn.withdrawal_reason)
    redirect = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
    if redirect is not None:
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
    tombstone = Tombstone.objects.filter(slug=slug).first()
    if tombstone is not None:
        return gone(request, tombstone.title, tombstone.deleted_at, "")
    raise Http404("No article at this address.")


def gone(request, title, since, reason):
    context = {"headline": title, "since": since, "reason": reason}
    return render(request, "articles/article_gone.html", context, status=410)


@receiver(pre_save, sender=Article, dispatch_uid="articles.remember_public_slug")
def remember_public_slug(sender, instance, raw=False, **kwargs):
    instance._left_public_slug = None
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values("slug", "published_at").first()
    # Drafts and scheduled articles had no public address to keep.
    if (
        stored
        and stored["slug"] != instance.slug
        and stored["published_at"] is not None
        and stored["published_at"] <= timezone.now()
    ):
        instance._left_public_slug = stored["slug"]


@receiver(post_save, sender=Article, dispatch_uid="articles.redirect_old_slug")
def redirect_old_slug(sender, instance, raw=False, **kwargs):
    old_slug = getattr(instance, "_left_public_slug", None)
    if raw or not old_slug:
        return
    SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": instance})
    Tombstone.objects.filter(slug=old_slug).delete()
    # Renamed back to an earlier slug: the article itself answers there again.
    SlugRedirect.objects.filter(old_slug=instance.slug, article=instance).delete()
    instance._left_public_slug = None


@receiver(pre_delete, sender=Article, dispatch_uid="articles.leave_tombstones")
def leave_tombstones(sender, instance, **kwargs):
    if not instance.is_public_since_published:
        return
    slugs = [instance.slug, *instance.old_slugs.values_list("old_slug", flat=True)]
    SlugRedirect.objects.filter(old_slug__in=slugs).exclude(article=instance).delete()
    for slug in slugs:
        Tombstone.objects.update_or_create(slug=slug, defaults={"title": instance.title})


def record_editorial_acts(article, user, *, redated_from=None, withdrawal_changed=False):
    """Record the re-dating and withdrawal (or reinstatement) done in one save."""
    events = []
    if redated_from is not None:
        events.append(
            LifecycleEvent(
                article=article,
                kind=LifecycleEvent.Kind.REDATED,
                detail=f"Publish time {_when(redated_from)} → {_when(article.published_at)}",
                actor=user,
            )
        )
    if withdrawal_changed and article.withdrawn_at is not None:
        events.append(
            LifecycleEvent(
                article=article,
                kind=LifecycleEvent.Kind.WITHDRAWN,
                detail=article.withdrawal_reason[:500],
                actor=user,
            )
        )
    elif withdrawal_changed:
        events.append(
            LifecycleEvent(article=article, kind=LifecycleEvent.Kind.REINSTATED, actor=user)
        )
    LifecycleEvent.objects.bulk_create(events)


def record_correction_amended(correction, user):
    LifecycleEvent.objects.create(
        article_id=correction.article_id,
        kind=LifecycleEvent.Kind.CORRECTION_AMENDED,
        detail=correction.text[:500],
        actor=user,
    )


def _when(value):
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i T")
