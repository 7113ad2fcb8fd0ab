"""The CMS's background jobs."""

from __future__ import annotations

from django.core.management import call_command

from operations.jobs import job


@job()
def publish_scheduled() -> None:
    """Every few minutes: publish what editors scheduled, unpublish what expired (Wagtail's own
    command, run by the worker when the scheduler says so)."""
    call_command("publish_scheduled")
