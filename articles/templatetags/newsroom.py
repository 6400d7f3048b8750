from django import template
from django.utils.html import format_html
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
