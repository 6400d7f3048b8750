import functools
import hashlib
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date, format_datetime
from django import template
from django.conf import settings
from django.utils import dateformat, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from articles import sitemaps, structured_data
from articles.photos.pictures import credit_text, largest, picture_html
from articles.search import snippet_html

register = template.Library()

# English keeps the seed's style (09 Jul. 2012), which CLDR has no pattern for.
READER_DATE_FORMAT = "d M. Y"  # 09 Jul. 2012
READER_DATE_TIME_FORMAT = "d M. Y H:i"  # 09 Jul. 2012 08:52
# Every other language takes CLDR's abbreviated months through Babel: "09 juil. 2012", and
# the genitive forms Russian and Ukrainian put after a day ("09 мая 2012", "09 трав. 2012").
# Django's "M" is English-shaped in every language ("Jul." in French), its "N" is English.
LOCALE_DATE_PATTERN = "dd MMM y"
LOCALE_DATE_TIME_PATTERN = "dd MMM y HH:mm"


@register.simple_tag
def dateline(value, with_time=False):
    """The one place a reader-facing timestamp is formatted: a <time> in the newsroom's
    TIME_ZONE, in the active language (an article's parts are drawn in the article's).
    (A tag, not an included template: pages show dozens of dates.)"""
    local = template_localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        structured_data.iso_datetime(local),
        human_date(local, with_time),
    )


def human_date(local, with_time=False):
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == "en":
        return dateformat.format(
            local, READER_DATE_TIME_FORMAT if with_time else READER_DATE_FORMAT
        )
    locale = babel_locale(language)
    if with_time:
        return format_datetime(local, LOCALE_DATE_TIME_PATTERN, tzinfo=local.tzinfo, locale=locale)
    return format_date(local, LOCALE_DATE_PATTERN, locale=locale)


@functools.cache
def babel_locale(language):
    return Locale.parse(translation.to_locale(language))


@register.filter
def digest(value):
    """A name for what a list shows (cards, a front: plain values with a stable repr), for
    {% cache %}: the same cards draw the same HTML, so a drawn list is kept under it and
    a changed list can never be served from an old name."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


@register.filter
def whole_minutes(duration):
    """A timedelta as a whole number of minutes, for a sentence that counts them."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.filter
def machine_time(value):
    """A moment for machines (meta tags, sitemaps): ISO 8601, to the second."""
    return structured_data.iso_datetime(value) if value else ""


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Full URL (scheme and host of this request) for a path from reverse()/get_absolute_url()."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article, filing):
    """schema.org NewsArticle for the article page, safe inside <script>."""
    data = structured_data.news_article(article, filing, context["request"])
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(structured_data.json_ld_script(data)),  # noqa: S308 - <, > and & are \u-escaped
    )


@register.simple_tag(takes_context=True)
def share_image_url(context, article=None):
    return structured_data.share_image_url(context["request"], article)


@register.filter
def search_snippet(snippet):
    """A search result's text with the matched words in <mark> (escaped first)."""
    return snippet_html(snippet)


@register.simple_tag
def sitemap_urls(urlset):
    return sitemaps.xml_entries(
        "url", ((url["location"], url["lastmod"], url["alternates"]) for url in urlset)
    )


@register.filter
def publication_language(article):
    return sitemaps.publication_language(article.language)


@register.simple_tag
def sitemap_index_entries(index):
    return sitemaps.xml_entries("sitemap", ((site.location, site.last_mod) for site in index))


@register.simple_tag
def lead_picture(article, slot="lead", crop=""):
    """The article's lead image as <picture> for a slot (lead, home_lead, thumbnail),
    in the slot's shape or `crop`'s; the lead slots are what a reader sees first, so they
    are not lazy."""
    if article.lead_photo_id is None:
        return ""
    alt = article.lead_image_alt if slot != "thumbnail" else ""
    return picture_html(
        article.lead_photo, slot, alt, priority=slot in {"lead", "home_lead"}, ratio=crop
    )


@register.filter
def photo_credit(photo):
    return credit_text(photo) if photo else ""


@register.simple_tag
def share_image_size(article):
    """(width, height) of the social card's picture."""
    _, width, height = largest(article.share_photo, structured_data.SHARE_RATIO)
    return (width, height)


SHARE_ENDPOINTS = (
    (_("Email"), "mailto:?subject={title}&body={url}"),
    ("X", "https://twitter.com/intent/tweet?url={url}&text={title}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
)


@register.inclusion_tag("articles/_share.html", takes_context=True)
def share_links(context, article):
    """Plain links to each service's share endpoint: no third-party script on our pages."""
    url = context["request"].build_absolute_uri(article.get_absolute_url())
    quoted = {"url": quote(url, safe=""), "title": quote(article.share_title, safe="")}
    return {
        "share_url": url,
        "share_title": article.share_title,
        "links": [(name, pattern.format(**quoted)) for name, pattern in SHARE_ENDPOINTS],
    }
