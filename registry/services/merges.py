"""Merging two records of one person into one (what the officer compares and chooses is
`registry.merging`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.sessions import delete_login
from registry import merging
from registry.models import AuditEntry, Member, MergeRecord
from registry.services import audit
from registry.services.records import EditConflict
from registry.services.snapshots import member_snapshot, timestamp


def merge_snapshot(member: Member) -> dict[str, Any]:
    """A record as a merge stores it (the merged record, and the kept one as it was): the
    snapshot of the member's download, with what a merge must not lose besides, the consent
    decisions and what each was given for among them."""
    data = member_snapshot(member)
    data.update(
        {
            "full_name": member.full_name,
            "preferred_language": member.preferred_language,
            "source": member.source,
            "account": member.user_id,
            "contacts_covered": dict(member.contacts_covered or {}),
            "consent_history": [
                {
                    "purpose": consent.purpose.slug,
                    "granted": consent.granted,
                    "text_version": consent.text.version,
                    "channel": consent.channel,
                    "at": timestamp(consent.recorded_at),
                    "given_on": consent.given_on.isoformat() if consent.given_on else None,
                    "covers": dict(consent.covers or {}),
                }
                for consent in member.consents.select_related("purpose", "text")
            ],
        }
    )
    return data


def merge_members(
    keep: Member,
    other: Member,
    *,
    actor: User,
    choices: Mapping[str, str] | None = None,
    versions: tuple[int, int] | None = None,
) -> Member:
    """Fold `other` into `keep`, field by field as the officer chose (`registry.merging`; a field
    not chosen takes its default, the person's own data); `other` is then deleted.

    What a merge never does: create, move or change a consent of `keep`, nor what its consent to
    staff contact covers. `keep`'s consents are the person's own decisions about it; `other`'s
    decisions stay in the merge history with what they were given for, and so a contact detail
    taken from `other` is shown to staff only if `keep`'s own consent covers that very value.

    Logins: when only `other` has one, it moves to `keep` (the person's own login is never left
    behind). When both have one, the officer chooses which the kept record keeps (`choices
    ["login"]`, by default `keep`'s); the other account is not deleted but stays as a login with
    no record, so its owner can still log in, sign up again or delete it themselves, and the
    merge history names it (`snapshot["account"]`, `kept_before["account"]`).

    The kept record as it was, `other` as it was and every choice are stored in a `MergeRecord`,
    so every value either record held is kept; merges into `other` now point at `keep`. With
    `versions` (`keep`'s and `other`'s, as the officer saw them), a record changed since then is
    an `EditConflict` and nothing is written. One audit entry, about both records, naming the
    fields taken from `other` (never their values).
    """
    if keep.pk == other.pk:
        raise ValueError("A record cannot be merged into itself")
    with transaction.atomic():
        locked = Member.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])
        if len(locked) < 2:
            raise Member.DoesNotExist
        keep.refresh_from_db()
        other.refresh_from_db()
        if versions is not None and (keep.version, other.version) != versions:
            raise EditConflict
        kept_before, snapshot = merge_snapshot(keep), merge_snapshot(other)
        chosen = merging.resolved_choices(keep, other, choices or {})
        taken = merging.apply_choices(keep, other, chosen)
        other_id, other_user = other.pk, other.user_id
        left_out = None
        if other_user is not None and (keep.user_id is None or chosen.get("login") == "merged"):
            Member.objects.filter(pk=other_id).update(user=None)
            left_out, keep.user_id = keep.user, other_user
            taken.append("login")
        elif other_user is not None:
            left_out = other.user
        keep.version += 1
        # Only what a merge may change: never the consent coverage or the sign-up's progress.
        keep.save(update_fields=merging.SAVED_FIELDS)
        merging.apply_lists(keep, other, chosen)
        MergeRecord.objects.filter(member=other).update(member=keep)
        merging.move_engagements(keep, other)
        merging.move_trip_lines(keep, other)
        MergeRecord.objects.create(
            member=keep,
            merged_member_id=other_id,
            snapshot=snapshot,
            kept_before=kept_before,
            choices=chosen,
            merged_by=actor,
        )
        other.delete()
        if left_out is not None:  # a login with no record left would keep an address for nothing
            delete_login(left_out)
        audit(
            actor,
            AuditEntry.Action.MERGE,
            keep.pk,
            subjects=[other_id],
            merged=other_id,
            from_merged=sorted(taken),
        )
    return keep
