"""The registry's background jobs; the scheduler runs the periodic ones (operations.schedule)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from operations.jobs import job
from registry.importing.staging import expire_staged_batches
from registry.models import AuditEntry


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
