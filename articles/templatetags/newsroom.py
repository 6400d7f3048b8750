from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles import structured_data
from articles.search import snippet_html

register = template.Library()


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


@register.simple_tag
def sitemap_urls(urlset):
    """The <url> elements of a sitemap page, as {% spaceless %} would leave them.

    Written here rather than with a template loop: 2,000 URLs through the loop, the
    autoescaping and the date filter took most of a deep sitemap page's time.
    """
    zone = timezone.get_current_timezone()  # as the date filter would localise them
    return mark_safe(  # noqa: S308 - the location is escaped, the date is ISO 8601
        "".join(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (
                f"<lastmod>{url['lastmod'].astimezone(zone).isoformat()}</lastmod>"
                if url["lastmod"]
                else ""
            )
            + "</url>"
            for url in urlset
        )
    )
