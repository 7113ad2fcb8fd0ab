"""The mail queue's background jobs: one message (`send_message`), and the sweep (`send_due`)."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from functools import partial

from django.db import transaction
from django.utils import timezone

from operations.jobs import job
from operations.mail import delivery
from operations.models import OutgoingMessage

# The sweep sends a waiting message only once it has been due this long (its own task, if it
# still has one, comes first), and stops starting new messages after SWEEP_SECONDS.
LOST_AFTER = datetime.timedelta(minutes=1)
SWEEP_SECONDS = 60


@job(atomic=False)
def send_message(message_id: int) -> str:
    """Send one stored message (operations.mail.delivery); after a failure the next attempt is
    its own task, deferred, or on a queue that cannot defer, the sweep's."""
    return _send(message_id)


def _send(message_id: int) -> str:
    attempt = delivery.deliver(message_id)
    if attempt.retry_at is not None and send_message.get_backend().supports_defer:
        send_message.using(run_after=attempt.retry_at).enqueue(message_id)
    return attempt.outcome


def send_after_commit(message_id: int) -> None:
    """Ask the worker to send `message_id` once the current transaction commits. If asking
    fails (the queue's database gone), the message waits for the sweep: the caller's request
    does not fail for it."""
    transaction.on_commit(partial(send_message.enqueue, message_id), robust=True)


@job(atomic=False)
def send_due() -> dict[str, int]:
    """Every few minutes: messages whose worker stopped while sending them are handed back and
    sent again (same Message-ID: see operations.mail.delivery), and waiting messages whose task
    was lost (a worker stopped, the queue refused it) are sent."""
    now = timezone.now()
    handed_back = delivery.hand_back_interrupted(now)
    lost = OutgoingMessage.objects.due(now - LOST_AFTER).exclude(pk__in=handed_back)
    pks = [*handed_back, *lost.order_by("next_attempt_at").values_list("pk", flat=True)[:1000]]
    outcomes: Counter[str] = Counter(handed_back=len(handed_back))
    started = time.monotonic()
    for pk in pks:
        if time.monotonic() - started > SWEEP_SECONDS:
            break
        outcomes[_send(pk)] += 1
    return dict(outcomes)
