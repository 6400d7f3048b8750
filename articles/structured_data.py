"""
What an article page tells search engines and social networks: schema.org NewsArticle
(JSON-LD) and the share image. Open Graph tags are written by
templates/articles/_article_meta.html from the same fields.

https://developers.google.com/search/docs/appearance/structured-data/article
"""

import json
from html.parser import HTMLParser

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

# Inside <script>, "</script>" or "<!--" in a headline would end or confuse the element;
# JSON allows these characters as \u escapes (Django's json_script does the same).
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class _FirstImage(HTMLParser):
    src = None

    def handle_starttag(self, tag, attrs):
        if tag == "img" and self.src is None:
            self.src = dict(attrs).get("src") or None


def lead_image(article):
    """The first image in the sanitised body, if any: the article's picture for sharing."""
    if "<img" not in article.body_html:
        return None
    parser = _FirstImage()
    parser.feed(article.body_html)
    return parser.src


def share_image_url(request, article=None):
    image = lead_image(article) if article is not None else None
    return request.build_absolute_uri(image or static(settings.NEWSROOM_SHARE_IMAGE))


def iso_datetime(value, zone=None):
    """The machine-readable form of a moment, in the newsroom's zone: ISO 8601 to the second
    (HTML's <time datetime> allows at most milliseconds; nobody needs more).

    zone: the current zone, when the caller has already looked it up for many values."""
    return timezone.localtime(value, zone).isoformat(timespec="seconds")


def news_article(article, filing, request):
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "dateModified": iso_datetime(article.last_updated),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in filing.authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.NEWSROOM_PUBLISHER_NAME,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static(settings.NEWSROOM_PUBLISHER_LOGO)),
            },
        },
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if article.published_at:
        data["datePublished"] = iso_datetime(article.published_at)
    image = lead_image(article)
    if image:
        data["image"] = [request.build_absolute_uri(image)]
    if filing.section:
        data["articleSection"] = filing.section.name
    keywords = [tag.name for tag in filing.tags]
    if keywords:
        data["keywords"] = keywords
    return data


def json_ld_script(data):
    """`data` as a <script type="application/ld+json"> body that cannot break out of it."""
    return json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_SAFE)
