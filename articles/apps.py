from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import pagecache

        from . import lifecycle  # noqa: F401 - connects the slug and deletion signals

        pagecache.connect_invalidation()
