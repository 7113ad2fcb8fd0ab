"""Jobs the operations tests enqueue: each leaves one audit entry per run, so a run done twice
shows as two entries. (A module of the tests, importable by a worker started from the project.)"""

from __future__ import annotations

import time

from operations.jobs import job
from registry.models import AuditEntry

LABEL = "operations-test"
failures_left: dict[int, int] = {}


def runs(n: int) -> int:
    return AuditEntry.objects.filter(actor_label=LABEL, detail__n=n).count()


@job()
def record(n: int, pause: float = 0.0) -> int:
    AuditEntry.objects.create(action=AuditEntry.Action.VIEW, actor_label=LABEL, detail={"n": n})
    time.sleep(pause)  # the worker-killed test needs work in flight to kill
    return n


@job(retry_on=(ConnectionRefusedError,), retries=3)
def flaky(n: int) -> int:
    AuditEntry.objects.create(action=AuditEntry.Action.VIEW, actor_label=LABEL, detail={"n": n})
    if failures_left.get(n, 0) > 0:
        failures_left[n] -= 1
        raise ConnectionRefusedError("the service is down")
    return n
