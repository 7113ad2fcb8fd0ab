"""Saving a record with optimistic locking, and the staff actions on a whole record: verifying
and erasing it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.sessions import delete_login
from registry.models import AuditEntry, Member
from registry.services import audit
from registry.signals import members_changed


class EditConflict(Exception):
    """Someone else saved the record since it was opened; nothing was written."""

    message = _(
        "Someone else changed this record while you were editing it. Nothing was saved: "
        "reload to see their changes, then make yours again."
    )


def save_member(
    member: Member,
    *,
    expected_version: int,
    actor: User | None,
    changed: Iterable[str] = (),
    staff: bool = False,
    only: Iterable[str] | None = None,
    lists: Mapping[str, Iterable[Any]] | None = None,
) -> None:
    """Save `member` only if nobody saved it since `expected_version` was read; its lists
    (`lists`: interests, associations, by field name) are set in the same transaction.

    The check is one conditional UPDATE, atomic on every database: of two people who opened the
    same version, the first to save wins and the second gets `EditConflict`. Staff edits are
    audited with the names of the fields changed (not their values). `only` limits the write to
    those fields (and what `Member.save` derives from them) for a record that exists.
    """
    with transaction.atomic():
        if member.pk is not None:
            bumped = Member.objects.filter(pk=member.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not bumped:
                raise EditConflict
            member.version = expected_version + 1
        if only is None or member.pk is None:
            member.save()
        else:
            member.save(update_fields=[*only, *Member.DERIVED_FIELDS, "version"])
        for name, items in (lists or {}).items():
            getattr(member, name).set(items)
        if staff:
            audit(actor, AuditEntry.Action.EDIT, member.pk, fields=sorted(changed))


def verify_member(member: Member, *, actor: User, method: str) -> None:
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            verified_at=timezone.now(),
            verified_by=actor,
            verification_method=method,
            version=F("version") + 1,
        )
        audit(actor, AuditEntry.Action.VERIFY, member.pk, method=method)
        members_changed.send(Member, pks=[member.pk])
    member.refresh_from_db()


def confirm_details(member: Member) -> None:
    """The member said their record is still right (the yearly question)."""
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(
            last_confirmed_at=timezone.now(), version=F("version") + 1
        )
        members_changed.send(Member, pks=[member.pk])


def erase_member(
    member: Member,
    *,
    actor: User | None,
    by_member: bool,
    action: AuditEntry.Action | None = None,
    **detail: Any,
) -> None:
    """Delete the record and everything personal hanging off it; keep a non-personal audit entry.

    The login goes too, whoever deletes the record (the member, an officer at their request, or
    the purge of unfinished sign-ups, which gives its own `action` and `detail`), and every
    session it is signed in with ends; a staff account is never deleted this way. Consent
    decisions and merge snapshots are removed with the record (they are personal data); the
    audit entry keeps only the number. The search index hears of it from the deletion itself.
    """
    with transaction.atomic():
        member_id = member.pk
        user = member.user
        member.delete()
        if by_member:
            audit(None, action or AuditEntry.Action.ERASE, member_id, **detail)
        else:
            audit(actor, action or AuditEntry.Action.DELETE, member_id, **detail)
        if user is not None:
            delete_login(user)


def erase_own_account(user: User, member: Member | None) -> None:
    """The person deleted their account: their record and its login (`erase_member`), or the
    login alone when they never got as far as a record."""
    if member is not None:
        erase_member(member, actor=None, by_member=True)
        return
    with transaction.atomic():
        audit(None, AuditEntry.Action.ERASE)
        user.delete()
