import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from newsroom.health import PROBES  # noqa: E402 - needs Django set up
from pagecache.fastpath import PageCacheApplication  # noqa: E402

# Cache hits are answered before Django builds a request; probes never wait on the cache.
application = PageCacheApplication(application, bypass_paths=PROBES)
