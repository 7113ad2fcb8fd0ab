"""The outbox between the registry and Elasticsearch: queue in the transaction, apply after it.

`enqueue` runs inside the transaction that changes a member and, once it commits, asks the worker
to `drain_outbox`: a web request never waits on Elasticsearch. `drain` writes the documents and
deletes the tasks it applied (also from `manage.py search_index drain`, and every minute from
the scheduler for changes waiting after an outage).
When Elasticsearch does not answer, each task waits 2, 4, 8 … seconds (at most an hour) before
the next try. Nothing is queued on installations without Elasticsearch: the database engine
reads the tables themselves.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from elasticsearch import ApiError, TransportError

from operations.jobs import job
from search import elastic
from search.engine import elasticsearch_client
from search.models import IndexTask

logger = logging.getLogger(__name__)
MAX_DELAY = datetime.timedelta(hours=1)


def enqueue(pks: Iterable[int]) -> None:
    if not settings.ELASTICSEARCH_URL:
        return
    pks = sorted(set(pks))
    if not pks:
        return
    IndexTask.objects.bulk_create([IndexTask(member_id=pk) for pk in pks], batch_size=5000)
    transaction.on_commit(drain_outbox.enqueue)


def drain(*, member_ids: list[int] | None = None, limit: int = 1000) -> tuple[int, int]:
    """Apply due tasks (those of `member_ids` only, if given). Returns (applied, still waiting)."""
    client = elasticsearch_client()
    if client is None:
        return 0, 0
    now = timezone.now()
    tasks = IndexTask.objects.filter(next_try_at__lte=now)
    if member_ids is not None:
        tasks = tasks.filter(member_id__in=member_ids)
    batch = list(tasks.values_list("pk", "member_id")[:limit])
    if not batch:
        return 0, IndexTask.objects.count()
    task_ids = [pk for pk, _member in batch]
    try:
        elastic.index_members(client, sorted({member for _pk, member in batch}))
    except (TransportError, ApiError) as error:
        logger.warning(
            "Search index not updated (%s); %d changes wait", type(error).__name__, len(batch)
        )
        for task in IndexTask.objects.filter(pk__in=task_ids):
            delay = min(datetime.timedelta(seconds=2 ** min(task.attempts + 1, 12)), MAX_DELAY)
            IndexTask.objects.filter(pk=task.pk).update(
                attempts=F("attempts") + 1, next_try_at=now + delay
            )
        return 0, IndexTask.objects.count()
    IndexTask.objects.filter(pk__in=task_ids).delete()
    return len(batch), IndexTask.objects.count()


def drain_all(*, force: bool = False) -> int:
    """Everything waiting, now (`force` ignores the backoff): the management command's job."""
    if force:
        IndexTask.objects.update(next_try_at=timezone.now())
    applied = 0
    while True:
        done, _waiting = drain()
        if not done:
            return applied
        applied += done


@job(atomic=False)  # writing a document twice is harmless; each batch deletes its own tasks
def drain_outbox() -> int:
    """The worker's side: apply every change that is due (those still in backoff wait)."""
    applied = 0
    while True:
        done, _waiting = drain()
        if not done:
            return applied
        applied += done
