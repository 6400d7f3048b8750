"""newsroom.backends: a busy PostgreSQL connection is health-checked once a second, and
still recovers."""

import psycopg2
import pytest
from django.db import close_old_connections, connections

from articles.models import Article
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connections["default"].vendor != "postgresql", reason="PostgreSQL only (CI runs it)"
    ),
]


def _backend_pid(database):
    with database.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def database():
    """The default connection, kept between requests and health-checked, as in production."""
    database = connections["default"]  # looked up now: other tests may have replaced it
    saved = dict(database.settings_dict)
    database.close()
    database.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    yield database
    database.close()
    database.settings_dict.update(saved)


def test_a_busy_connection_is_checked_at_most_once_a_second(database, monkeypatch):
    checks = []
    real_is_usable = type(database).is_usable
    monkeypatch.setattr(
        type(database), "is_usable", lambda self: checks.append(1) or real_is_usable(self)
    )
    pid = _backend_pid(database)
    database._known_good_at = float("-inf")  # as if idle for long
    for _ in range(5):
        close_old_connections()  # a new request begins
        assert _backend_pid(database) == pid
    assert len(checks) == 1


def test_a_connection_dropped_while_idle_is_replaced_without_an_error(database):
    make_article(title="Harbour reopens")
    old_pid = _backend_pid(database)
    # Another session ends ours, as a PostgreSQL restart would.
    params = database.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg2.connect(**params) as killer, killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    killer.close()
    database._known_good_at -= 2  # idle for longer than the trusted second

    close_old_connections()  # a new request begins
    assert Article.objects.get().title == "Harbour reopens"
    assert _backend_pid(database) != old_pid
