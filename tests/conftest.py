"""Fixtures for every test; builders live in tests/factories.py."""

import contextlib
from pathlib import Path

import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.core.management import call_command
from django.utils.translation import trans_real

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogs():
    # `make test` compiles the translation catalogs; a bare `pytest` after editing a .po
    # file gets them compiled too, before any page is drawn in French.
    catalogs = [*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/*.po")]
    if any(not is_compiled(po) for po in catalogs):
        with contextlib.chdir(ROOT):
            call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
        # What Django forgets when LOCALE_PATHS changes: catalogs read without the .mo.
        trans_real._default = None
        trans_real._active = Local()
        trans_real._translations = {}


def is_compiled(po):
    mo = po.with_suffix(".mo")
    return mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path_factory):
    # A deliberately slow password hash buys nothing in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # Most tests publish text-only stories about other rules; the lead-image rule's own
    # tests (tests/desk/test_lead_image.py) switch it back on.
    settings.NEWSROOM_LEAD_IMAGE_REQUIRED = False

    # Production uses hashed names from a collectstatic manifest; tests serve the
    # source files directly (the ops tests run collectstatic for real).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    # The page cache's shared state in this run's own folder, not in the one a `make run`
    # server of the same checkout uses.
    if "pagecache_state" in settings.CACHES:
        state = {**settings.CACHES["pagecache_state"]}
        state["LOCATION"] = str(tmp_path_factory.getbasetemp() / "pagecache-state")
        settings.CACHES = {**settings.CACHES, "pagecache_state": state}


@pytest.fixture(autouse=True)
def _empty_caches(_fast_test_settings, settings):
    # Each test starts with nothing cached and no invalidation state: pages, remembered
    # values and the generation alike.
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /fr/... leaves French active in the test's thread (the middleware
    # activates the address's language): the next test would reverse its addresses in it.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="correct horse battery"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


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


@pytest.fixture
def generation_moves(monkeypatch):
    """Every invalidation from now on (one list item each): a move of the page cache's
    generation, or a write of the stamps of what changed."""
    from pagecache import generation

    moves = []
    for name in ("new_generation", "write_stamps"):
        original = getattr(generation, name)

        def counting(*args, original=original):
            moves.append(1)
            return original(*args)

        monkeypatch.setattr(generation, name, counting)
    return moves


@pytest.fixture(scope="session")
def staff_catalogs():
    """The staff interface's compiled catalogs (desk/locale), made from the .po files when
    missing or older, as `make`'s compilemessages would (.mo files are not committed)."""
    import subprocess
    from pathlib import Path

    from django.conf import settings
    from django.utils.translation import trans_real

    compiled = False
    for po in (Path(settings.BASE_DIR) / "desk" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607
            compiled = True
    if compiled:
        # Catalogs already loaded in this run would not see the new files.
        trans_real._translations = {}
        trans_real._default = None
