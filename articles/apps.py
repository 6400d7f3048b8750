from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from pagecache.generation import register_invalidation_recorder, register_next_change

        from . import purging, receivers
        from .cache_keys import ALL_ARTICLES
        from .models import Article

        receivers.connect()
        # Scheduled and embargoed articles go live, and expiring ones go, without a write:
        # cached pages must not outlive that.
        register_next_change(Article.objects.next_change_time, keys=(ALL_ARTICLES,))
        # What a write invalidates is purged at the CDN too, if there is one.
        register_invalidation_recorder(purging.record)
