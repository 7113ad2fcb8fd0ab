"""A list between the upload and the commit: staged, decided page by page, discarded, or
expired after IMPORT_STAGED_HOURS. Nothing is written to the registry until the commit."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry.importing.changes import CHANGE_GROUPS
from registry.importing.checking import validate_rows
from registry.importing.reading import read_table
from registry.importing.results import SAME, Decision, stored_result
from registry.models import AuditEntry, ImportBatch
from registry.services import audit


def stage(filename: str, data: bytes, *, actor: User, association_id: int | None) -> ImportBatch:
    """Read and check a file; keep the results for the preview; audit the upload and the records
    it matched. Raises ImportFileError."""
    rows = read_table(filename, data)
    results = validate_rows(rows, settings.PROVINCE_CODE)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=actor,
            filename=filename[:200],
            association_id=association_id,
            rows=[asdict(result) for result in results],
        )
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            subjects={pk for result in results for pk in result.matches},
            step="upload",
            batch=batch.pk,
            rows=len(results),
            errors=sum(1 for result in results if result.errors),
            matched=sum(1 for result in results if result.candidates),
        )
    return batch


def save_decisions(batch: ImportBatch, decisions: Mapping[int, Decision]) -> None:
    """Keep the officer's choices for the rows of one page until the commit.

    The batch row is locked, so that two tabs saving different pages keep both.
    """
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update().filter(pk=batch.pk, committed_at=None).first()
        )
        if locked is None:
            return
        for row in locked.rows:
            decision = decisions.get(row["number"])
            if decision is None:
                continue
            result = stored_result(row)
            row["reviewed"] = True
            if not result.asks:
                continue
            choice = decision.choice if decision.choice in result.choices() else ""
            taken = choice.startswith(SAME) and bool(decision.seen)
            row["decision"] = choice
            row["accepted"] = [g for g in decision.accepted if g in CHANGE_GROUPS] if taken else []
            row["seen"] = decision.seen if row["accepted"] else ""
        locked.save(update_fields=["rows"])
    batch.rows = locked.rows


def discard_batch(batch: ImportBatch, actor: User) -> None:
    with transaction.atomic():
        deleted, _by_model = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).delete()
        if deleted:
            audit(actor, AuditEntry.Action.IMPORT, step="discard", batch=batch.pk)


# A list the worker is about to commit, or committing, is never expired under it.
COMMITTING = (ImportBatch.CommitState.WAITING, ImportBatch.CommitState.RUNNING)


def staged_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(hours=settings.IMPORT_STAGED_HOURS)


def has_expired(batch: ImportBatch) -> bool:
    """A list never committed and staged more than IMPORT_STAGED_HOURS ago (or by an older
    version of the import, without decisions) is refused; upload it again."""
    if batch.committed_at is not None or batch.commit_state in COMMITTING:
        return False
    return batch.created_at < staged_cutoff() or any("decision" not in r for r in batch.rows)


def expire_batch(batch: ImportBatch) -> None:
    with transaction.atomic():
        deleted, _by_model = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).delete()
        if deleted:
            audit(None, AuditEntry.Action.IMPORT, step="expire", batches=[batch.pk])


def expire_staged_batches(now: datetime.datetime | None = None) -> int:
    """Delete every list staged more than IMPORT_STAGED_HOURS ago and never committed; returns
    how many. For a scheduler: `manage.py expire_imports` (hourly); uploads call it as well."""
    with transaction.atomic():
        stale = ImportBatch.objects.filter(
            committed_at=None, created_at__lt=staged_cutoff(now)
        ).exclude(commit_state__in=COMMITTING)
        ids = list(stale.values_list("pk", flat=True))
        if ids:
            ImportBatch.objects.filter(pk__in=ids).delete()
            audit(None, AuditEntry.Action.IMPORT, step="expire", batches=ids)
    return len(ids)
