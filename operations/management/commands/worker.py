"""`manage.py worker`: run background tasks (django-tasks-db's worker, with heartbeats).

Same options as `db_worker` (`--queue-name`, `--interval`, `--batch`, `--max-tasks` …). Beside
the worker loop, a thread beats every 10 s (/healthz shows it) and hands back tasks left running
by a worker that stopped (operations.recovery). Run as many workers as the load needs, on as
many machines: each claims a task with a row lock, so none runs twice at once.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from operations import heartbeats, recovery
from operations.models import Heartbeat

logger = logging.getLogger(__name__)


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            heartbeats.beat(f"worker:{worker_id}", Heartbeat.Role.WORKER)
            recovery.requeue_abandoned()
        except DatabaseError as error:
            logger.warning("Worker heartbeat not recorded (%s)", type(error).__name__)
        finally:
            connections.close_all()
        stop.wait(heartbeats.interval().total_seconds())


class Command(DatabaseWorkerCommand):
    help = "Run background tasks (Wagtail's, the search index's, mail…); stop with Ctrl-C."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent process only watches files; the child runs tasks and beats.
        stop = threading.Event()
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            threading.Thread(
                target=_beat_forever, args=(options["worker_id"], stop), daemon=True
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
