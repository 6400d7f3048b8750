from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article

UTC = ZoneInfo("UTC")
_serial = count(1)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # A deliberately slow password hash buys nothing in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # Production uses hashed names from a collectstatic manifest; tests serve the
    # source files directly (the ops tests run collectstatic for real).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def make_article(**overrides):
    number = next(_serial)
    fields = {
        "title": f"Headline number {number}",
        "slug": f"headline-{number}",
        "summary": f"Standfirst of article {number}.",
        "body": f"Body of article {number}.",
        "published_at": timezone.now() - timezone.timedelta(hours=1),
    }
    fields.update(overrides)
    return Article.objects.create(**fields)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="correct horse battery"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def make_section(name="City", **overrides):
    from articles.models import Section

    fields = {"name": name, "slug": name.lower().replace(" ", "-")}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_author(name="Amira Haddad", **overrides):
    from articles.models import Author

    fields = {"name": name, "slug": name.lower().replace(" ", "-")}
    fields.update(overrides)
    return Author.objects.create(**fields)


def make_filed_article(authors=(), tags=(), **overrides):
    """make_article() with a byline (authors in order) and tags."""
    article = make_article(**overrides)
    if authors:
        article.set_byline(authors)
    if tags:
        article.tags.set(tags)
    return article
