"""
RSS 2.0 and Atom feeds (django.contrib.syndication) for the whole site, a section,
an author and a tag, in each language (/feeds/rss/, /fr/feeds/rss/, /fr/sections/x/rss/):
a feed lists its language's versions only. Each item carries the full sanitised body,
every author and the article's own published and "Last updated" times.
"""

import re
from datetime import UTC
from html import escape as escape_attribute
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag

from .models import Article, Author, Section
from .photos.pictures import largest

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"
RSS_CONTENT = "http://purl.org/rss/1.0/modules/content/"


def entry_id(feed_link, article_id, created):
    """A tag: URI (RFC 4151) that names the article for as long as it exists.

    Not its address: a renamed slug would show subscribers the article again as a new
    item. Not the publish date either: editors may re-date an article. The day the row
    was created never moves, and it is taken in UTC because the display zone can change.
    """
    host = urlsplit(feed_link).hostname  # a tag's authority is a bare name, no port
    return f"tag:{host},{created.astimezone(UTC):%Y-%m-%d}:article-{article_id}"


class _AbsoluteUrls(HTMLParser):
    # Feed readers show the body away from the site, where a relative URL loads nothing.
    # A parser, not a pattern: the body's text may say href="..." too. Only <a href> and
    # <img src> tags with a relative URL are rewritten; every other byte of the
    # sanitiser's output is copied as it was.
    url_attribute = {"a": "href", "img": "src"}

    def __init__(self, html, base):
        super().__init__(convert_charrefs=False)
        self.html, self.base = html, base
        # getpos() counts lines at "\n" only, not at every break str.splitlines() knows.
        self.line_starts = [0, *(newline.end() for newline in re.finditer("\n", html))]
        self.copied_to, self.parts = 0, []

    def rewritten(self):
        self.feed(self.html)
        self.close()
        return "".join([*self.parts, self.html[self.copied_to :]])

    def handle_starttag(self, tag, attrs):
        url_attribute = self.url_attribute.get(tag)
        if not any(key == url_attribute and _is_relative(value) for key, value in attrs):
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        written = []
        for key, value in attrs:
            if key == url_attribute and _is_relative(value):
                value = urljoin(self.base, value)
            written.append(f" {key}" if value is None else f' {key}="{escape_attribute(value)}"')
        self.parts += [self.html[self.copied_to : start], f"<{tag}{''.join(written)}>"]
        self.copied_to = start + len(self.get_starttag_text())

    handle_startendtag = handle_starttag


def _is_relative(url):
    # Scheme-less and not protocol-relative ("//cdn..." already names its host).
    if url is None or url.lstrip().startswith("//"):
        return False
    try:
        return not urlsplit(url).scheme
    except ValueError:  # not a URL at all: leave it as the sanitiser let it through
        return False


# Any href or src whose value does not start with a scheme or "//": a body without one (most
# bodies) is returned as it is, unparsed. A match in the text only costs the parse.
_MAYBE_RELATIVE = re.compile(r'(?:href|src)="(?![A-Za-z][A-Za-z0-9+.-]*:|//)')


def with_absolute_urls(html, base):
    if not _MAYBE_RELATIVE.search(html):
        return html
    return _AbsoluteUrls(html, base).rewritten()


class _ArticleItems:
    # Both need the request's host, which only the generator has (its link is absolute):
    # Feed's item methods never see the request, and one Feed object serves every thread.
    def add_item(self, *, article_id, created, content_html, lead_image=None, **kwargs):
        kwargs["unique_id"] = entry_id(self.feed["link"], article_id, created)
        if lead_image is not None:
            url, width, height = lead_image
            kwargs["lead_image"] = (urljoin(self.feed["link"], iri_to_uri(url)), width, height)
        content_html = with_absolute_urls(content_html, iri_to_uri(kwargs["link"]))
        super().add_item(content_html=content_html, **kwargs)


class NewsRssFeed(_ArticleItems, Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": DUBLIN_CORE,
            "xmlns:content": RSS_CONTENT,
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _path in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("lead_image"):
            url, width, height = item["lead_image"]
            attributes = {"url": url, "medium": "image", "type": "image/jpeg"}
            handler.addQuickElement(
                "media:content", attrs={**attributes, "width": str(width), "height": str(height)}
            )


class NewsAtomFeed(_ArticleItems, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, path in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", urljoin(self.feed["link"], path))
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        if item.get("lead_image"):
            handler.addQuickElement(
                "link",
                attrs={"rel": "enclosure", "type": "image/jpeg", "href": item["lead_image"][0]},
            )


class LatestArticlesFeed(Feed):
    feed_type = NewsRssFeed
    # The guid is a tag: URI (entry_id), not the article's address.
    item_guid_is_permalink = False

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return _("The latest news from %(site_name)s.") % {"site_name": settings.NEWSROOM_SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self, obj):
        # Atom entries without a byline fall back to the publisher.
        return settings.NEWSROOM_PUBLISHER_NAME

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        # The feed's language's versions: /fr/feeds/rss/ is the French one (its
        # <language> and xml:lang are the active language, as Feed writes them).
        articles = self.articles(obj).in_language(get_language())
        articles = articles.with_bylines().select_related("lead_photo")
        return articles[: settings.NEWSROOM_FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # RSS descriptions and Atom summaries are HTML: the standfirst is plain text.
        return escape(article.summary)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_updated

    def item_categories(self, article):
        section = [article.section.name] if article.section else []
        return section + [tag.name for tag in article.tag_list]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                (author.name, author.get_absolute_url()) for author in article.byline_authors
            ],
            "content_html": article.body_html,
            "article_id": article.pk,
            "created": article.created,
            "lead_image": largest(article.lead_photo, "16:9") if article.lead_photo_id else None,
        }


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("The latest %(section)s news.") % {"section": section.name}

    def articles(self, section):
        return Article.objects.published().filed_under(section)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return _("Articles by %(author)s.") % {"author": author.name}

    def articles(self, author):
        return Article.objects.published().filed_under(author)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("Articles tagged %(tag)s.") % {"tag": tag.name}

    def articles(self, tag):
        return Article.objects.published().filed_under(tag)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = NewsAtomFeed


class SectionAtomFeed(SectionFeed):
    feed_type = NewsAtomFeed


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
