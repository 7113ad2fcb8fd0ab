from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import engine

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - a health check reports, it never raises
        logger.exception("health: database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001
        logger.exception("health: cache unreachable")
        return False


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of what the site depends on, for load balancers and monitoring.

    The search engine being down does not make the site unhealthy (staff fall back to the database
    engine), so it is reported but does not change the status code.
    """
    database, cache_ok, search_ok = _database_ok(), _cache_ok(), engine.is_reachable()
    healthy = database and cache_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": "ok" if database else "error",
            "cache": "ok" if cache_ok else "error",
            "search": {"engine": engine.engine_name(), "status": "ok" if search_ok else "error"},
        },
        status=200 if healthy else 503,
    )
