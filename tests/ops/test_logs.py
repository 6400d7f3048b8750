import json
import logging
import sys

from newsroom.logs import JSONFormatter


def format_record(name, message, args=(), level=logging.INFO, exc_info=None, **extra):
    record = logging.LogRecord(name, level, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return JSONFormatter().format(record)


def test_gunicorn_request_line_becomes_named_fields_without_cookies():
    atoms = {
        "m": "GET",
        "U": "/articles/harbour-reopens/",
        "q": "",
        "s": "200",
        "B": 2100,
        "M": 12,
        "h": "10.0.0.2",
        "a": "Mozilla/5.0",
        "f": "-",
        "{cookie}i": "sessionid=secret",
    }
    line = format_record("gunicorn.access", "%(h)s %(r)s", atoms)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["event"] == "request"
    assert {key: parsed[key] for key in ("method", "path", "status", "bytes", "duration_ms")} == {
        "method": "GET",
        "path": "/articles/harbour-reopens/",
        "status": 200,
        "bytes": 2100,
        "duration_ms": 12,
    }
    assert "query" not in parsed and "referer" not in parsed
    assert "secret" not in line


def test_error_with_traceback_stays_one_parseable_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        line = format_record(
            "django.request", "Internal Server Error: %s", ("/",), logging.ERROR, sys.exc_info()
        )
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "ERROR"
    assert parsed["message"] == "Internal Server Error: /"
    assert "ValueError: broken\nacross lines" in parsed["exception"]
