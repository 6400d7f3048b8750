from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.signals import setting_changed


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from pagecache.generation import register_invalidation_recorder, register_next_change

        from . import purging, receivers
        from .brand import check_brand
        from .cache_keys import ALL_ARTICLES, BREAKING, FRONT, every_language
        from .models import next_change_time

        receivers.connect()
        # Scheduled and embargoed articles go live, and expiring ones go, without a write;
        # so do scheduled leads and banners: cached pages must not outlive that.
        register_next_change(
            next_change_time, keys=(*every_language(ALL_ARTICLES), FRONT, BREAKING)
        )
        # What a write invalidates is purged at the CDN too, if there is one.
        register_invalidation_recorder(purging.record)
        # A brand font that is missing or not a font stops start-up, not a reader's page.
        checks.register(check_brand, checks.Tags.staticfiles)
        # What each process draws once holds the settings it was drawn with (static
        # addresses, templates, languages).
        setting_changed.connect(_forget_drawings)


def _forget_drawings(**kwargs):
    from .alternates import _reversed_alternates

    _reversed_alternates.cache_clear()
    if "fragments" in settings.CACHES:
        caches["fragments"].clear()
