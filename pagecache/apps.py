from django.apps import AppConfig
from django.core import checks


class PageCacheConfig(AppConfig):
    """The page cache: model-free, and knowing nothing about what it caches."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from .checks import shared_beyond_this_machine, shared_invalidation_state

        checks.register(shared_invalidation_state, checks.Tags.caches)
        checks.register(shared_beyond_this_machine, checks.Tags.caches, deploy=True)
