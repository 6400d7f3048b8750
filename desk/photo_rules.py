"""
The article form's rules about pictures, called from ArticleForm.clean(): a lead image
to publish, alt text or an explicit "decorative" tick, and no picture whose rights have
expired — neither newly chosen nor on an article about to be live.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Photo
from articles.photos.inline import referenced_photo_ids

from .timestamps import staff_time


def clean_photos(form, cleaned):
    _clean_inline_photos(form, cleaned)
    _clean_share_photo(form, cleaned)
    photo = cleaned.get("lead_photo")
    if "lead_photo" in form.changed_data and photo is not None and photo.rights_expired:
        form.add_error("lead_photo", _expired(photo, newly_used=True))
        return
    published_at = cleaned.get("published_at")
    if not published_at:
        return
    if photo is None:
        if settings.NEWSROOM_LEAD_IMAGE_REQUIRED:
            form.add_error(
                "lead_photo",
                _("A published article needs a lead image: choose one from the photo library."),
            )
        return
    live_from = max(published_at, timezone.now())
    if photo.rights_expire_at is not None and photo.rights_expire_at <= live_from:
        form.add_error("lead_photo", _expired(photo, newly_used=False))
    if not cleaned.get("lead_decorative") and not (
        (cleaned.get("lead_alt_text") or "").strip() or photo.alt_text.strip()
    ):
        form.add_error(
            "lead_alt_text",
            _(
                "The lead image needs alt text (what it shows, for readers who cannot see it), "
                "or tick “decorative” if it adds nothing the text does not say."
            ),
        )


def blocks_publication(article, live_from):
    """Why a bulk action may not publish or schedule `article` for `live_from` (None: it
    may): the form's rules, for an article that is not in a form."""
    photo = article.lead_photo
    if photo is None:
        return _("no lead image") if settings.NEWSROOM_LEAD_IMAGE_REQUIRED else None
    if not article.lead_decorative and not article.lead_image_alt.strip():
        return _("the lead image has no alt text")
    inline = Photo.objects.filter(pk__in=referenced_photo_ids(article.body))
    if photo.rights_expire_at is not None and photo.rights_expire_at <= live_from:
        return _("a picture's rights expire before it would go live")
    share = article.social_photo
    if (
        share is not None
        and share.rights_expire_at is not None
        and share.rights_expire_at <= live_from
    ):
        return _("a picture's rights expire before it would go live")
    if inline.rights_expired(at=live_from).exists():
        return _("a picture's rights expire before it would go live")
    return None


def _clean_share_photo(form, cleaned):
    photo, published_at = cleaned.get("social_photo"), cleaned.get("published_at")
    if photo is None or photo.rights_expire_at is None:
        return
    if "social_photo" in form.changed_data and photo.rights_expired:
        form.add_error("social_photo", _expired(photo, newly_used=True))
    elif published_at and photo.rights_expire_at <= max(published_at, timezone.now()):
        form.add_error("social_photo", _expired(photo, newly_used=False))


def _expired(photo, *, newly_used):
    if photo.rights_expired and newly_used:
        message = _(
            "The rights to “%(photo)s” expired %(time)s, cannot be newly used. "
            "Choose another picture."
        )
    elif photo.rights_expired:
        message = _(
            "The rights to “%(photo)s” expired %(time)s, so the article cannot go live with "
            "it. Choose another picture."
        )
    elif newly_used:
        message = _(
            "The rights to “%(photo)s” expire %(time)s, cannot be newly used. "
            "Choose another picture."
        )
    else:
        message = _(
            "The rights to “%(photo)s” expire %(time)s, so the article cannot go live with "
            "it. Choose another picture."
        )
    return message % {"photo": photo, "time": staff_time(photo.rights_expire_at)}


def _clean_inline_photos(form, cleaned):
    """photo:N in the body must name a library photo; an expired one may not be newly
    placed, nor stay in an article about to be live."""
    if "body" not in cleaned:
        return
    wanted = referenced_photo_ids(cleaned["body"])
    if not wanted:
        return
    photos = Photo.objects.in_bulk(wanted)
    missing = sorted(wanted - set(photos))
    if missing:
        form.add_error(
            "body",
            _(
                "The body shows photo:%(number)s, which is not in the photo library: "
                "check the number on the photo's page."
            )
            % {"number": missing[0]},
        )
    already = referenced_photo_ids(form.stored.body) if form.stored is not None else set()
    published_at = cleaned.get("published_at")
    live_from = max(published_at, timezone.now()) if published_at else None
    for photo in photos.values():
        ends = photo.rights_expire_at
        if ends is None:
            continue
        if photo.rights_expired and photo.pk not in already:
            form.add_error("body", _expired(photo, newly_used=True))
        elif live_from is not None and ends <= live_from:
            form.add_error("body", _expired(photo, newly_used=False))
