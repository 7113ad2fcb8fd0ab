"""Search's background jobs (the outbox's own is `search.outbox.drain_outbox`)."""

from __future__ import annotations

from operations.jobs import job
from search import alerts, vocabulary


@job()
def send_alerts() -> int:
    """Daily: saved-search alerts. One transaction, so a run repeated after a worker stopped
    neither sends an alert twice nor skips one."""
    return alerts.send_alerts()


@job()
def refresh_vocabulary() -> int:
    """Nightly: the vocabulary of mistyped words rebuilt from the records in the registry, so
    that the words of people who have left go with them."""
    return vocabulary.refresh()
