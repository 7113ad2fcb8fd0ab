"""The email the day before an event, to each member registered for it (once)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cms.models import EventPage
from engagement import emails
from engagement.models import Engagement, EngagementQuerySet

# Members are reminded when the event starts within this time.
AHEAD = datetime.timedelta(hours=24)


def due_for_reminder(now: datetime.datetime) -> EngagementQuerySet:
    """Confirmed registrations, not reminded yet, for events starting within AHEAD."""
    soon = EventPage.objects.live().filter(
        translation_key=OuterRef("page_key"), start_at__gt=now, start_at__lte=now + AHEAD
    )
    return Engagement.objects.filter(
        kind=Engagement.Kind.REGISTRATION,
        status=Engagement.Status.CONFIRMED,
        reminded_at=None,
    ).filter(Exists(soon))


def send_event_reminders(now: datetime.datetime | None = None) -> int:
    """Email every member due a reminder; each is marked in the transaction that stores its
    email (a second run, or one at the same time, skips them). Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due_for_reminder(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Engagement.objects.filter(pk=pk, reminded_at=None).update(reminded_at=now)
            if claimed:
                engagement = Engagement.objects.select_related("member", "member__user").get(pk=pk)
                emails.engagement_email(engagement, "registration_reminder").send()
                sent += 1
    return sent
