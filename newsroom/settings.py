"""
Newsroom settings: one module, configured from environment variables.

Every variable is listed with its default in README.md ("Configuration").
Reference: https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import hashlib
import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_json(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be JSON ({error}).") from None


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG")

# Values that mean "nobody chose a key": refusing them keeps an example file
# from becoming a production secret.
PLACEHOLDER_SECRET_KEYS = {"", "change-me", "changeme", "replace-me", "secret"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if SECRET_KEY.lower() in PLACEHOLDER_SECRET_KEYS or SECRET_KEY.lower().startswith("change-me"):
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing or still a placeholder. Set it to a long random "
            "value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "(Only DJANGO_DEBUG=1 runs without one.)"
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "markdownx",
    "csp",
    "axes",
    "pagecache",
    "articles",
    "desk",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: probes are answered before host validation and the HTTPS redirect.
    "newsroom.health.HealthCheckMiddleware",
    # Next, so a cached page skips everything below (see pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.languages.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers locked-out logins with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Folders of a newsroom's own templates and static files (its logo, fonts), searched
# before the project's: see the README's "Brand" section.
NEWSROOM_TEMPLATE_DIRS = [Path(folder) for folder in env_list("NEWSROOM_TEMPLATE_DIRS")]
NEWSROOM_STATIC_DIRS = [Path(folder) for folder in env_list("NEWSROOM_STATIC_DIRS")]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # A newsroom's own folders first: one fragment there (say articles/_footer.html)
        # replaces ours, and every other template stays ours.
        "DIRS": [*NEWSROOM_TEMPLATE_DIRS, BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL (postgres://user:pass@host:5432/name) or the embedded SQLite file.


def parse_database_url(url, **options):
    """dj-database-url, plus libpq's multi-host form, which it cannot parse:
    postgres://user@primary:5432,standby:5432/name?target_session_attrs=read-write.

    libpq tries the hosts in turn and keeps the first that takes writes, so after a
    failover the site finds the promoted standby by itself (README, "Running on several
    machines"). Django passes HOST and PORT to libpq as they are: comma-separated lists.
    """
    scheme, separator, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    credentials, at, hosts = netloc.rpartition("@")
    if not separator or "," not in hosts:
        return dj_database_url.parse(url, **options)
    names, ports = [], []
    for host in hosts.split(","):
        name, colon, port = host.rpartition(":")
        if not colon or not port.isdigit():  # no port given (or a bare [IPv6] address)
            name, port = host, "5432"
        names.append(name.strip("[]"))
        ports.append(port)
    first = f"{scheme}://{credentials}{at}{hosts.split(',')[0]}{slash}{tail}"
    database = dj_database_url.parse(first, **options)
    database["HOST"], database["PORT"] = ",".join(names), ",".join(ports)
    return database


def database_from_url(url):
    database = parse_database_url(
        url,
        # Reuse connections between requests, but check them first so the
        # site recovers by itself after a database restart.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A reader should get an error page within seconds, not a hung worker,
        # when PostgreSQL is unreachable.
        database.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DJANGO_DB_CONNECT_TIMEOUT", 3)
        )
        # Django's PostgreSQL backend, health-checking a busy connection once a second
        # rather than before every request (see newsroom/backends/postgresql/base.py).
        database["ENGINE"] = "newsroom.backends.postgresql"
        # PgBouncer in transaction mode hands each transaction a different server
        # connection, where a server-side cursor (.iterator()) would not exist.
        database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Writers queue at the start of a transaction instead of failing with "database is
        # locked" halfway through; the admin's edit-conflict check relies on it.
        database.setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    return database


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}

# Streaming replicas of the primary, comma-separated URLs: anonymous readers' queries go
# to them, staff, writes and everything outside a request to the primary; an editor's
# browser stays on the primary DATABASE_REPLICA_PIN_SECONDS after a save (longer than the
# replicas lag), and an unreachable replica is skipped (newsroom/replicas.py).
REPLICA_DATABASES = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = database_from_url(url)
    # Tests see one database: the replica is the primary.
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(alias)
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
    # Before anything that may query: the page cache renders pages on a miss.
    MIDDLEWARE.insert(1, "newsroom.replicas.ReplicaReadsMiddleware")
# A replica further behind than this is skipped until it catches up.
DATABASE_REPLICA_MAX_LAG_MS = env_int("DATABASE_REPLICA_MAX_LAG_MS", 1000)
MULTIDB_PINNING_COOKIE = "newsroom_primary"
MULTIDB_PINNING_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)
MULTIDB_PINNING_COOKIE_HTTPONLY = True
MULTIDB_PINNING_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite ignores an index's INCLUDE columns (PostgreSQL's covering index for published());
# the index itself still works there, so the notice on every command is noise.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Caching ----------------------------------------------------------------
# The page cache keeps pages in "default" and its invalidation state (the generation, see
# pagecache/generation.py) in NEWSROOM_PAGE_CACHE_STATE_ALIAS, which every process serving
# the site must share. With REDIS_URL both are Redis, shared by every worker and machine.
# Without it, pages stay in each process's memory and the state in files that every
# process of this machine shares (the embedded default serves from one machine anyway).

# Names this site's data: two sites (or staging and production) sharing one Redis
# database, or one machine, must never be handed each other's pages.
DATABASE_IDENTITY = hashlib.sha256(
    "{}:{}/{}".format(
        *(DATABASES["default"].get(part, "") for part in ("HOST", "PORT", "NAME"))
    ).encode()
).hexdigest()[:12]

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Redis behind Sentinel (host:port of each sentinel, comma-separated): django-redis asks
# them where the master is, and again after a failover. It wins over REDIS_URL.
# REDIS_SENTINEL_URL names the master as Sentinel knows it (its host part), the database
# and any password: redis://[:password@]newsroom/0.
# https://github.com/jazzband/django-redis#use-the-sentinel-connection-factory
REDIS_SENTINELS = env_list("REDIS_SENTINELS")
REDIS_SENTINEL_URL = os.environ.get("REDIS_SENTINEL_URL", "").strip() or "redis://newsroom/0"
if REDIS_SENTINELS:
    DJANGO_REDIS_CONNECTION_FACTORY = "django_redis.pool.SentinelConnectionFactory"
    sentinels = []
    for sentinel in REDIS_SENTINELS:
        host, _, port = sentinel.rpartition(":")
        if not host or not port.isdigit():
            raise ImproperlyConfigured(
                f"REDIS_SENTINELS lists host:port pairs, e.g. sentinel-1:26379, not {sentinel!r}."
            )
        sentinels.append((host, int(port)))
    CACHES = {
        "default": {
            # django-redis, emptied once after a failover (newsroom/backends/rediscache.py).
            "BACKEND": "newsroom.backends.rediscache.SentinelRedisCache",
            # The master only, for reads too: the page cache's stamps must be read where
            # they were written, not from a replica a moment behind.
            "LOCATION": [REDIS_SENTINEL_URL],
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.SentinelClient",
                "CONNECTION_POOL_CLASS": "redis.sentinel.SentinelConnectionPool",
                "SENTINELS": sentinels,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": DATABASE_IDENTITY,
        }
    }
    NEWSROOM_PAGE_CACHE_STATE_ALIAS = "default"
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.backends.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": DATABASE_IDENTITY,
        }
    }
    NEWSROOM_PAGE_CACHE_STATE_ALIAS = "default"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "pagecache_state": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_PAGE_CACHE_STATE_DIR", "").strip()
            or str(Path(tempfile.gettempdir()) / f"newsroom-pagecache-{DATABASE_IDENTITY}"),
        },
    }
    NEWSROOM_PAGE_CACHE_STATE_ALIAS = "pagecache_state"

# The frame every reader page shares (head links, masthead, navigation, footer), drawn once
# per process under what it shows (base.html's {% cache %} tags): in memory, where reading
# it back is cheaper than drawing it, and every name holds what it names for good.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

NEWSROOM_PAGE_CACHE_ALIAS = "default"
# How long anonymous pages are kept (by us and by a CDN); 0 switches the page cache off.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
# Several machines serving the site: the most their clocks may disagree (see
# pagecache/generation.py); one machine shares one clock.
NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS = env_int("NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS", 0)
if REPLICA_DATABASES:
    # A reader's page may come from a replica that shows an edit up to the allowed lag
    # (checked once a second) after it happened: within that margin of a change, what
    # was computed is taken for stale, as with clocks that disagree.
    NEWSROOM_PAGE_CACHE_CLOCK_SKEW_MS += DATABASE_REPLICA_MAX_LAG_MS + 1000
# A CDN or Varnish in front (pagecache/edge.py): the header carrying the dependency names
# of each page ("Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare, "xkey" for
# Varnish; "none" sends nothing), and where purges by key go: "varnish" sends
# NEWSROOM_EDGE_PURGE_METHOD requests to NEWSROOM_EDGE_PURGE_URL; "fastly" and "cloudflare"
# call their APIs for NEWSROOM_EDGE_PURGE_SERVICE (service or zone id) with
# NEWSROOM_EDGE_PURGE_TOKEN. Purges are recorded with the edit and sent by the worker.
NEWSROOM_EDGE_KEYS_HEADER = os.environ.get("NEWSROOM_EDGE_KEYS_HEADER", "none").strip()
NEWSROOM_EDGE_PURGE = os.environ.get("NEWSROOM_EDGE_PURGE", "none").strip().lower()
NEWSROOM_EDGE_PURGE_URL = os.environ.get("NEWSROOM_EDGE_PURGE_URL", "").strip()
NEWSROOM_EDGE_PURGE_METHOD = os.environ.get("NEWSROOM_EDGE_PURGE_METHOD", "PURGE").strip()
NEWSROOM_EDGE_PURGE_SERVICE = os.environ.get("NEWSROOM_EDGE_PURGE_SERVICE", "").strip()
NEWSROOM_EDGE_PURGE_TOKEN = os.environ.get("NEWSROOM_EDGE_PURGE_TOKEN", "").strip()
NEWSROOM_STALE_WHILE_REVALIDATE = env_int("NEWSROOM_STALE_WHILE_REVALIDATE", 30)
NEWSROOM_STALE_IF_ERROR = env_int("NEWSROOM_STALE_IF_ERROR", 86400)
# Which code is running (pagecache/release.py): the image sets the git commit; empty means
# a fingerprint of the code, worked out on first use.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "").strip()

# A published article needs a lead image (the photo desk's rule; a text-only edition can
# switch it off).
NEWSROOM_LEAD_IMAGE_REQUIRED = env_bool("NEWSROOM_LEAD_IMAGE_REQUIRED", True)

# --- Background tasks -----------------------------------------------------------
# Work that must not run inside a reader's or editor's request (image renditions, CDN
# purges) goes through Django 6's tasks API (the django-tasks backport, so moving to
# Django 6 is an import change). "immediate" runs a task inline where it is enqueued
# (`make run`, tests); production sets "database": the task is a row written in the same
# transaction as the edit that asks for it, so a rolled-back edit leaves no task and a
# committed one never loses its task, and the worker service (`manage.py db_worker`)
# runs it.
NEWSROOM_TASKS_BACKEND = os.environ.get("NEWSROOM_TASKS_BACKEND", "immediate").strip()
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if NEWSROOM_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, "
        f"not {NEWSROOM_TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[NEWSROOM_TASKS_BACKEND]}}

# --- Passwords and sessions --------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A staff login lasts one working day.
SESSION_COOKIE_AGE = 12 * 60 * 60

# --- Time and language ------------------------------------------------------

LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "en")
# The languages stories are published in. The default language keeps the unprefixed
# addresses it always had; every other one lives under its prefix (/fr/...).
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("ar", "Arabic"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The staff interface's languages: those with a catalog of the desk's own labels
# (desk/locale/). The admin's language menu offers only these; each editor's choice is
# kept in Django's language cookie for a year.
NEWSROOM_INTERFACE_LANGUAGES = [("en", "English"), ("fr", "Français")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_I18N = True
USE_TZ = True
# The newsroom's display zone; the database always stores UTC.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

# --- Static files and media -------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [*NEWSROOM_STATIC_DIRS, BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Uploads and renditions in S3-compatible object storage (AWS S3, MinIO, Ceph RGW) when a
# bucket is named, so that several web machines and workers share one media store; else
# MEDIA_ROOT on this machine. Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role).
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
NEWSROOM_S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "").strip()
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if NEWSROOM_S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": NEWSROOM_S3_BUCKET,
            "endpoint_url": os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NEWSROOM_S3_REGION") or None,
            # Where readers fetch the files (a CDN or the bucket's public host), if not
            # the endpoint itself.
            "custom_domain": os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("NEWSROOM_S3_URL_PROTOCOL", "https:"),
            # Readers' files are public: plain addresses, no expiring signatures.
            "querystring_auth": False,
            "default_acl": None,
            # Names carry their content's hash (photos) or a random part (body images), so
            # a save never needs the HEAD request that finding a free name costs.
            "file_overwrite": True,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # MinIO and Ceph usually want path-style addresses.
            "addressing_style": os.environ.get("NEWSROOM_S3_ADDRESSING_STYLE") or None,
        },
    }

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed, compressed names in production so browsers may cache for a year;
        # plain files while developing so no collectstatic is needed.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- Security (HTTPS settings are switched on by the deployment's env) -------

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE")
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    # Only safe when the proxy in front always sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging: one line per event on stdout, for the container's log driver ----
# JSON lines (newsroom.logs) for an aggregator in production; plain text while developing.
# Gunicorn's request lines use the same format (docker/gunicorn.conf.py).

LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "").strip() or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "newsroom.logs.JSONFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Its start-up banner would land in the output of every manage.py command
        # (dumpdata > file included); lockouts are logged at WARNING.
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Newsroom ---------------------------------------------------------------

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_ARTICLES_PER_PAGE = 20
# The front page: the lead story and this many top stories (placed by the desk, or the
# latest news where it placed none).
NEWSROOM_FRONT_TOP_STORIES = env_int("NEWSROOM_FRONT_TOP_STORIES", 6)
# List pages stop here (20 x 250 = 5,000 articles); older news is in the archives.
NEWSROOM_MAX_LIST_PAGES = env_int("NEWSROOM_MAX_LIST_PAGES", 250)
# How long a "Share preview" link works.
NEWSROOM_PREVIEW_LINK_HOURS = env_int("NEWSROOM_PREVIEW_LINK_HOURS", 48)
# A writer's correction waits for an editor, like the rest of a writer's changes to a live
# article; a newsroom that trusts its writers with corrections turns this off.
NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR = env_bool("NEWSROOM_WRITER_CORRECTIONS_NEED_EDITOR", True)
# Deleted articles wait this long in the trash; `manage.py purge_trash` deletes older ones.
NEWSROOM_TRASH_DAYS = env_int("NEWSROOM_TRASH_DAYS", 30)

# The admin's live preview must show exactly what readers get.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.render_markdown"

# --- Discovery: search, feeds, sitemaps, share and structured data ------------

# Publisher in JSON-LD, Open Graph and the Google News sitemap.
NEWSROOM_PUBLISHER_NAME = os.environ.get("NEWSROOM_PUBLISHER_NAME", NEWSROOM_SITE_NAME)
# The brand's colour: links and buttons in light mode (articles/brand.py checks it reads
# on white), the browser's toolbar and the installed app (web app manifest).
NEWSROOM_ACCENT_COLOUR = os.environ.get("NEWSROOM_ACCENT_COLOUR", "#a4161a")
# Paths under static/; Google wants a raster logo (at most 600x60) and share images
# of at least 1200 pixels wide.
NEWSROOM_PUBLISHER_LOGO = os.environ.get("NEWSROOM_PUBLISHER_LOGO", "img/newsroom-logo.png")
# The masthead: a static path of the logo readers see in the header (SVG or raster, about
# 60 px high); empty shows the site's name in type.
NEWSROOM_MASTHEAD_LOGO = os.environ.get("NEWSROOM_MASTHEAD_LOGO", "")
NEWSROOM_SHARE_IMAGE = os.environ.get("NEWSROOM_SHARE_IMAGE", "img/newsroom-share.png")
# The brand's typefaces, from the project's own static files (the CSP allows fonts from
# this origin only). JSON: {"headline": {"family": "Brand Serif", "files": [{"path":
# "fonts/brand-serif-bold.woff2", "weight": 700}]}, "body": {...}}; each file may name a
# "weight" (400, or "100 900" for a variable font) and a "style" (normal or italic), and
# a role a "fallback" stack. Empty: the system fonts of static/css/site.css. Checked at
# start-up (articles/brand.py); served as one stylesheet (articles:brand_stylesheet).
NEWSROOM_BRAND_FONTS = env_json("NEWSROOM_BRAND_FONTS", {})
# Settings every page shows: their values are part of the release (pagecache/release.py),
# so changing one is a deploy, like changing a template, even when the code is the same.
NEWSROOM_PAGE_SETTINGS = (
    "NEWSROOM_SITE_NAME",
    "NEWSROOM_PUBLISHER_NAME",
    "NEWSROOM_PUBLISHER_LOGO",
    "NEWSROOM_MASTHEAD_LOGO",
    "NEWSROOM_ACCENT_COLOUR",
    "NEWSROOM_SHARE_IMAGE",
    "NEWSROOM_BRAND_FONTS",
)
# ISO 639 code for the news sitemap (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
NEWSROOM_PUBLICATION_LANGUAGE = os.environ.get(
    "NEWSROOM_PUBLICATION_LANGUAGE", LANGUAGE_CODE.split("-")[0]
)
# PostgreSQL text-search configuration: decides stemming and stop words.
NEWSROOM_SEARCH_CONFIG = os.environ.get("NEWSROOM_SEARCH_CONFIG", "english")
# Each language's configuration (SELECT cfgname FROM pg_ts_config); a language without
# one is searched with "simple" (see articles/models/story.py).
NEWSROOM_SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "ru": "russian",
    "ar": "arabic",
    LANGUAGE_CODE: NEWSROOM_SEARCH_CONFIG,
}
NEWSROOM_FEED_ITEMS = 30
# "Harbour" and "harbour" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# --- Content-Security-Policy and headers (django-csp) ------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# No page carries inline script or style, so one policy without nonces keeps
# reader pages cacheable; Django 5.2's admin and the markdownx editor run under it
# too (tests/browser/test_security.py counts the violations: none). Images may
# come from any HTTPS site because the Markdown allow-list keeps https image URLs;
# an image cannot run script.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
NEWSROOM_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Staff login (django-axes) -------------------------------------------------
# https://django-axes.readthedocs.io/en/latest/4_configuration.html

# Where the admin lives, e.g. "desk-7f3a/": not a secret, but it keeps drive-by
# password guessing off the login form.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip().strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_URL must name a path, e.g. 'admin/'.")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Username and address together: a mistyping colleague behind the office's shared
# proxy locks out only their own account, and only from there.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_USERNAME_CALLABLE = "newsroom.security.login_username"
# Proxies in front of Django that append to X-Forwarded-For (1 behind compose's
# front server); 0 trusts only the socket's address.
NEWSROOM_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# --- The editor (desk/) -------------------------------------------------------

# The markdownx widget posts its live preview, and its upload button and drag-and-drop,
# to the desk's endpoints under the admin's address (desk/urls.py).
MARKDOWNX_URLS_PATH = f"/{ADMIN_URL}desk/markdown-preview/"
MARKDOWNX_UPLOAD_URLS_PATH = f"/{ADMIN_URL}desk/images/"
NEWSROOM_UPLOAD_MAX_BYTES = env_int("NEWSROOM_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Pixels, not bytes, are what a decompression bomb inflates. 50 megapixels decode
# to about 200 MB; a web page never needs more, so bigger photos are scaled first.
NEWSROOM_UPLOAD_MAX_PIXELS = env_int("NEWSROOM_UPLOAD_MAX_PIXELS", 50_000_000)
