"""The database task queue for tests and benchmarks, and django-tasks-db's worker run in their
own process (`manage.py worker --batch` without the command around it)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

# TASKS as production has it: a task waits in the database until a worker runs it.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def batch_worker(worker_id: str = "test-worker") -> Worker:
    """A worker for every queue that stops once nothing is due."""
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker() -> None:
    """The worker runs every task that is due, then stops (its loop: it commits as it goes)."""
    batch_worker().run()


def run_tasks_in_this_transaction() -> None:
    """What the worker does with each waiting task, claim it and run it, without its loop, which
    closes the database connection a test's transaction runs in."""
    worker = batch_worker()
    while (waiting := DBTaskResult.objects.ready().first()) is not None:
        waiting.claim(worker.worker_id)
        worker.run_task(waiting)
