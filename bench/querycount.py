"""Print the SQL queries one anonymous, uncached request costs, per path (JSON).

Each path is also revalidated with the ETag it was sent ("304:<path>").
"""

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
        response = client.get(path)
    counts[path] = {"status": response.status_code, "queries": len(queries)}
    if response.has_header("ETag"):
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        counts[f"304:{path}"] = {"status": status, "queries": len(queries)}
print(json.dumps(counts))
