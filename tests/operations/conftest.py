import pytest
from django.core.management import call_command

from tests.operations.stack import stack_factory


@pytest.fixture
def database_queue(settings):
    """Background work waits in the database queue, as in production, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """One in-process worker that runs every task due, then stops."""
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


__all__ = ["database_queue", "run_worker", "stack_factory"]
