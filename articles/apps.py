from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from pagecache.generation import register_next_change

        from . import receivers
        from .models import Article

        receivers.connect()
        # Scheduled and embargoed articles go live, and expiring ones go, without a write:
        # cached pages must not outlive that.
        register_next_change(Article.objects.next_change_time)
