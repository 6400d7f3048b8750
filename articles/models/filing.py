"""Where an article is filed: its section, its ordered byline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .addresses import SlugAddressed


class Section(SlugAddressed, models.Model):
    url_name = "articles:section"

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the section's address, as in /sections/city/."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown at the top of the section page."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Position in the site navigation; lower numbers come first."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ("order", "name")
        constraints = (
            models.CheckConstraint(condition=~Q(slug=""), name="section_slug_not_empty"),
        )

    def __str__(self):
        return self.name


class Author(SlugAddressed, models.Model):
    url_name = "articles:author"

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"),
        max_length=150,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the author's page address, as in /authors/amira-haddad/."),
    )
    bio = models.TextField(
        _("short bio"), blank=True, max_length=600, help_text=_("Shown on the author's page.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("staff account"),
        help_text=_("The staff login of this author: new articles they write carry their byline."),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ("name",)
        constraints = (models.CheckConstraint(condition=~Q(slug=""), name="author_slug_not_empty"),)

    def __str__(self):
        return self.name


class ArticleAuthor(models.Model):
    """One name in an article's byline; `position` orders "By A, B and C"."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(
        default=1, help_text=_("1 for the first name in the byline, 2 for the next, ...")
    )

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("byline")
        constraints = (
            # Author first: an author page probes it for each of the newest articles,
            # and one author's entries sit together, so those probes stay in memory.
            models.UniqueConstraint(
                fields=("author", "article"), name="byline_author_once_per_article"
            ),
        )

    def __str__(self):
        return str(self.author)
