"""Undoing a commit, while nothing else has touched the records it created or changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry.models import AuditEntry, Consent, ImportBatch, Member, MergeRecord, RecordInvitation
from registry.services import audit


class UndoBlocked(Exception):
    """Records the import touched have changed since; nothing was undone."""

    def __init__(self, blockers: list[Blocker]) -> None:
        super().__init__(f"{len(blockers)} records changed since the import")
        self.blockers = blockers


@dataclass(frozen=True)
class Blocker:
    member_id: int
    name: str  # "" when the record is no longer there


def can_undo(batch: ImportBatch) -> bool:
    changes = batch.changes or {}
    touched = changes.get("created") or changes.get("updated") or changes.get("linked")
    return batch.committed_at is not None and batch.undone_at is None and bool(touched)


def undo_blockers(batch: ImportBatch) -> list[Blocker]:
    """Records the import created or updated that something else has touched since: an edit
    (their version and time of update moved), a consent, an invitation, a merge, a login
    claiming the record, or a deletion."""
    changes = batch.changes or {}
    created = set(changes.get("created", []))
    ids = [*changes.get("created", []), *map(int, changes.get("updated", {}))]
    records = Member.objects.in_bulk(ids)
    since = batch.committed_at
    touched = {
        *Consent.objects.filter(member__in=ids, recorded_at__gte=since).values_list(
            "member_id", flat=True
        ),
        *RecordInvitation.objects.filter(member__in=ids, sent_at__gte=since).values_list(
            "member_id", flat=True
        ),
        *MergeRecord.objects.filter(member__in=ids, merged_at__gte=since).values_list(
            "member_id", flat=True
        ),
    }
    blockers = []
    for pk in ids:
        member = records.get(pk)
        if member is None:
            blockers.append(Blocker(pk, ""))
            continue
        after = changes.get("after", {}).get(str(pk), {})
        moved = member.version != after.get(
            "version"
        ) or member.updated_at.isoformat() != after.get("updated_at")
        if moved or pk in touched or (pk in created and member.user_id is not None):
            blockers.append(Blocker(pk, member.full_name))
    return blockers


def undo_batch(batch: ImportBatch, actor: User | None) -> bool:
    """Delete the records the import created, put back each field it changed as it was, and
    remove the association links it added: all, or nothing while `undo_blockers` names any.

    False when it had already been undone (a second click). Raises UndoBlocked.
    """
    try:
        with transaction.atomic():
            claimed = (
                ImportBatch.objects.filter(pk=batch.pk, undone_at=None)
                .exclude(committed_at=None)
                .update(undone_at=timezone.now())
            )
            batch.refresh_from_db()
            if not claimed:
                return False
            changes = batch.changes or {}
            created = list(changes.get("created", []))
            updated = {int(pk): before for pk, before in changes.get("updated", {}).items()}
            linked = [pk for pk in changes.get("linked", []) if pk not in created]
            locked = Member.objects.select_for_update().filter(pk__in=[*created, *updated])
            list(locked.values_list("pk", flat=True))
            blockers = undo_blockers(batch)
            if blockers:
                raise UndoBlocked(blockers)
            for member in Member.objects.filter(pk__in=updated):
                for attname, value in updated[member.pk].items():
                    setattr(member, attname, value)
                member.version += 1
                member.save(update_fields=[*updated[member.pk], *Member.DERIVED_FIELDS, "version"])
            if batch.association_id:
                for member in Member.objects.filter(pk__in=linked):
                    member.associations.remove(batch.association_id)
            for member in Member.objects.filter(pk__in=created):
                member.delete()
            audit(
                actor,
                AuditEntry.Action.IMPORT,
                subjects={*created, *updated, *linked},
                step="undo",
                batch=batch.pk,
                deleted=len(created),
                restored=len(updated),
                unlinked=len(linked),
            )
    except UndoBlocked:
        batch.refresh_from_db()
        raise
    return True
