"""The commit of a large list, on the worker.

A list of more than IMPORT_IN_REQUEST_MAX rows is committed by the worker (`commit_later`)
while the officer's page follows it (`ImportBatch.commit_state`); a smaller one is committed
within the request, as always. Either way the commit is `commit_batch`: every decided row in one
transaction, or none. Rows still undecided are told at once, before anything is queued.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from accounts.models import User
from operations.jobs import job
from registry.importing.committing import CommitOutcome, UndecidedRows, commit_batch
from registry.importing.matching import ContactRule
from registry.importing.results import results_of
from registry.models import ImportBatch, Member
from registry.permissions import can_see_contact

logger = logging.getLogger(__name__)
State = ImportBatch.CommitState


def commit_now_or_later(
    batch: ImportBatch, actor: User, contacts: ContactRule
) -> CommitOutcome | None:
    """Commit a list of at most IMPORT_IN_REQUEST_MAX rows now (its outcome); give a larger one
    to the worker (None). Raises UndecidedRows either way, with nothing written or queued."""
    if len(batch.rows) <= settings.IMPORT_IN_REQUEST_MAX:
        return commit_batch(batch, actor, contacts)
    undecided = [result.number for result in results_of(batch) if result.undecided]
    if undecided:
        raise UndecidedRows(undecided)
    with transaction.atomic():
        queued = ImportBatch.objects.filter(
            pk=batch.pk, committed_at=None, commit_state__in=["", State.FAILED]
        ).update(commit_state=State.WAITING)
        if queued:  # a second click while it waits queues nothing more
            commit_later.enqueue(batch.pk, actor.pk)
    batch.commit_state = State.WAITING
    return None


def is_committing(batch: ImportBatch) -> bool:
    return batch.committed_at is None and batch.commit_state in (State.WAITING, State.RUNNING)


# Not atomic: the state "running" must be seen by the officer's page while the commit's own
# transaction runs. Run again (a worker stopped half-way), the commit either had committed
# (`commit_batch` finds the list committed and does nothing) or had rolled back and runs again.
@job(atomic=False)
def commit_later(batch_id: int, actor_id: int) -> str:
    if not ImportBatch.objects.filter(
        pk=batch_id, committed_at=None, commit_state__in=[State.WAITING, State.RUNNING]
    ).update(commit_state=State.RUNNING):
        return "nothing to do"
    batch = ImportBatch.objects.get(pk=batch_id)
    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if actor is None or not actor.has_perm("registry.import_member"):
        _failed(batch_id)
        return "refused"

    def contacts(member: Member) -> frozenset[str]:
        return can_see_contact(actor, member)

    try:
        commit_batch(batch, actor, contacts)
    except UndecidedRows:  # decided again in another tab meanwhile: nothing was written
        _failed(batch_id)
        return "undecided"
    except Exception:
        _failed(batch_id)
        raise
    ImportBatch.objects.filter(pk=batch_id).update(commit_state="")
    return "committed"


def _failed(batch_id: int) -> None:
    ImportBatch.objects.filter(pk=batch_id, committed_at=None).update(commit_state=State.FAILED)
    logger.warning("The commit of import %s failed; nothing was imported", batch_id)
