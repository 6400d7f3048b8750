"""
The names of what reader pages show (pagecache/dependencies.py), built in one place.

- article-<pk>: the article itself; its page, and every box that shows it (related
  articles).
- story-<id>: a story's versions; every version's page links the public ones (the
  language switcher, hreflang alternates, JSON-LD translations).
- section-<slug>, author-<slug>, tag-<slug>: the list of that section, byline or tag (its
  pages and feeds).
- articles: every list of all published articles (home, archives, search, the site's
  feeds and sitemaps) and when the next scheduled article goes live.
- front: what the desk put on the front page (placements, section blocks) and when its
  next scheduled change happens.
- breaking: the breaking-news banner, on every reader page; its start and expiry by the
  clock are in the next-change moments, so pages showing it never outlive them.
- related-section-<slug>, related-tag-<slug>: who is kin in that section or tag, for the
  related-articles boxes; changes only when an article joins or leaves (published,
  scheduled, withdrawn, moved, tagged), not with every edit, which would make a whole
  section's article pages stale.

- site-page-<pk>: one of the site's own pages (about, contact), at its address.
- site-pages: every site page (the sitemaps list them). Their titles in the footer are
  remembered with the navigation: a change there invalidates everything (SitePage.save()).

Sections, authors' and tags' own records (names, slugs, the navigation) are shown on
nearly every page: writing them invalidates everything (see receivers.py).

Lists are per language (a French page lists French versions only): every list name
above, "articles" included, is the default language's; another language's carries its
code, "articles.fr", "section-city.fr" (in_language()). A write makes stale its own
language's lists only.
- story-<id>: what every version's page shows of its siblings (the language switcher,
  hreflang): a write to one version that readers could see makes the others' pages stale
  without touching their rows, so their "Last updated" stays.
"""

from urllib.parse import quote

from django.conf import settings

ALL_ARTICLES = "articles"
FRONT = "front"
BREAKING = "breaking"
FILINGS = ("section", "author", "tag")
SITE_PAGES = "site-pages"
# The sitemap index and its sitemaps list every language's versions, with their alternates.
EVERY_LANGUAGE_LISTS = ("sitemap_index", "sitemap")


def token(slug):
    # Slugs may be Unicode; a surrogate key header carries ASCII tokens.
    return quote(slug, safe="")


def in_language(name, language=None):
    """A list's (or a remembered value's) name in a language: the default language's
    names are the ones the site always had."""
    if language is None:
        from django.utils import translation

        language = translation.get_language() or settings.LANGUAGE_CODE
    return name if language == settings.LANGUAGE_CODE else f"{name}.{language}"


def every_language(name):
    """The name in each language the site publishes in (e.g. what any version may change)."""
    return tuple(in_language(name, code) for code, _name in settings.LANGUAGES)


def article_key(pk):
    return f"article-{pk}"


def story_key(story_id):
    return f"story-{story_id}"


def site_page_key(pk):
    return f"site-page-{pk}"


def list_key(kind, slug, language=None):
    return in_language(f"{kind}-{token(slug)}", language)


def related_key(kind, slug, language=None):
    return in_language(f"related-{kind}-{token(slug)}", language)


def list_keys(url_name, slug=None, language=None):
    """What a list page or feed at this URL name shows: "section_rss" -> section-<slug>
    (in the page's language)."""
    kind = url_name.split("_", 1)[0]
    if url_name in EVERY_LANGUAGE_LISTS:
        # ... and the site's pages.
        return (*every_language(ALL_ARTICLES), SITE_PAGES)
    if url_name == "section" and slug is not None:
        return (list_key(kind, slug, language), FRONT)  # the page, not its feeds, has a front
    if kind in FILINGS and slug is not None:
        return (list_key(kind, slug, language),)
    if url_name == "home":
        return (in_language(ALL_ARTICLES, language), FRONT)
    return (in_language(ALL_ARTICLES, language),)


def article_page_keys(pk, filing, language=None):
    """What an article's page shows: itself, the articles in its related box, and who
    could join that box (in the article's language)."""
    keys = [article_key(pk), *(article_key(related.pk) for related in filing.related)]
    if filing.languages is not None:
        keys.append(story_key(filing.languages.story_id))
    if filing.section is not None:
        keys.append(related_key("section", filing.section.slug, language))
    keys.extend(related_key("tag", tag.slug, language) for tag in filing.tags)
    return keys


