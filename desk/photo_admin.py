"""
The photo library in the admin: upload one or many, search and filter, where each photo
is used, focal point and crops, rendition failures, and the live articles still showing
pictures whose rights have expired.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article, Photo, PhotoUse, Rendition
from articles.models.photos import RATIOS
from articles.photos.crops import parse_crop
from articles.photos.hashing import near_duplicates
from articles.photos.inline import refresh_bodies
from articles.photos.refresh import photo_changed
from articles.photos.renditions import delete_files, schedule_renditions

from .photo_intake import intake_photo
from .uploads import ImageRejected

CROP_FIELDS = {ratio: "crop_" + ratio.replace(":", "_").replace(".", "_") for ratio in RATIOS}
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return (
            ("expired", _("Expired")),
            ("expiring", _("Expire within 30 days")),
            ("current", _("Current")),
            ("open", _("No expiry")),
        )

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "expired":
                return queryset.rights_expired(now)
            case "expiring":
                return queryset.filter(
                    rights_expire_at__gt=now, rights_expire_at__lte=now + timezone.timedelta(30)
                )
            case "current":
                return queryset.filter(rights_expire_at__gt=now)
            case "open":
                return queryset.filter(rights_expire_at__isnull=True)
        return queryset


class RenditionsFilter(admin.SimpleListFilter):
    title = _("renditions")
    parameter_name = "renditions"

    def lookups(self, request, model_admin):
        return (("failed", _("Some failed")), ("waiting", _("Not made yet")))

    def queryset(self, request, queryset):
        renditions = Rendition.objects.filter(photo=OuterRef("pk"))
        match self.value():
            case "failed":
                return queryset.filter(Exists(renditions.filter(status=Rendition.Status.FAILED)))
            case "waiting":
                return queryset.filter(rendition_index={})
        return queryset


class ExpiredPicturesFilter(admin.SimpleListFilter):
    """On the article list: live articles still showing a picture whose rights have
    expired (lead or in the body), for the desk to replace."""

    title = _("pictures")
    parameter_name = "pictures"

    def lookups(self, request, model_admin):
        return (("expired", _("Live, showing expired pictures")),)

    def queryset(self, request, queryset):
        if self.value() != "expired":
            return queryset
        return showing_expired_pictures(queryset)


def showing_expired_pictures(articles):
    """The live articles among `articles` whose lead or body shows an expired picture."""
    now = timezone.now()
    expired_inline = PhotoUse.objects.filter(
        article=OuterRef("pk"), photo__rights_expire_at__lte=now
    )
    return articles.published().filter(
        Q(lead_photo__rights_expire_at__lte=now)
        | Q(social_photo__rights_expire_at__lte=now)
        | Q(Exists(expired_inline))
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "data-photo-drop": ""}),
        help_text=_(
            "JPEG, PNG, WebP or GIF; choose several at once or drop them here. "
            "Captions, credits and alt text written into the files fill the records."
        ),
    )


def crop_field(ratio):
    return forms.CharField(
        label=_("%(ratio)s crop") % {"ratio": ratio},
        required=False,
        help_text=_(
            "Left, top, width, height in pixels of the original; empty: around the focal point."
        ),
    )


class PhotoForm(forms.ModelForm):
    licence_url = forms.URLField(label=_("Licence address"), required=False, assume_scheme="https")
    acquire_licence_url = forms.URLField(
        label=_("Acquire-licence page"),
        required=False,
        assume_scheme="https",
        help_text=Photo._meta.get_field("acquire_licence_url").help_text,
    )

    crop_16_9 = crop_field("16:9")
    crop_4_3 = crop_field("4:3")
    crop_1_1 = crop_field("1:1")
    crop_1_91_1 = crop_field("1.91:1")

    class Meta:
        model = Photo
        fields = (
            "caption",
            "alt_text",
            "keywords",
            "credit_line",
            "creator",
            "copyright_notice",
            "source",
            "licence",
            "usage_terms",
            "licence_url",
            "acquire_licence_url",
            "rights_expire_at",
            "focal_x",
            "focal_y",
        )
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for ratio, name in CROP_FIELDS.items():
            self.fields[name].initial = ", ".join(map(str, self.instance.crops.get(ratio, [])))

    def clean(self):
        cleaned = super().clean()
        crops = {}
        for ratio, name in CROP_FIELDS.items():
            text = (cleaned.get(name) or "").strip()
            if not text:
                continue
            try:
                crops[ratio] = parse_crop(text, ratio, self.instance.width, self.instance.height)
            except ValueError as error:
                self.add_error(name, str(error))
        cleaned["crops"] = crops
        return cleaned

    def save(self, commit=True):
        self.instance.crops = self.cleaned_data["crops"]
        return super().save(commit)


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = (
        "thumbnail",
        "caption_label",
        "credit_line",
        "rights_label",
        "renditions_label",
        "uploaded_at",
    )
    list_display_links = ("thumbnail", "caption_label")
    list_filter = (RightsFilter, RenditionsFilter, "source")
    # Searched by get_search_results() below (the admin's search box shows with any).
    search_fields = ("caption",)
    search_help_text = _(
        "Caption, alt text, credit, photographer, source, keywords or the headline of a "
        "story using the photo."
    )
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    show_full_result_count = False
    actions = ("make_renditions_again",)
    readonly_fields = (
        "focal_point_picker",
        "dimensions",
        "where_used",
        "renditions_state",
        "similar_photos",
    )
    fieldsets = (
        (None, {"fields": ("focal_point_picker", "caption", "alt_text", "keywords")}),
        (
            _("Rights"),
            {
                "fields": (
                    "credit_line",
                    "creator",
                    "copyright_notice",
                    "source",
                    "licence",
                    "usage_terms",
                    "licence_url",
                    "acquire_licence_url",
                    "rights_expire_at",
                )
            },
        ),
        (
            _("Focal point and crops"),
            {"fields": ("focal_x", "focal_y", *CROP_FIELDS.values(), "dimensions")},
        ),
        (_("Use"), {"fields": ("where_used", "renditions_state", "similar_photos")}),
    )

    class Media:
        js = ("desk/photo_library.js",)
        css = {"all": ("desk/photo_library.css",)}

    def get_queryset(self, request):
        failed = Rendition.objects.filter(photo=OuterRef("pk"), status=Rendition.Status.FAILED)
        return super().get_queryset(request).annotate(has_failed_renditions=Exists(failed))

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = queryset.search(search_term), False
        # The article form's pickers offer only what may be newly used.
        if request.path.endswith("/autocomplete/") and request.GET.get("field_name") in {
            "lead_photo",
            "social_photo",
        }:
            results = results.usable()
        return results, may_have_duplicates

    @admin.display(description="")
    def thumbnail(self, photo):
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" class="photo-thumbnail" loading="lazy">',
            photo_preview_url(photo),
            round(80 * photo.height / max(photo.width, 1)),
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_label(self, photo):
        return str(photo)

    @admin.display(description=_("rights"), ordering="rights_expire_at")
    def rights_label(self, photo):
        if photo.rights_expire_at is None:
            return _("No expiry")
        if photo.rights_expired:
            return format_html('<strong class="rights-expired">{}</strong>', _("Expired"))
        return _("Until %(date)s") % {
            "date": f"{timezone.localtime(photo.rights_expire_at):%Y-%m-%d}"
        }

    @admin.display(description=_("renditions"))
    def renditions_label(self, photo):
        made = sum(len(f) for formats in photo.rendition_index.values() for f in formats.values())
        if getattr(photo, "has_failed_renditions", False):
            return format_html(
                '<strong class="renditions-failed">{}</strong>',
                _("%(count)d made, some failed") % {"count": made},
            )
        return _("%(count)d made") % {"count": made} if made else _("Waiting")

    @admin.display(description=_("picture"))
    def focal_point_picker(self, photo):
        if photo.pk is None:
            return ""
        return format_html(
            '<div class="focal-point-picker"><img src="{}" alt="{}" width="{}" height="{}" '
            'data-focal-picker data-focal-x="{}" data-focal-y="{}">'
            '<span class="focal-point-marker" aria-hidden="true"></span></div>'
            '<p class="help">{}</p>',
            photo.image.url,
            photo.alt_text,
            photo.width,
            photo.height,
            photo.focal_x,
            photo.focal_y,
            _("Click what the crops must keep: the focal point fields follow."),
        )

    @admin.display(description=_("size"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height} px" if photo.pk else ""

    @admin.display(description=_("where used"))
    def where_used(self, photo):
        articles = articles_showing(photo)
        if not articles:
            return _("Not used in any article.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                        article.get_status_display(),
                    )
                    for article in articles
                ),
            ),
        )

    @admin.display(description=_("renditions"))
    def renditions_state(self, photo):
        failed = list(photo.renditions.filter(status=Rendition.Status.FAILED)[:10])
        made = self.renditions_label(photo)
        if not failed:
            return made
        return format_html(
            "{}<ul>{}</ul>",
            made,
            format_html_join(
                "",
                _("<li>{} {} px {}: {} (attempts: {})</li>"),
                ((r.ratio, r.width, r.format, r.error, r.attempts) for r in failed),
            ),
        )

    @admin.display(description=_("looks like"))
    def similar_photos(self, photo):
        similar = near_duplicates(photo.perceptual_hash, exclude_pk=photo.pk)
        if not similar:
            return _("No similar photo in the library.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:articles_photo_change", args=[p.pk]), str(p)) for p in similar),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"focal_x", "focal_y", *CROP_FIELDS.values()} & set(form.changed_data):
            schedule_renditions(obj)
        refresh_bodies(obj)  # captions and credits in article bodies
        photo_changed(obj)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Photo.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Deleted photos take their files along, once the deletion has committed (the
        admin refuses a photo in use before this runs)."""
        photos = list(queryset)
        names = [photo.image.name for photo in photos]
        names += Rendition.objects.filter(photo__in=photos).values_list("file", flat=True)
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: delete_files(names))
        photo_changed(None)

    @admin.action(description=_("Make the selected photos' renditions again"))
    def make_renditions_again(self, request, queryset):
        for photo in queryset:
            photo.renditions.exclude(status=Rendition.Status.DONE).update(
                status=Rendition.Status.PENDING, attempts=0
            )
            schedule_renditions(photo)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Renditions asked for %(count)d photo(s).",
                "Renditions asked for %(count)d photo(s).",
                count,
            )
            % {"count": count},
        )

    # Adding is uploading: one or many files, each checked, deduplicated and prefilled.
    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [
            path("upload/", upload, name="articles_photo_upload"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # The query string carries the article form's "+" popup (_popup, _to_field).
        query = request.GET.urlencode()
        return HttpResponseRedirect(
            reverse("admin:articles_photo_upload") + (f"?{query}" if query else "")
        )

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            added = []
            for upload in form.cleaned_data["files"]:
                try:
                    intake = intake_photo(upload, user=request.user)
                except ImageRejected as refused:
                    messages.error(request, refused.message)
                    continue
                added.append(intake.photo)
                self._report(request, upload.name, intake)
            if len(added) == 1 and IS_POPUP_VAR in request.POST:
                # Uploaded in place from the article form: the photo becomes its choice.
                return self.response_add(request, added[0])
            if len(added) == 1:
                return HttpResponseRedirect(
                    reverse("admin:articles_photo_change", args=[added[0].pk])
                )
            return HttpResponseRedirect(reverse("admin:articles_photo_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload photos"),
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "is_popup": IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST,
            "to_field": request.GET.get(TO_FIELD_VAR) or request.POST.get(TO_FIELD_VAR, ""),
            "is_popup_var": IS_POPUP_VAR,
            "to_field_var": TO_FIELD_VAR,
        }
        return TemplateResponse(request, "admin/articles/photo/upload.html", context)

    def _report(self, request, name, intake):
        link = reverse("admin:articles_photo_change", args=[intake.photo.pk])
        if not intake.created:
            messages.info(
                request,
                format_html(
                    _('{} is already in the library: <a href="{}">{}</a>.'),
                    name,
                    link,
                    intake.photo,
                ),
            )
            return
        prefilled = ", ".join(str(Photo._meta.get_field(f).verbose_name) for f in intake.prefilled)
        text = _("%(name)s added.") % {"name": name}
        if prefilled:
            text = _("%(name)s added. From the file: %(fields)s.") % {
                "name": name,
                "fields": prefilled,
            }
        messages.success(request, text)
        for similar in intake.near_duplicates:
            messages.warning(
                request,
                format_html(
                    _('{} looks like <a href="{}">{}</a>, already in the library.'),
                    name,
                    reverse("admin:articles_photo_change", args=[similar.pk]),
                    similar,
                ),
            )


def photo_preview_url(photo):
    """The smallest rendition made, else the original (the browser scales it)."""
    jpegs = photo.rendition_index.get("4:3", {}).get("jpeg")
    if jpegs:
        from django.core.files.storage import default_storage

        return default_storage.url(jpegs[0][2])
    return photo.image.url


def articles_showing(photo):
    """Articles with the photo as lead image or in the body."""
    inline = PhotoUse.objects.filter(photo=photo, article=OuterRef("pk"))
    return list(
        Article.objects.filter(Q(lead_photo=photo) | Q(social_photo=photo) | Q(Exists(inline)))
        .only("pk", "title", "published_at", "withdrawn_at")
        .order_by("-published_at", "-id")[:50]
    )
