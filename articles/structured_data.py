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

from .photos.pictures import credit_text, largest

# The crops Google asks for in an article's `image` (each at least 1200 px wide).
STRUCTURED_DATA_RATIOS = ("16:9", "4:3", "1:1")
SHARE_RATIO = "1.91:1"

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
    """The social card: the share image's or else the lead image's 1.91:1 crop, else the
    body's first picture, else the site's share image."""
    photo = article.share_photo if article is not None else None
    if photo is not None:
        return request.build_absolute_uri(largest(photo, SHARE_RATIO)[0])
    image = lead_image(article) if article is not None else None
    return request.build_absolute_uri(image or static(settings.NEWSROOM_SHARE_IMAGE))


def image_objects(photo, request):
    """schema.org ImageObjects of the crops, with the rights Google shows (creditText,
    copyrightNotice, license, acquireLicensePage) where the library knows them."""
    rights = {
        "creditText": credit_text(photo),
        "copyrightNotice": photo.copyright_notice,
        "license": photo.licence_url,
        "acquireLicensePage": photo.acquire_licence_url,
        "caption": photo.caption,
    }
    if photo.creator:
        rights["creator"] = {"@type": "Person", "name": photo.creator}
    objects = []
    for ratio in STRUCTURED_DATA_RATIOS:
        url, width, height = largest(photo, ratio)
        image = {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(url),
            "width": width,
            "height": height,
        }
        image.update({key: value for key, value in rights.items() if value})
        objects.append(image)
    return objects


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
        "inLanguage": article.language,
    }
    data.update(translation_links(article, filing, request))
    if article.published_at:
        data["datePublished"] = iso_datetime(article.published_at)
    image = lead_image(article)
    if article.lead_photo_id is not None:
        data["image"] = image_objects(article.lead_photo, request)
    elif image:
        data["image"] = [request.build_absolute_uri(image)]
    if filing.section:
        data["articleSection"] = filing.section.name
    keywords = [tag.name for tag in filing.tags]
    if keywords:
        data["keywords"] = keywords
    return data


def translation_links(article, filing, request):
    """schema.org's translationOfWork (on a translation: the public version it was
    translated from) and workTranslation (on a source: its public translations)."""
    languages = getattr(filing, "languages", None)
    if languages is None or not languages.versions:
        return {}
    links = {}
    source = languages.translation_source(article)
    if source is not None:
        links["translationOfWork"] = _work(source, request)
    translations = languages.translations(article)
    if translations:
        links["workTranslation"] = [_work(version, request) for version in translations]
    return links


def _work(version, request):
    # No @id: the page's WebPage node (mainEntityOfPage) already has the address as its.
    url = request.build_absolute_uri(version.path)
    return {"@type": "NewsArticle", "url": url, "inLanguage": version.language}


def json_ld_script(data):
    """`data` as a <script type="application/ld+json"> body that cannot break out of it."""
    return json.dumps(data, ensure_ascii=False, indent=None).translate(_SCRIPT_SAFE)
