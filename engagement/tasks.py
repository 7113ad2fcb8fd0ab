"""Engagement's background jobs; the scheduler runs them (operations.schedule)."""

from __future__ import annotations

from engagement import digest, reminders
from operations.jobs import job


# Each registration is marked reminded in the transaction that stores its email: the job
# commits as it goes, and a second run skips those already written to.
@job(atomic=False)
def send_event_reminders() -> int:
    """Hourly: the email the day before an event to those registered for it."""
    return reminders.send_event_reminders()


# Each member's digest is recorded in the transaction that stores its email: a second run of the
# month skips them.
@job(atomic=False)
def send_monthly_digests() -> int:
    """Monthly: what is new for each member who asked for newsletters and agreed to matching."""
    return digest.send_monthly_digests()
