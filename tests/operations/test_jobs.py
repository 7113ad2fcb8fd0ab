"""Background jobs: they wait for the worker, run once, and come back after a failure."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations import heartbeats, recovery
from operations.models import CompletedTask, Heartbeat
from tests.operations import jobs_for_tests
from tests.workers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_waits_in_the_queue_until_a_worker_runs_it(database_queue):
    jobs_for_tests.record.enqueue(1)
    assert jobs_for_tests.runs(1) == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY

    run_worker()

    assert jobs_for_tests.runs(1) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_failed_attempt_comes_back_later_and_then_succeeds(database_queue):
    jobs_for_tests.failures_left[2] = 1
    jobs_for_tests.flaky.enqueue(2)

    run_worker()  # the attempt fails; the next waits about 30 s, so this worker stops

    first, again = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.SUCCESSFUL and first.return_value == {"retried": 2}
    assert again.status == TaskResultStatus.READY
    delay = again.run_after - first.started_at
    assert datetime.timedelta(seconds=29) < delay < datetime.timedelta(seconds=40)
    assert jobs_for_tests.runs(2) == 0  # the failed attempt's work was rolled back

    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    run_worker()

    assert DBTaskResult.objects.get(pk=again.pk).status == TaskResultStatus.SUCCESSFUL
    assert jobs_for_tests.runs(2) == 1


def test_it_fails_for_good_after_its_last_attempt(database_queue):
    jobs_for_tests.failures_left[3] = 5
    jobs_for_tests.flaky.enqueue(3)
    for _attempt in range(3):
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        run_worker()

    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL", "FAILED"]  # tried, tried, given up
    failed = DBTaskResult.objects.failed().get()
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert jobs_for_tests.runs(3) == 0


def _claimed_by_a_worker_that_died(minutes_ago: int = 5) -> DBTaskResult:
    result = DBTaskResult.objects.get()
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return result


def test_work_that_committed_before_its_worker_died_is_not_done_again(database_queue):
    task = jobs_for_tests.record.enqueue(4)
    # The dead worker ran the job to its commit, then died before telling the queue.
    task.task.call(type("Context", (), {"task_result": task})(), 4)
    _claimed_by_a_worker_that_died()
    assert jobs_for_tests.runs(4) == 1

    assert recovery.requeue_abandoned() == 1
    run_worker()

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert jobs_for_tests.runs(4) == 1
    assert CompletedTask.objects.filter(pk=str(task.id)).exists()


def test_work_lost_with_its_worker_is_done_by_the_next(database_queue):
    jobs_for_tests.record.enqueue(5)
    _claimed_by_a_worker_that_died()

    recovery.requeue_abandoned()
    run_worker()

    assert jobs_for_tests.runs(5) == 1


def test_a_live_workers_task_is_left_alone(database_queue):
    jobs_for_tests.record.enqueue(6)
    result = _claimed_by_a_worker_that_died()
    heartbeats.beat("worker:dead-worker", Heartbeat.Role.WORKER)  # not dead after all: slow

    assert recovery.requeue_abandoned() == 0
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.RUNNING


def test_a_task_that_keeps_killing_workers_is_failed_not_handed_on(database_queue):
    jobs_for_tests.record.enqueue(7)
    result = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[f"w{i}" for i in range(recovery.MAX_CLAIMS)],
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )

    assert recovery.requeue_abandoned() == 0
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.FAILED


def test_the_immediate_backend_runs_a_job_at_once():
    jobs_for_tests.record.enqueue(8)
    assert jobs_for_tests.runs(8) == 1
