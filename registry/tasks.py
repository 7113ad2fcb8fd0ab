"""The registry's background jobs; the scheduler runs the periodic ones (operations.schedule)."""

from __future__ import annotations

import datetime
import smtplib

from django.conf import settings
from django.utils import timezone

from operations.jobs import job
from registry import exporting, reminders
from registry.importing.staging import expire_staged_batches
from registry.models import AuditEntry
from registry.services.signup import purge_abandoned_sign_ups


@job()
def expire_imports() -> int:
    """Hourly: uploaded lists never committed within IMPORT_STAGED_HOURS are deleted."""
    return expire_staged_batches()


@job()
def apply_audit_retention() -> int:
    """Daily: audit entries older than AUDIT_RETENTION_DAYS are deleted (with their subjects)."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted


# Members are marked reminded one at a time as their email goes: the job commits as it goes,
# and a second run (a retry after the mail server refused) skips those already written to.
@job(retry_on=(OSError, smtplib.SMTPException), atomic=False)
def send_confirmation_reminders() -> int:
    """Daily: the yearly "is this still right?" email to members whose confirmation is due."""
    return reminders.send_confirmation_reminders()


# Each record and login is deleted in its own transaction (checked again there): the job commits
# as it goes, and running it twice deletes nothing twice.
@job(atomic=False)
def purge_abandoned_signups() -> dict[str, int]:
    """Daily: sign-ups stopped before the consents step ABANDONED_SIGNUP_DAYS ago are deleted."""
    return purge_abandoned_sign_ups(settings.ABANDONED_SIGNUP_DAYS)


@job(atomic=False)
def delete_expired_exports() -> int:
    """Hourly: exports written by the worker are deleted EXPORT_KEEP_HOURS after they were asked."""
    return exporting.delete_expired()
