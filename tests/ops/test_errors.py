import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from articles.models import Article
from tests.factories import make_article


@pytest.fixture
def reader():
    # Like a browser: the error page, not the exception, comes back.
    return Client(raise_request_exception=False)


def fail_every_query(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(connection, "ensure_connection", fail)


@pytest.mark.django_db
def test_article_page_is_a_503_back_soon_page_while_the_database_is_down(reader, monkeypatch):
    article = make_article(title="Harbour reopens")
    fail_every_query(monkeypatch, OperationalError("connection to server failed: refused"))

    response = reader.get(article.get_absolute_url())

    assert response.status_code == 503
    assert "We’ll be back in a moment" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    for leak in (b"Traceback", b"refused", b"OperationalError", b"Django", b"Harbour"):
        assert leak not in response.content


@pytest.mark.django_db
def test_home_page_is_a_503_when_the_database_dropped_the_connection(reader, monkeypatch):
    make_article()
    fail_every_query(monkeypatch, InterfaceError("connection already closed"))
    assert reader.get("/").status_code == 503


@pytest.mark.django_db
def test_other_errors_are_still_a_500_page(reader, monkeypatch):
    def bug(self, *args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(type(Article.objects.all()), "_fetch_all", bug)
    response = reader.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
