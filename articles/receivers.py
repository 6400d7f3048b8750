"""
What happens on writes outside any one save: cached pages showing what was written go
stale (see cache_keys.py for the names; Article.save() says itself what it changed), and
deleted articles leave tombstones. Connected per model in ArticlesConfig.ready(); a
receiver without a sender would listen to every model in the project and cost every bulk
delete Django's fast path.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from taggit.models import Tag, TaggedItem

from pagecache.dependencies import invalidate, invalidate_all_pages

from . import cache_keys
from .models import (
    Article,
    ArticleAuthor,
    Author,
    BreakingNews,
    Correction,
    FrontPlacement,
    FrontSection,
    Section,
    SitePage,
    SlugRedirect,
    Tombstone,
)


def article_deleting(sender, instance, using=None, **kwargs):
    instance.leave_tombstones()
    invalidate(cache_keys.article_write_keys(instance, joins=True), using=using)


def tagging_changed(sender, instance, using=None, **kwargs):
    if instance.content_type.app_label != "articles" or instance.content_type.model != "article":
        return
    # No slug: the tag is being deleted, which invalidates everything.
    slug = Tag.objects.filter(pk=instance.tag_id).values_list("slug", flat=True).first()
    invalidate(cache_keys.filed_article_keys(instance.object_id, tag_slug=slug), using=using)


def byline_changed(sender, instance, using=None, **kwargs):
    keys = cache_keys.filed_article_keys(instance.article_id, author_slug=instance.author.slug)
    invalidate(keys, using=using)


def correction_changed(sender, instance, using=None, **kwargs):
    invalidate([cache_keys.article_key(instance.article_id)], using=using)


def address_changed(sender, instance, using=None, **kwargs):
    # Redirects and tombstones answer at addresses no article has: those pages depend on
    # every article of their language (see views.moved_or_gone).
    invalidate([cache_keys.in_language(cache_keys.ALL_ARTICLES, instance.language)], using=using)


def front_changed(sender, instance, using=None, **kwargs):
    invalidate([cache_keys.FRONT], using=using)


def banner_changed(sender, instance, using=None, **kwargs):
    invalidate([cache_keys.BREAKING], using=using)  # every reader page shows the banner


def site_page_deleted(sender, instance, using=None, **kwargs):
    # Its own save() says what a save changed; a delete (one, or the admin's bulk one)
    # takes it off its address, the sitemap and perhaps the footer.
    invalidate([cache_keys.site_page_key(instance.pk), cache_keys.SITE_PAGES], using=using)
    if instance.show_in_footer:
        invalidate_all_pages(using=using)


def section_changed(sender, instance, using=None, **kwargs):
    invalidate_all_pages(using=using)  # the navigation is on every page


def name_changed(sender, instance, created=False, using=None, **kwargs):
    """Authors' and tags' names and addresses are on pages of every kind (bylines, tag
    lists, feeds). A new author or tag shows nowhere until an article carries it."""
    if not created:
        invalidate_all_pages(using=using)


def languages_migrated(sender, apps=None, **kwargs):
    """A language added to settings.LANGUAGES after 0024 gets its permission too (and a
    flushed test database gets them back)."""
    from django.apps import apps as live_apps

    from .roles import create_language_permissions

    create_language_permissions(apps or live_apps)


def connect():
    from django.apps import apps

    post_migrate.connect(
        languages_migrated,
        sender=apps.get_app_config("articles"),
        dispatch_uid="articles-language-permissions",
    )
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="pagecache-article-delete")
    receivers = (
        (TaggedItem, tagging_changed),
        (ArticleAuthor, byline_changed),
        (Correction, correction_changed),
        (SlugRedirect, address_changed),
        (Tombstone, address_changed),
        (FrontPlacement, front_changed),
        (FrontSection, front_changed),
        (BreakingNews, banner_changed),
        (Section, section_changed),
        (Author, name_changed),
        (Tag, name_changed),
    )
    post_delete.connect(site_page_deleted, sender=SitePage, dispatch_uid="pagecache-site-page")
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"pagecache-{model._meta.label}")
