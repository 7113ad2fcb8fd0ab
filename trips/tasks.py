"""Trips' periodic job (operations.schedule)."""

from __future__ import annotations

from operations.jobs import job
from trips import documents


@job(atomic=False)
def delete_expired_documents() -> int:
    """Hourly: briefing packs and reports are deleted EXPORT_KEEP_HOURS after they were asked."""
    return documents.delete_expired()
