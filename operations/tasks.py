"""Operations' own periodic job: forgetting what no longer needs keeping."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.jobs import job
from operations.models import CompletedTask, Heartbeat, OutgoingMessage, ScheduleSlot

# Finished tasks stay visible (Django admin → Task results) this long, failed ones longer.
KEEP_SUCCEEDED = datetime.timedelta(days=7)
KEEP_FAILED = datetime.timedelta(days=30)
KEEP_RECORDS = datetime.timedelta(days=30)
KEEP_HEARTBEATS = datetime.timedelta(days=2)
# Sent emails (their text, links and addresses) are forgotten after a week, failed ones after a
# month; staff resend or delete them before.
KEEP_SENT_MAIL = datetime.timedelta(days=7)
KEEP_FAILED_MAIL = datetime.timedelta(days=30)


@job()
def prune() -> dict[str, int]:
    now = timezone.now()
    results = DBTaskResult.objects
    return {
        "succeeded": results.successful().filter(finished_at__lt=now - KEEP_SUCCEEDED).delete()[0],
        "failed": results.failed().filter(finished_at__lt=now - KEEP_FAILED).delete()[0],
        "completed": CompletedTask.objects.filter(finished_at__lt=now - KEEP_RECORDS).delete()[0],
        "slots": ScheduleSlot.objects.filter(fired_at__lt=now - KEEP_RECORDS).delete()[0],
        "heartbeats": Heartbeat.objects.filter(seen_at__lt=now - KEEP_HEARTBEATS).delete()[0],
        "mail": OutgoingMessage.objects.filter(
            Q(status=OutgoingMessage.Status.SENT, sent_at__lt=now - KEEP_SENT_MAIL)
            | Q(status=OutgoingMessage.Status.FAILED, created_at__lt=now - KEEP_FAILED_MAIL)
        ).delete()[0],
    }
