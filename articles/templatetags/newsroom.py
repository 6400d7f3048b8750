from functools import cache
from html import escape as escape_text

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from articles import structured_data
from articles.search import snippet_html

register = template.Library()

READER_DATE_FORMAT = "d M. Y"  # 09 Jul. 2012
READER_DATE_TIME_FORMAT = "d M. Y H:i"  # 09 Jul. 2012 08:52


@register.simple_tag
def dateline(value, with_time=False):
    """The one place a reader-facing timestamp is formatted: a <time> in the newsroom's
    TIME_ZONE. (A tag, not an included template: pages show dozens of dates.)"""
    local = template_localtime(value)
    shown = dateformat.format(local, READER_DATE_TIME_FORMAT if with_time else READER_DATE_FORMAT)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Full URL (scheme and host of this request) for a path from reverse()/get_absolute_url()."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article):
    """schema.org NewsArticle for the article page, safe inside <script>."""
    data = structured_data.news_article(article, context["request"])
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


def _sitemap_entries(element, entries):
    """<element><loc>…</loc><lastmod>…</lastmod></element> for (location, lastmod) pairs,
    as Django's sitemap templates write them under {% spaceless %}.

    Written here rather than with a template loop: thousands of entries through the loop,
    the autoescaping and the date filter were most of a sitemap's time.
    """
    zone = timezone.get_current_timezone()  # as the date filter would localise them

    @cache  # every page of one sitemap in the index shares its lastmod
    def lastmod_element(lastmod):
        return f"<lastmod>{lastmod.astimezone(zone).isoformat()}</lastmod>" if lastmod else ""

    return mark_safe(  # noqa: S308 - locations are escaped, dates are ISO 8601
        "".join(
            # The standard library's escape: what Django's does (same five characters), without
            # its lazy-string wrapper, which was a quarter of a 500-entry sitemap index.
            f"<{element}><loc>{escape_text(location)}</loc>{lastmod_element(lastmod)}</{element}>"
            for location, lastmod in entries
        )
    )


@register.simple_tag
def sitemap_urls(urlset):
    return _sitemap_entries("url", ((url["location"], url["lastmod"]) for url in urlset))


@register.simple_tag
def sitemap_index_entries(sitemaps):
    return _sitemap_entries("sitemap", ((site.location, site.last_mod) for site in sitemaps))