def written_article_keys(
    pk, *, section_slug, author_slugs, tag_slugs, listed, joins, language, story_id=None
):
    """What a write to an article makes stale.

    listed: readers could see it (or it is scheduled) before or after the write: its
    lists change, and its siblings' pages (story_id). joins: it joins or leaves its
    section's or tags' kin. language: the version's (never the page's: an editor may
    work in French on an English version).
    """
    keys = [article_key(pk)]
    if listed:
        keys.append(in_language(ALL_ARTICLES, language))
        if story_id is not None:
            keys.append(story_key(story_id))
        if section_slug:
            keys.append(list_key("section", section_slug, language))
        keys.extend(list_key("author", slug, language) for slug in author_slugs)
        keys.extend(list_key("tag", slug, language) for slug in tag_slugs)
    if joins:
        if section_slug:
            keys.append(related_key("section", section_slug, language))
        keys.extend(related_key("tag", slug, language) for slug in tag_slugs)
    return keys


def article_write_keys(article, *, before=None, joins=None):
    """What a write to `article` makes stale, with its byline and tags as the database
    holds them now; before: the article as stored before the write (None: a new one)."""
    from taggit.models import TaggedItem

    from .models import ArticleAuthor, Section

    sections = {article.section.slug if article.section_id else None}
    if before is not None and before.section_id != article.section_id and before.section_id:
        sections.add(
            Section.objects.filter(pk=before.section_id).values_list("slug", flat=True).first()
        )
    authors = ArticleAuthor.objects.filter(article_id=article.pk).values_list(
        "author__slug", flat=True
    )
    tags = TaggedItem.objects.filter(
        object_id=article.pk, content_type__app_label="articles", content_type__model="article"
    ).values_list("tag__slug", flat=True)
    author_slugs, tag_slugs = list(authors), list(tags)
    listed = article.published_at is not None or (
        before is not None and before.published_at is not None
    )
    if joins is None:
        joins = before is None or (
            before.section_id != article.section_id
            or before.published_at != article.published_at
            or before.withdrawn_at != article.withdrawn_at
        )
    joins = joins and listed  # a draft is nobody's kin
    languages = {article.language}
    if before is not None and "language" in before.__dict__:
        languages.add(before.language)  # a draft moved to another language's desk
    keys = {article_key(article.pk)}
    for section_slug in sections:
        for language in languages:
            keys.update(
                written_article_keys(
                    article.pk,
                    section_slug=section_slug,
                    author_slugs=author_slugs,
                    tag_slugs=tag_slugs,
                    listed=listed,
                    joins=joins,
                    language=language,
                    story_id=article.story_id,
                )  # fmt: skip
            )
    return sorted(keys)


def photo_page_keys(photo_pk):
    """What a change to a library photo (its record, crops, renditions) makes stale: the
    articles showing it, as lead or in the body, and the lists and feeds showing them."""
    from django.db.models import Q
    from taggit.models import TaggedItem

    from .models import Article, ArticleAuthor, PhotoUse

    in_body = PhotoUse.objects.filter(photo_id=photo_pk).values("article_id")
    showing = Article.objects.filter(
        Q(lead_photo_id=photo_pk) | Q(social_photo_id=photo_pk) | Q(pk__in=in_body)
    )
    rows = list(showing.values_list("pk", "published_at", "section__slug", "language"))
    keys = {article_key(pk) for pk, *_rest in rows}
    listed = {pk: language for pk, published_at, _section, language in rows if published_at}
    if listed:
        keys.update(in_language(ALL_ARTICLES, language) for language in listed.values())
        keys.update(
            list_key("section", slug, language) for pk, at, slug, language in rows if at and slug
        )
        authors = ArticleAuthor.objects.filter(article_id__in=listed)
        keys.update(
            list_key("author", slug, listed[pk])
            for pk, slug in authors.values_list("article_id", "author__slug")
        )
        tags = TaggedItem.objects.filter(
            object_id__in=listed, content_type__app_label="articles", content_type__model="article"
        )
        keys.update(
            list_key("tag", slug, listed[pk])
            for pk, slug in tags.values_list("object_id", "tag__slug")
        )
    return sorted(keys)


def filed_article_keys(pk, *, author_slug=None, tag_slug=None):
    """What a change to how the article stored as `pk` is filed (a byline, a tag) makes
    stale: the article and its lists (feeds show bylines and tags), and that author's or
    tag's own list (and the tag's kin), in the article's language."""
    from .models import Article

    section, language = (
        Article._base_manager.filter(pk=pk).values_list("section__slug", "language").first()
    ) or (None, settings.LANGUAGE_CODE)
    keys = [article_key(pk), in_language(ALL_ARTICLES, language)]
    if section is not None:
        keys.append(list_key("section", section, language))
    if author_slug is not None:
        keys.append(list_key("author", author_slug, language))
    if tag_slug is not None:
        keys += [list_key("tag", tag_slug, language), related_key("tag", tag_slug, language)]
    return keys
