"""
One JSON object per line on stdout, so a log aggregator can parse every line.

Loaded by Django's LOGGING and by gunicorn's logconfig_dict (docker/gunicorn.conf.py),
so it must not import Django.
"""

import json
import logging
from datetime import UTC, datetime

# Gunicorn hands its access logger a dict of "atoms" as the record's args; these
# become named fields instead of a free-text line. Cookies and other headers are
# deliberately left out: they may carry credentials.
ACCESS_FIELDS = {
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "remote_addr": "h",
    "forwarded_for": "{x-forwarded-for}i",
    "user_agent": "a",
    "referer": "f",
}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and hasattr(record.args, "get"):
            line["event"] = "request"
            for field, atom in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "", "-"):
                    line[field] = int(value) if field in {"status", "bytes"} else value
        else:
            line["message"] = record.getMessage()
            # django.request attaches the status code and the request to 4xx/5xx lines.
            status = getattr(record, "status_code", None)
            if status is not None:
                line["status"] = status
            request = getattr(record, "request", None)
            if hasattr(request, "method") and hasattr(request, "path"):
                line["method"] = request.method
                line["path"] = request.path
        if record.exc_info:
            # Still one line: the traceback is a JSON string with escaped newlines.
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
