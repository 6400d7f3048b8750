"""Print the SQL queries one anonymous, uncached request costs, per path (JSON)."""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in sys.argv[1:]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[path] = {"status": status, "queries": len(queries)}
print(json.dumps(counts))
