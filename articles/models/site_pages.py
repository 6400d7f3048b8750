"""The site's own pages (about, contact, corrections policy): a title and a Markdown body
per language, edited by the desk, linked from the footer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pagecache.dependencies import invalidate, invalidate_all_pages

from ..cache_keys import SITE_PAGES, site_page_key
from ..markdown import render_markdown
from .addresses import SlugAddressed
from .story import default_language, language_choices

# What the footer shows of a page: a change to any of them changes every reader page.
FOOTER_FIELDS = ("language", "slug", "title", "show_in_footer", "footer_order")


class SitePage(SlugAddressed, models.Model):
    url_name = "articles:site_page"

    language = models.CharField(
        _("language"),
        max_length=15,
        choices=language_choices,
        default=default_language,
        help_text=_("The language this page is written in; each language has its own pages."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The last part of the page's address, as in /pages/about/."),
    )
    body = models.TextField(
        _("body"),
        help_text=_("Markdown. The preview beside the editor shows what readers will see."),
    )
    body_html = models.TextField(editable=False, default="")
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=True,
        help_text=_("Link this page from the footer of every page in its language."),
    )
    footer_order = models.PositiveSmallIntegerField(
        _("order in footer"),
        default=0,
        help_text=_("Lower numbers come first."),
    )
    # The reader's "Last updated": moves when the title or the text changes, not with
    # the footer settings.
    updated_at = models.DateTimeField(_("last updated"), editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ("language", "footer_order", "title")
        constraints = (
            models.UniqueConstraint(
                fields=("language", "slug"), name="site_page_slug_per_language"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="site_page_slug_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="site_page_title_not_empty"),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        stored = None
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values("title", "body", *FOOTER_FIELDS)
                .first()
            )
        if stored is None or (stored["title"], stored["body"]) != (self.title, self.body):
            self.updated_at = timezone.now()
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "updated_at"}
        super().save(*args, **kwargs)
        using = kwargs.get("using")
        invalidate([site_page_key(self.pk), SITE_PAGES], using=using)
        in_footer = stored is not None and stored["show_in_footer"]
        footer_before = [stored[name] for name in FOOTER_FIELDS] if in_footer else None
        footer_now = [getattr(self, n) for n in FOOTER_FIELDS] if self.show_in_footer else None
        if footer_before != footer_now:
            # The footer is on every reader page, remembered with the navigation.
            invalidate_all_pages(using=using)

    def address_language(self):
        # A page's address is in its own language, whatever page links to it.
        return self.language
