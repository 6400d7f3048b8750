"""
Health endpoints for the container runtime and the load balancer.

/healthz: the process answers (never touches the database): restart me if this fails.
/readyz:  the database is reachable and fully migrated: send me readers if this is 200.
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def _answer(status, **fields):
    response = JsonResponse({"status": "ok" if status == 200 else "unavailable", **fields})
    response.status_code = status
    # A cached "ok" would hide an outage.
    add_never_cache_headers(response)
    return response


def healthz(request):
    return _answer(200)


def readyz(request):
    try:
        # The first cursor of a request runs the CONN_HEALTH_CHECKS probe, so a
        # connection PostgreSQL dropped is replaced here rather than reported.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        # The reason stays in our logs; the probe's caller gets no driver text.
        logger.warning("Readiness check failed: database unreachable", exc_info=True)
        return _answer(503, reason="database unreachable")
    if pending:
        return _answer(503, reason="migrations pending")
    return _answer(200)


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answers the probes before any other middleware.

    Probes come from Docker, an orchestrator or a load balancer, by IP address and over
    plain HTTP: ALLOWED_HOSTS and the HTTPS redirect must not turn them away.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
