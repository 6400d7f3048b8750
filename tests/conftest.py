from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
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


@pytest.fixture(autouse=True)
def _empty_cache():
    # The page cache lives in process memory; each test starts with nothing cached.
    cache.clear()
    yield
    cache.clear()


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


# --- Roles and the article form (articles/roles.py, articles/admin.py) -------


@pytest.fixture
def log_in_as(client, django_user_model):
    """Log the test client in as a staff member with one newsroom role."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from articles.roles import create_roles

    # Transactional tests flush the groups the data migration created.
    create_roles(apps)

    def log_in(role):
        user = django_user_model.objects.create_user(
            role.lower(), f"{role.lower()}@example.org", "a long staff password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return user

    return log_in


def article_form_data(article=None, **overrides):
    """What the admin's article form posts back, unchanged, for `article`."""
    data = {
        "title": "Harbour reopens",
        "slug": "harbour-reopens",
        "summary": "After three days of storms.",
        "body": "Ferries run again.",
        "published_at_0": "",
        "published_at_1": "",
        "update_note": "",
        "withdrawal_reason": "",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            update_note=article.update_note,
            withdrawal_reason=article.withdrawal_reason,
        )
        if article.withdrawn_at:
            data["withdrawn"] = "on"
        if article.section_id:
            data["section"] = str(article.section_id)
        data["byline"] = [str(author.pk) for author in article.byline_authors]
        data["tags"] = [str(tag.pk) for tag in article.tags.all()]
        if article.published_at:
            local = timezone.localtime(article.published_at)
            data.update(published_at_0=f"{local:%Y-%m-%d}", published_at_1=f"{local:%H:%M:%S}")
        corrections = list(article.corrections.all())
        data["corrections-TOTAL_FORMS"] = data["corrections-INITIAL_FORMS"] = str(len(corrections))
        for index, correction in enumerate(corrections):
            data.update(
                {
                    f"corrections-{index}-id": str(correction.pk),
                    f"corrections-{index}-article": str(article.pk),
                    f"corrections-{index}-kind": correction.kind,
                    f"corrections-{index}-text": correction.text,
                }
            )
    data.update(overrides)
    return data


def add_correction_data(data, text, kind="correction"):
    index = int(data["corrections-TOTAL_FORMS"])
    data[f"corrections-{index}-kind"] = kind
    data[f"corrections-{index}-text"] = text
    data["corrections-TOTAL_FORMS"] = str(index + 1)
    return data


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
