"""Engagement's background jobs; the scheduler runs them (operations.schedule)."""

from __future__ import annotations

from engagement import reminders
from operations.jobs import job


# Each registration is marked reminded in the transaction that stores its email: the job
# commits as it goes, and a second run skips those already written to.
@job(atomic=False)
def send_event_reminders() -> int:
    """Hourly: the email the day before an event to those registered for it."""
    return reminders.send_event_reminders()
