"""Tasks left "running" by a worker that stopped (killed, out of memory, machine lost).

The database queue marks a task running when a worker claims it and never hears again if that
worker dies. Every worker, as it beats, hands such tasks back to the queue: those started more
than `heartbeats.stale()` ago by a worker that has not beaten since. A job's own record of being
done (`operations.jobs`) keeps a task whose work had committed from doing it twice. A task that
has already stopped `MAX_CLAIMS` workers is failed instead of being handed to a next victim.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations import heartbeats

logger = logging.getLogger(__name__)
MAX_CLAIMS = 5


def requeue_abandoned() -> int:
    now = timezone.now()
    alive = heartbeats.alive_workers(now)
    running = DBTaskResult.objects.running().filter(started_at__lt=now - heartbeats.stale())
    requeued = 0
    for result in running.only("id", "worker_ids", "task_path"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            still_running = DBTaskResult.objects.running().filter(pk=result.pk)
            if len(result.worker_ids) >= MAX_CLAIMS:
                still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="operations.recovery.WorkerLost",
                    traceback=f"{len(result.worker_ids)} workers stopped while running it",
                )
                logger.error("Task %s failed: it stopped %d workers", result.pk, MAX_CLAIMS)
                continue
            requeued += still_running.update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("Task %s (%s) handed back: its worker stopped", result.pk, result.task_path)
    return requeued
