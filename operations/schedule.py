"""The periodic jobs, and when each runs.

The scheduler (`manage.py scheduler`) only enqueues: the worker does the work. Each firing takes
a slot (`ScheduleSlot`: the job and the minute, or the interval number), so a scheduler running
on every app server enqueues each job once per slot, not once per server.

Any entry's timing can be changed with the SCHEDULE setting, "name=spec; name=spec", where spec
is a crontab ("0 7 * * *", in TIME_ZONE) or an interval ("90s", "5m", "2h").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django_tasks.base import Task

from operations.models import ScheduleSlot


@dataclass(frozen=True)
class Entry:
    name: str
    task: str  # the dotted path of a Django task (operations imports no app)
    when: str  # crontab or interval, as in the SCHEDULE setting
    does: str  # for `manage.py scheduler --list` and the README


ENTRIES = (
    Entry(
        "mail_queue",
        "operations.mail.tasks.send_due",
        "2m",
        "send emails whose task was lost, again those a stopped worker was sending",
    ),
    Entry(
        "publish_scheduled",
        "cms.tasks.publish_scheduled",
        "2m",
        "publish pages and revisions whose go-live time has come, unpublish expired ones",
    ),
    Entry(
        "search_outbox",
        "search.outbox.drain_outbox",
        "1m",
        "send member changes still waiting for Elasticsearch (after an outage)",
    ),
    Entry(
        "search_alerts",
        "search.tasks.send_alerts",
        "0 7 * * *",
        "email officers about members newly matching their saved searches",
    ),
    Entry(
        "search_vocabulary",
        "search.tasks.refresh_vocabulary",
        "50 2 * * *",
        "rebuild the words a mistyped search word is compared with from the registry",
    ),
    Entry(
        "expire_imports",
        "registry.tasks.expire_imports",
        "15 * * * *",
        "delete uploaded lists never committed within IMPORT_STAGED_HOURS",
    ),
    Entry(
        "audit_retention",
        "registry.tasks.apply_audit_retention",
        "0 3 * * *",
        "delete audit entries older than AUDIT_RETENTION_DAYS",
    ),
    Entry(
        "confirmation_reminders",
        "registry.tasks.send_confirmation_reminders",
        "0 9 * * *",
        "email members whose record waits for its yearly confirmation (once a year each)",
    ),
    Entry(
        "event_reminders",
        "engagement.tasks.send_event_reminders",
        "10 * * * *",
        "email members registered for an event that starts within 24 hours (once each)",
    ),
    Entry(
        "monthly_digest",
        "engagement.tasks.send_monthly_digests",
        "0 8 1 * *",
        "email members who asked for newsletters what is new for them (once a month each)",
    ),
    Entry(
        "purge_abandoned_signups",
        "registry.tasks.purge_abandoned_signups",
        "30 2 * * *",
        "delete sign-ups stopped before consents ABANDONED_SIGNUP_DAYS ago, and their logins",
    ),
    Entry(
        "delete_expired_exports",
        "registry.tasks.delete_expired_exports",
        "20 * * * *",
        "delete exports written by the worker EXPORT_KEEP_HOURS after they were asked",
    ),
    Entry(
        "delete_expired_trip_documents",
        "trips.tasks.delete_expired_documents",
        "25 * * * *",
        "delete trips' briefing packs and reports EXPORT_KEEP_HOURS after they were asked",
    ),
    Entry(
        "prune_operations",
        "operations.tasks.prune",
        "45 3 * * *",
        "forget finished tasks, slots and heartbeats after their retention",
    ),
)

_INTERVAL = re.compile(r"^(\d+)\s*([smh])$")
_UNITS = {"s": 1, "m": 60, "h": 3600}


def overrides() -> dict[str, str]:
    """The SCHEDULE setting, checked: unknown job names or unreadable specs refuse to start."""
    known = {entry.name for entry in ENTRIES}
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in settings.SCHEDULE.split(";"))):
        name, _sep, spec = part.partition("=")
        name, spec = name.strip(), spec.strip()
        if name not in known or not spec:
            raise ImproperlyConfigured(
                f"SCHEDULE: {part!r} is not name=spec for a job in {sorted(known)}"
            )
        trigger(spec)  # raises on a bad spec
        found[name] = spec
    return found


def entries() -> list[Entry]:
    changed = overrides()
    return [Entry(e.name, e.task, changed.get(e.name, e.when), e.does) for e in ENTRIES]


def interval_seconds(spec: str) -> int | None:
    match = _INTERVAL.match(spec)
    return int(match[1]) * _UNITS[match[2]] if match else None


def trigger(spec: str) -> BaseTrigger:
    seconds = interval_seconds(spec)
    if seconds is not None:
        if seconds < 1:
            raise ImproperlyConfigured(f"SCHEDULE: {spec!r} must be at least 1s")
        return IntervalTrigger(seconds=seconds, timezone=settings.TIME_ZONE)
    try:
        return CronTrigger.from_crontab(spec, timezone=settings.TIME_ZONE)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"SCHEDULE: {spec!r} is neither a crontab nor 90s/5m/2h"
        ) from error


def slot(entry: Entry, now: datetime.datetime) -> str:
    """The firing `now` belongs to: the interval's number, or the crontab's minute."""
    seconds = interval_seconds(entry.when)
    if seconds is not None:
        return f"i{int(now.timestamp()) // seconds}"
    return now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")


def fire(entry: Entry, now: datetime.datetime) -> bool:
    """Enqueue the job for this slot, unless another scheduler already has. True if enqueued."""
    background: Task = import_string(entry.task)
    try:
        with transaction.atomic():
            ScheduleSlot.objects.create(job=entry.name, slot=slot(entry, now))
            background.enqueue()
    except IntegrityError:
        return False
    return True
