"""The commit: every decided row written in one transaction, or none.

It keeps what it did (`ImportBatch.changes`) so that it can be undone. Imported people did not
agree to anything on this site, so no consent is recorded for them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry import gazetteer
from registry.importing.changes import (
    CONTACT_GROUPS,
    differs,
    proposed_values,
    record_digest,
    values_of,
)
from registry.importing.matching import ContactRule, no_contacts, shown_reasons
from registry.importing.results import NEW, SAME_AS_ROW, SKIP, RowResult, results_of
from registry.models import AuditEntry, ImportBatch, Member
from registry.services import audit


class UndecidedRows(Exception):
    """Rows still wait for the officer's decision; nothing was written."""

    def __init__(self, rows: list[int]) -> None:
        super().__init__(f"rows {rows} are undecided")
        self.rows = rows


@dataclass
class CommitOutcome:
    created: int = 0
    updated: int = 0
    matched: int = 0  # rows that are a record already in the registry (updated ones included)
    skipped: int = 0


def _state(member: Member) -> dict[str, Any]:
    """What undo compares to know that nothing touched the record since."""
    return {"version": member.version, "updated_at": member.updated_at.isoformat()}


def commit_batch(
    batch: ImportBatch, actor: User | None, contacts: ContactRule = no_contacts
) -> CommitOutcome:
    """Carry out every decided row at once; one audit entry naming every record touched.

    New people are created; a row decided to be a record links it to the association and writes
    the changes the officer accepted, only if the record is still as they saw it. `contacts`
    says which contact details of a record the officer may see (`can_see_contact`); a record
    matched only by one they may not see is left as it is. What was done is kept in `changes`
    for the result list and the undo. The batch is claimed by one conditional UPDATE first, so
    that a double click or two officers' tabs commit it once. Raises UndecidedRows.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).update(
            committed_at=now
        )
        batch.refresh_from_db()
        if not claimed:
            return CommitOutcome()
        results = results_of(batch)
        undecided = [result.number for result in results if result.undecided]
        if undecided:
            raise UndecidedRows(undecided)  # the claim is rolled back with it
        chosen = {r.candidates[r.chosen]["id"] for r in results if r.chosen is not None}
        existing = Member.objects.in_registry().select_for_update().filter(pk__in=chosen)
        records = {m.pk: m for m in existing.prefetch_related("consented_purposes")}
        changes: dict[str, Any] = {"created": [], "updated": {}, "linked": [], "after": {}}
        changes["rows"] = []
        outcome = CommitOutcome()
        for result in results:
            if not result.importable or result.decision in (SKIP, SAME_AS_ROW):
                outcome.skipped += 1
                continue
            row: dict[str, Any] = {"row": result.number}
            if result.decision == NEW:
                member = _create(result.values)
                changes["created"].append(member.pk)
                changes["after"][str(member.pk)] = _state(member)
                outcome.created += 1
                row.update(outcome="created", member=member.pk)
            else:
                candidate = result.candidates[result.chosen or 0]
                found = records.get(candidate["id"])
                if found is None or not shown_reasons(candidate, found, contacts):
                    # Merged or deleted since; or matched by a contact the officer may not
                    # see, which names nobody and changes nothing.
                    gone = found is None
                    outcome.skipped += gone
                    outcome.matched += not gone
                    changes["rows"].append({**row, "outcome": "gone" if gone else "hidden"})
                    continue
                member = found
                outcome.matched += 1
                written = _apply(result, member, contacts(member), changes)
                if written is None:
                    row.update(outcome="stale", member=member.pk, fields=result.accepted)
                elif written:
                    outcome.updated += 1
                    row.update(outcome="updated", member=member.pk, fields=written)
                else:
                    row.update(outcome="matched", member=member.pk)
            changes["rows"].append(row)
            if (
                batch.association_id
                and not member.associations.filter(pk=batch.association_id).exists()
            ):
                member.associations.add(batch.association_id)
                if row["outcome"] != "created":
                    changes["linked"].append(member.pk)
        batch.committed_at = now
        batch.created_count, batch.matched_count = outcome.created, outcome.matched
        batch.rows = []
        batch.changes = changes
        batch.save()
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            subjects={row["member"] for row in changes["rows"] if row.get("member")},
            step="commit",
            batch=batch.pk,
            created=outcome.created,
            updated=outcome.updated,
            matched=outcome.matched,
            skipped=outcome.skipped,
        )
    return outcome


def _apply(
    result: RowResult, member: Member, shown: Collection[str], changes: dict[str, Any]
) -> list[str] | None:
    """Write the changes the officer accepted for `member`, keeping each field's value before
    in `changes`; None, writing nothing, when the record changed since they saw it."""
    if not result.accepted:
        return []
    if record_digest(member) != result.seen:
        return None
    old = values_of(member)
    proposed = proposed_values(result.values)
    before: dict[str, Any] = {}
    written = []
    for group in result.accepted:
        new = proposed.get(group)
        if new is None or (group in CONTACT_GROUPS and group not in shown):
            continue
        if not differs(group, {attname: old[attname] for attname in new}, new):
            continue
        for attname, value in new.items():
            before[attname] = old[attname]
            setattr(member, attname, value)
        written.append(group)
    if written:
        member.version += 1
        member.save(update_fields=[*before, *Member.DERIVED_FIELDS, "version"])
        kept = changes["updated"].setdefault(str(member.pk), {})
        for attname, value in before.items():
            kept.setdefault(attname, value)  # a second row for the same record: the first's
        changes["after"][str(member.pk)] = _state(member)
    return written


def _create(values: dict[str, Any]) -> Member:
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if values["city_geonameid"] and latitude is None:  # staged before coordinates were kept
        city = gazetteer.city_by_id(values["city_geonameid"])
        latitude, longitude = (city.latitude, city.longitude) if city else (None, None)
    member = Member(
        full_name=values["full_name"],
        other_names=values["other_names"],
        birth_year=values["birth_year"],
        gender=values["gender"],
        hometown_ward_id=values["ward"],
        hometown_legacy_id=values["legacy"],
        hometown_village=values["village"],
        country=values["country"],
        city_name=values["city"],
        city_geonameid=values["city_geonameid"],
        latitude=latitude,
        longitude=longitude,
        email=values["email"],
        phone=values["phone"],
        occupation=values["occupation"],
        organisation=values["organisation"],
        source=Member.Source.IMPORT,
    )
    member.save()
    return member
