from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations import heartbeats
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


def _background() -> dict[str, object]:
    try:
        return heartbeats.report()
    except Exception:  # noqa: BLE001 - e.g. the queue's table missing before migrate
        logger.exception("health: background state unreadable")
        return {"worker": {"status": "unknown"}, "scheduler": {"status": "unknown"}}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of what the site depends on, for load balancers and monitoring.

    The search engine being down does not make the site unhealthy (staff fall back to the database
    engine), so it is reported but does not change the status code. Nor does a stopped worker or
    scheduler (their last heartbeat and the oldest waiting task are for monitoring to alert on):
    the web servers keep serving, and the queue keeps what waits.
    """
    database, cache_ok, search_ok = _database_ok(), _cache_ok(), engine.is_reachable()
    healthy = database and cache_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": "ok" if database else "error",
            "cache": "ok" if cache_ok else "error",
            "search": {"engine": engine.engine_name(), "status": "ok" if search_ok else "error"},
            **(_background() if database else {}),
        },
        status=200 if healthy else 503,
    )
