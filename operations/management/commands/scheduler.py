"""`manage.py scheduler`: enqueue the periodic jobs (operations.schedule) on time.

APScheduler keeps the clock; every firing only enqueues a task, which the worker runs. Safe to
run on every app server: each job takes its slot once (operations.schedule.fire).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from types import FrameType
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.module_loading import import_string

from operations import heartbeats, schedule
from operations.models import Heartbeat

logger = logging.getLogger(__name__)


def _fire(entry: schedule.Entry) -> None:
    try:
        if schedule.fire(entry, timezone.now()):
            logger.info("Scheduled job %s enqueued", entry.name)
    except DatabaseError as error:
        logger.warning("Scheduled job %s not enqueued (%s)", entry.name, type(error).__name__)
    finally:
        connections.close_all()


def _beat(name: str) -> None:
    try:
        heartbeats.beat(name, Heartbeat.Role.SCHEDULER)
    except DatabaseError as error:
        logger.warning("Scheduler heartbeat not recorded (%s)", type(error).__name__)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Run the scheduler of periodic jobs (publishing, alerts, reminders, purges)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--list", action="store_true", dest="show", help="Show the jobs and their timing."
        )
        parser.add_argument("--run", metavar="JOB", help="Enqueue one job now, then exit.")

    def handle(self, *args: Any, show: bool, run: str | None, **options: Any) -> None:
        entries = schedule.entries()
        if show:
            for entry in entries:
                self.stdout.write(f"{entry.name:26} {entry.when:12} {entry.does}")
            return
        if run:
            chosen = {entry.name: entry for entry in entries}.get(run)
            if chosen is None:
                raise CommandError(f"No job {run!r}; see --list")
            import_string(chosen.task).enqueue()
            self.stdout.write(f"{run} enqueued.")
            return
        self._serve(entries)

    def _serve(self, entries: list[schedule.Entry]) -> None:
        scheduler = BlockingScheduler(
            timezone=settings.TIME_ZONE,
            # A firing missed while the machine slept runs once, late, not once per miss.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
        )
        for entry in entries:
            scheduler.add_job(_fire, schedule.trigger(entry.when), args=[entry], id=entry.name)
        name = f"scheduler:{socket.gethostname()}:{os.getpid()}"
        scheduler.add_job(
            _beat,
            IntervalTrigger(seconds=heartbeats.interval().total_seconds()),
            args=[name],
            id="heartbeat",
            next_run_time=timezone.now(),
        )

        def stop(signum: int, frame: FrameType | None) -> None:
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler running {len(entries)} jobs (Ctrl-C stops).")
        scheduler.start()
