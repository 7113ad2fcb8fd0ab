"""Heartbeats of the worker and the scheduler, and what /healthz says about them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.models import Heartbeat


def interval() -> datetime.timedelta:
    """How often a worker or scheduler beats (WORKER_HEARTBEAT_SECONDS)."""
    return datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)


def stale() -> datetime.timedelta:
    """Silent this long (six missed beats), a worker or scheduler is taken for stopped."""
    return interval() * 6


def beat(name: str, role: Heartbeat.Role) -> None:
    Heartbeat.objects.update_or_create(
        name=name, defaults={"role": role, "seen_at": timezone.now()}
    )


def alive_workers(now: datetime.datetime) -> set[str]:
    """Worker ids (as the queue records them) that beat within STALE."""
    names = Heartbeat.objects.filter(
        role=Heartbeat.Role.WORKER, seen_at__gte=now - stale()
    ).values_list("name", flat=True)
    return {name.removeprefix("worker:") for name in names}


def _last(role: Heartbeat.Role, now: datetime.datetime) -> dict[str, Any]:
    seen = Heartbeat.objects.filter(role=role).aggregate(last=Max("seen_at"))["last"]
    if seen is None:
        return {"status": "never", "last_heartbeat": None, "age_seconds": None}
    age = (now - seen).total_seconds()
    return {
        "status": "ok" if age <= stale().total_seconds() else "stale",
        "last_heartbeat": seen.isoformat(),
        "age_seconds": round(age),
    }


def report() -> dict[str, Any]:
    """The background side of /healthz: last heartbeats and the oldest task waiting to run."""
    now = timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "worker": _last(Heartbeat.Role.WORKER, now),
        "scheduler": _last(Heartbeat.Role.SCHEDULER, now),
        "tasks": {
            "waiting": waiting.count(),
            "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else None,
            "failed_last_day": DBTaskResult.objects.failed()
            .filter(finished_at__gte=now - datetime.timedelta(days=1))
            .count(),
        },
    }
