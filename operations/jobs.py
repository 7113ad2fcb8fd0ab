"""Background jobs: Django tasks that run once, and try again later when a service is down.

    from operations.jobs import job

    @job(retry_on=(OSError, smtplib.SMTPException))
    def send_message(message_id: int) -> None: ...

    send_message.enqueue(message.pk)   # inside the transaction that created the message

`job` makes a Django task (the `django_tasks` interface Wagtail 8 uses, so the same worker runs
Wagtail's index tasks and ours) with two promises the queue itself does not make:

- **Done once.** The function runs inside a transaction that also records the task as done
  (`CompletedTask`). A worker killed after that commit leaves the task "running" in the queue;
  the worker that picks it up again (`operations.recovery`) sees the record and does nothing.
  A job with `atomic=False` (long work that commits as it goes, or talks to another system)
  must be idempotent itself; it is recorded as done when it returns.
- **Tried again.** An exception listed in `retry_on` (a mail server or Elasticsearch not
  answering) enqueues the same call again after 30 s, 1 min, 2 min … (at most an hour), up to
  `retries` attempts; then the task fails and shows as failed in the queue. With the immediate
  backend (the test suite), which cannot defer, the exception is raised at once.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.base import Task

from operations.models import CompletedTask

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

# The attempt number travels with the call, under a name no job uses for its own arguments.
ATTEMPT = "_attempt"
MAX_BACKOFF = datetime.timedelta(hours=1)


def retry_delay(attempt: int, *, backoff: datetime.timedelta | None = None) -> datetime.timedelta:
    """How long to wait after failed attempt `attempt` (1, 2, …): TASK_RETRY_SECONDS (30 s),
    doubling, at most an hour, with a little jitter so that a hundred jobs failing together do
    not come back together."""
    first = backoff or datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS)
    delay = min(first * 2 ** (attempt - 1), MAX_BACKOFF)
    return delay * (1 + random.random() / 10)  # noqa: S311 - jitter, not a secret


def already_done(task_id: str) -> bool:
    return CompletedTask.objects.filter(pk=task_id).exists()


def job(
    *,
    retry_on: tuple[type[BaseException], ...] = (),
    retries: int = 8,
    backoff: datetime.timedelta | None = None,
    atomic: bool = True,
    priority: int = 0,
) -> Callable[[Callable[P, T]], Task[P, T | None]]:
    """Make `function` a background job (see the module docstring)."""

    def decorate(function: Callable[P, T]) -> Task[P, T | None]:
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT, 1))
            task_id = str(context.task_result.id)
            try:
                return _run_once(task_id, function, args, kwargs, atomic=atomic)
            except retry_on as error:
                if attempt >= retries or not background.get_backend().supports_defer:
                    raise
                delay = retry_delay(attempt, backoff=backoff)
                with transaction.atomic():
                    CompletedTask.objects.get_or_create(pk=task_id)
                    again: Task[..., Any] = background.using(run_after=timezone.now() + delay)
                    again.enqueue(*args, **kwargs, **{ATTEMPT: attempt + 1})
                # The error's class only: its message may quote an address or a name.
                logger.warning(
                    "%s failed (%s), attempt %d of %d; trying again in %d s",
                    background.name,
                    type(error).__name__,
                    attempt,
                    retries,
                    delay.total_seconds(),
                )
                return {"retried": attempt + 1}

        # The task is found again by its function's dotted path: the job takes its name. (Not
        # functools.wraps: the queue must see `context` as the first argument.)
        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(run, attribute, getattr(function, attribute))
        background: Task[P, T | None] = task(takes_context=True, priority=priority)(run)
        return background

    return decorate


def _run_once(
    task_id: str,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    atomic: bool,
) -> Any:
    if not atomic:
        if already_done(task_id):
            return None
        result = function(*args, **kwargs)
        CompletedTask.objects.get_or_create(pk=task_id)
        return result
    with transaction.atomic():
        if already_done(task_id):
            return None
        result = function(*args, **kwargs)
        # A second worker that ran the same task meanwhile makes this fail, and its work with
        # it: the work is done once.
        CompletedTask.objects.create(pk=task_id)
        return result


def in_chunks(queryset: models.QuerySet[M], size: int) -> Iterator[list[M]]:
    """The queryset's rows, `size` at a time in primary-key order, each chunk a query of its
    own: a job that changes or deletes rows as it goes (committing as it goes) walks a table of
    any size with flat memory and no cursor held open across its transactions."""
    last = 0
    while chunk := list(queryset.filter(pk__gt=last).order_by("pk")[:size]):
        yield chunk
        last = chunk[-1].pk
