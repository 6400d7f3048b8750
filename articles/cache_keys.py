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

Sections, authors' and tags' own records (names, slugs, the navigation) are shown on
nearly every page: writing them invalidates everything (see receivers.py).
"""

from urllib.parse import quote

ALL_ARTICLES = "articles"
FRONT = "front"
BREAKING = "breaking"
FILINGS = ("section", "author", "tag")


def token(slug):
    # Slugs may be Unicode; a surrogate key header carries ASCII tokens.
    return quote(slug, safe="")


def article_key(pk):
    return f"article-{pk}"


def story_key(story_id):
    return f"story-{story_id}"


def list_key(kind, slug):
    return f"{kind}-{token(slug)}"


def related_key(kind, slug):
    return f"related-{kind}-{token(slug)}"


def list_keys(url_name, slug=None):
    """What a list page or feed at this URL name shows: "section_rss" -> section-<slug>."""
    kind = url_name.split("_", 1)[0]
    if url_name == "section" and slug is not None:
        return (list_key(kind, slug), FRONT)  # the page, not its feeds, has a front
    if kind in FILINGS and slug is not None:
        return (list_key(kind, slug),)
    if url_name == "home":
        return (ALL_ARTICLES, FRONT)
    return (ALL_ARTICLES,)


def article_page_keys(pk, filing):
    """What an article's page shows: itself, the articles in its related box, and who
    could join that box."""
    keys = [article_key(pk), *(article_key(related.pk) for related in filing.related)]
    if filing.languages is not None:
        keys.append(story_key(filing.languages.story_id))
    if filing.section is not None:
        keys.append(related_key("section", filing.section.slug))
    keys.extend(related_key("tag", tag.slug) for tag in filing.tags)
    return keys


def written_article_keys(pk, *, section_slug, author_slugs, tag_slugs, listed, joins):
    """What a write to an article makes stale.

    listed: readers could see it (or it is scheduled) before or after the write: its
    lists change. joins: it joins or leaves its section's or tags' kin.
    """
    keys = [article_key(pk)]
    if listed:
        keys.append(ALL_ARTICLES)
        if section_slug:
            keys.append(list_key("section", section_slug))
        keys.extend(list_key("author", slug) for slug in author_slugs)
        keys.extend(list_key("tag", slug) for slug in tag_slugs)
    if joins:
        if section_slug:
            keys.append(related_key("section", section_slug))
        keys.extend(related_key("tag", slug) for slug in tag_slugs)
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
    # Its siblings' pages link it (or stop linking it) in their alternates.
    keys = {article_key(article.pk), story_key(article.story_id)}
    for section_slug in sections:
        keys.update(
            written_article_keys(
                article.pk,
                section_slug=section_slug,
                author_slugs=author_slugs,
                tag_slugs=tag_slugs,
                listed=listed,
                joins=joins,
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
    rows = list(showing.values_list("pk", "published_at", "section__slug"))
    keys = {article_key(pk) for pk, _published_at, _section in rows}
    listed = [pk for pk, published_at, _section in rows if published_at is not None]
    if listed:
        keys.add(ALL_ARTICLES)
        keys.update(list_key("section", slug) for pk, at, slug in rows if at and slug)
        authors = ArticleAuthor.objects.filter(article_id__in=listed)
        keys.update(
            list_key("author", slug) for slug in authors.values_list("author__slug", flat=True)
        )
        tags = TaggedItem.objects.filter(
            object_id__in=listed, content_type__app_label="articles", content_type__model="article"
        )
        keys.update(list_key("tag", slug) for slug in tags.values_list("tag__slug", flat=True))
    return sorted(keys)


def filed_article_keys(pk):
    """What a change to how the article stored as `pk` is filed (a byline, a tag) makes
    stale, besides that author's or tag's own list: the article and its lists (feeds show
    bylines and tags)."""
    from .models import Section

    section = Section.objects.filter(articles__pk=pk).values_list("slug", flat=True).first()
    keys = [article_key(pk), ALL_ARTICLES]
    if section is not None:
        keys.append(list_key("section", section))
    return keys
