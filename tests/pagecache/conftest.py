import pytest


@pytest.fixture
def call_wsgi():
    """Call the site's WSGI application (the fast path in front of Django) as gunicorn would:
    returns (status, headers, body)."""

    def call_wsgi(path, method="GET", **extra):
        from wsgiref.util import setup_testing_defaults

        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections

        from newsroom.wsgi import application

        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver"}
        environ.update(extra)
        setup_testing_defaults(environ)
        captured = {}

        def start_response(status, headers):
            captured["status"], captured["headers"] = status, dict(headers)

        # As Django's test client does: the test's transaction must survive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = b"".join(application(environ, start_response))
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return captured["status"], captured["headers"], body

    return call_wsgi
