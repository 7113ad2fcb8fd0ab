"""A worker killed in the middle of a batch (SIGKILL: no goodbye, no cleanup): after a new worker
starts, every task has been done exactly once — none lost, none twice."""

import signal

from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from registry.models import AuditEntry
from tests.operations import jobs_for_tests
from tests.operations.stack import wait_until
from tests.workers import DATABASE_QUEUE

TASKS = 60


def done() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count()


@override_settings(TASKS=DATABASE_QUEUE)
def test_every_task_is_done_once_after_the_worker_is_killed_mid_batch(stack_factory):
    for n in range(TASKS):
        jobs_for_tests.record.enqueue(n, pause=0.1)
    stack = stack_factory()

    stack.start("worker")
    wait_until(lambda: done() >= TASKS // 3, 60, "a third of the batch")
    # Killed while running a task: one is left "running", its work rolled back or committed.
    wait_until(lambda: DBTaskResult.objects.running().exists(), 10, "a task in flight")
    stack.stop("worker", signal.SIGKILL)
    assert done() < TASKS

    stack.start("worker")
    wait_until(lambda: done() == TASKS, 90, "every task done after the restart")

    runs = list(
        AuditEntry.objects.filter(actor_label=jobs_for_tests.LABEL).values_list(
            "detail__n", flat=True
        )
    )
    assert sorted(runs) == list(range(TASKS))  # each once
    assert "handed back" in stack.log("worker")  # the killed worker's task, by the new one
