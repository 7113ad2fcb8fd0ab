"""Operations' tests: the database task queue and the worker's own loop (django-tasks-db's, as
`manage.py worker` runs it) in the test's process, a real SMTP server on loopback for the mail
queue, and the production stack as processes (`stack_factory`, tests/operations/stack.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations.mail.backend import store
from operations.models import OutgoingMessage
from tests.operations.stack import stack_factory
from tests.site_data import committed_site_pages
from tests.smtp_sink import SMTPSink
from tests.workers import DATABASE_QUEUE

QUEUED = "operations.mail.backend.QueuedEmailBackend"
BODY = "Liên kết đăng nhập bí mật"


@pytest.fixture
def smtp_sink() -> Iterator[SMTPSink]:
    sink = SMTPSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_queue(settings, smtp_sink: SMTPSink) -> SMTPSink:
    """The queue on, the worker sending by SMTP to the sink, tasks in the database queue."""
    settings.EMAIL_BACKEND = QUEUED
    settings.EMAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_sink.host, smtp_sink.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    settings.TASKS = DATABASE_QUEUE
    return smtp_sink


def time_passes(delta: datetime.timedelta) -> None:
    """As if `delta` went by: every time the queue and the messages wait for comes sooner."""
    OutgoingMessage.objects.update(
        next_attempt_at=F("next_attempt_at") - delta, attempted_at=F("attempted_at") - delta
    )
    soon = timezone.now() + datetime.timedelta(days=365)  # deferred, not "never"
    DBTaskResult.objects.filter(run_after__lt=soon).update(run_after=F("run_after") - delta)


def deferred_sends() -> int:
    """Attempts waiting in the queue for their time (not the tasks due at once)."""
    now = timezone.now()
    return DBTaskResult.objects.filter(
        task_path="operations.mail.tasks.send_message",
        status=TaskResultStatus.READY,
        run_after__gt=now,
        run_after__lt=now + datetime.timedelta(days=365),
    ).count()


def queued(
    subject: str, to: str, status: str = OutgoingMessage.Status.WAITING, **fields: object
) -> OutgoingMessage:
    """A message stored as the queue stores it, then given `status` and `fields`."""
    message = store(EmailMessage(subject, BODY, to=[to]))
    OutgoingMessage.objects.filter(pk=message.pk).update(status=status, **fields)
    message.refresh_from_db()
    return message


@pytest.fixture
def live_site(transactional_db: None) -> None:
    """The demo site, committed, for the processes of the production stack."""
    committed_site_pages()


__all__ = ["stack_factory"]
