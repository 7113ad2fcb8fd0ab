"""Registry workflows that touch several models: consents, locked saves, verification, merges,
erasure and the audit log. Views parse and render; the rules live here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from registry.models import (
    AuditEntry,
    AuditSubject,
    Consent,
    ConsentPurpose,
    ConsentText,
    Member,
    MergeRecord,
)
from registry.signals import members_changed
from registry.text import fold


class EditConflict(Exception):
    """Someone else saved the record since it was opened; nothing was written."""

    message = _(
        "Someone else changed this record while you were editing it. Nothing was saved: "
        "reload to see their changes, then make yours again."
    )


# --- Audit ---------------------------------------------------------------------------------------


def audit(
    actor: User | None,
    action: str,
    member_id: int | None = None,
    *,
    subjects: Iterable[int] = (),
    **detail: Any,
) -> AuditEntry:
    """Append one entry about `member_id` and every record in `subjects` (an export's, an
    import's), so that each member's trail finds it.

    `detail` holds criteria, counts or field names; what a person typed is never kept as typed:
    free text (a search's words) becomes a keyed digest, anything like an email address or a
    phone number is masked (`scrubbed`).
    """
    entry = AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None and actor.pk else "",
        action=action,
        member_id=member_id,
        detail=scrubbed(detail),
    )
    about = {*subjects, *([member_id] if member_id else [])}
    AuditSubject.objects.bulk_create([AuditSubject(entry=entry, member_id=pk) for pk in about])
    return entry


# Detail keys whose values are words a person typed (a search's text, a name).
TYPED_TEXT_KEYS = frozenset({"q", "text", "name", "full_name"})
EMAIL_LIKE = re.compile(r"[^\s@,;:<>()\[\]\"']+@[^\s@,;:<>()\[\]\"']+")
# A number of 7+ digits after "+", or 9+ without it (a date, "2024-03-05", has 8).
PHONE_LIKE = re.compile(r"(?<![\w.])(?:\+\d(?:[\s().-]{0,2}\d){6,}|\d(?:[\s().-]{0,2}\d){8,})")


def audit_digest(text: str) -> str:
    """What an audit entry keeps of typed words: a keyed digest of their folded form. An
    administrator can check whether anyone searched for given words (the same digest), but the
    log holds no name."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, fold(text).encode(), hashlib.sha256).hexdigest()[:20]


def scrubbed(value: Any, key: str = "") -> Any:
    """`value` with no personal values left in it (see `audit`)."""
    if isinstance(value, Mapping):
        return {name: scrubbed(item, str(name)) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item, key) for item in value]
    if isinstance(value, str):
        if key in TYPED_TEXT_KEYS and value.strip():
            return f"digest:{audit_digest(value)}"
        return PHONE_LIKE.sub("[phone]", EMAIL_LIKE.sub("[email]", value))
    return value


# --- Saving with optimistic locking --------------------------------------------------------------


def save_member(
    member: Member,
    *,
    expected_version: int,
    actor: User | None,
    changed: Iterable[str] = (),
    staff: bool = False,
    only: Iterable[str] | None = None,
) -> None:
    """Save `member` only if nobody saved it since `expected_version` was read.

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
        if staff:
            audit(actor, AuditEntry.Action.EDIT, member.pk, fields=sorted(changed))


# --- Sign-up -------------------------------------------------------------------------------------


def lock_account(user: User) -> None:
    """Serialise saves of one person's own record (inside a transaction): of three submits of
    the first step arriving at once, the first creates the record and the others update it."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def new_member(user: User, language: str) -> Member:
    """The record a signed-up person's first step creates (not saved here)."""
    return Member(user=user, email=user.email, preferred_language=language)


def step_done(member: Member, slug: str) -> None:
    """Note that the member saved sign-up step `slug` (nothing once the sign-up is finished)."""
    if member.profile_completed_at is None and slug not in member.signup_steps:
        member.signup_steps = [*member.signup_steps, slug]
        Member.objects.filter(pk=member.pk).update(signup_steps=member.signup_steps)


def complete_registration(member: Member) -> bool:
    """The member enters the registry; False when this had already happened (a second click)."""
    now = timezone.now()
    with transaction.atomic():
        entered = Member.objects.filter(pk=member.pk, profile_completed_at=None).update(
            profile_completed_at=now, last_confirmed_at=now, version=F("version") + 1
        )
        if entered:
            members_changed.send(Member, pks=[member.pk])
    return bool(entered)


# --- Consents ------------------------------------------------------------------------------------


def current_texts() -> dict[str, ConsentText]:
    """The latest text of each purpose, by purpose slug."""
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.select_related("purpose").order_by("purpose", "-version"):
        texts.setdefault(text.purpose.slug, text)
    return texts


def record_consents(
    member: Member,
    decisions: Mapping[str, bool],
    *,
    channel: str,
    actor: User | None = None,
    covers: Mapping[str, str] | None = None,
    given_on: datetime.date | None = None,
    note: str = "",
    evidence: Any = None,
) -> list[Consent]:
    """Store each decision that changes the member's current choice, with its text version.

    Unchanged choices write nothing: the history holds decisions, not page submissions. A grant
    of staff contact covers the contact details given with it (`covers`; by default the record's
    own, as the member gives them on the site); withdrawing it covers none. Decisions entered by
    staff carry when and how the person gave them (`given_on`, `note`, `evidence`).
    """
    texts = current_texts()
    current = set(member.consented_purposes.values_list("slug", flat=True))
    recorded = []
    with transaction.atomic():
        for slug, granted in decisions.items():
            if granted == (slug in current) or slug not in texts:
                continue
            text = texts[slug]
            contact = slug == ConsentPurpose.STAFF_CONTACT
            covered = dict(covers if covers is not None else member.contact_values())
            recorded.append(
                Consent.objects.create(
                    member=member,
                    purpose=text.purpose,
                    text=text,
                    granted=granted,
                    channel=channel,
                    recorded_by=actor if actor is not None and actor.pk else None,
                    given_on=given_on,
                    note=note,
                    evidence=evidence or "",
                    covers=covered if contact and granted else {},
                )
            )
            if granted:
                member.consented_purposes.add(text.purpose)
            else:
                member.consented_purposes.remove(text.purpose)
            if contact:
                member.contacts_covered = covered if granted else {}
                Member.objects.filter(pk=member.pk).update(contacts_covered=member.contacts_covered)
    return recorded


def own_contacts_given(member: Member) -> None:
    """The member changed their own contact details on the site: while they agree to staff
    contact, that agreement covers what they gave (an officer's edit never extends it)."""
    if member.has_consented(ConsentPurpose.STAFF_CONTACT):
        covered = member.contact_values()
        if covered != member.contacts_covered:
            member.contacts_covered = covered
            Member.objects.filter(pk=member.pk).update(contacts_covered=covered)


def required_purposes() -> list[str]:
    return list(ConsentPurpose.objects.filter(required=True).values_list("slug", flat=True))


# --- Staff actions -------------------------------------------------------------------------------


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


MERGE_FIELDS = [
    "other_names",
    "birth_year",
    "gender",
    "hometown_ward",
    "hometown_legacy",
    "hometown_village",
    "country",
    "city_name",
    "city_geonameid",
    "latitude",
    "longitude",
    "email",
    "phone",
    "messaging",
    "occupation",
    "sector",
    "skills",
    "languages",
    "organisation",
    "verified_at",
    "verified_by",
    "verification_method",
    "last_confirmed_at",
    "profile_completed_at",
]


# Column names (`sector_id`…) of the fields above, for copying raw values.
MERGE_ATTNAMES = [f.attname for f in Member._meta.concrete_fields if f.name in MERGE_FIELDS]


def timestamp(value: datetime.datetime | None) -> str | None:
    """The one time format of the registry's JSON: ISO 8601 to the second, in the site's time
    zone with its offset ("2024-03-05T15:30:00+07:00")."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# The snapshot's times (column names), which `timestamp` writes.
SNAPSHOT_TIMES = [
    "created_at",
    *(
        field.attname
        for field in Member._meta.concrete_fields
        if field.attname in MERGE_ATTNAMES and field.get_internal_type() == "DateTimeField"
    ),
]


def member_snapshot(member: Member) -> dict[str, Any]:
    """A JSON-ready copy of a record, for merge history and for the member's own download.

    Values stay machine-readable: codes and identifiers (country "HU", languages ["vi", "cs"],
    interest and purpose slugs), phone numbers in E.164, times as `timestamp` writes them.
    """
    data: dict[str, Any] = {"id": member.pk, "full_name": member.full_name}
    for attname in MERGE_ATTNAMES:
        value = getattr(member, attname)
        if isinstance(value, datetime.datetime):
            value = timestamp(value)
        elif value is not None and not isinstance(value, int | float):
            value = str(value)
        data[attname] = value
    data["languages"] = member.languages.split()
    data["interests"] = sorted(i.slug for i in member.interests.all())
    data["associations"] = sorted(a.name for a in member.associations.all())
    data["consents"] = sorted(p.slug for p in member.consented_purposes.all())
    data["created_at"] = timestamp(member.created_at)
    return data


def stored_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A merge snapshot as stored, its times rewritten as `timestamp` writes them (snapshots
    stored before that wrote some as "2024-03-05 08:30:00.123456+00:00")."""
    fixed = dict(snapshot)
    for key in SNAPSHOT_TIMES:
        if isinstance(fixed.get(key), str):
            try:
                fixed[key] = timestamp(datetime.datetime.fromisoformat(fixed[key]))
            except ValueError:
                pass
    return fixed


def member_export(member: Member) -> dict[str, Any]:
    """Everything the registry holds about a member, for their own download (JSON-ready).

    Codes stay codes (the readable page names them); `format` says how to read them.
    """
    data: dict[str, Any] = {
        "format": {
            "times": str(
                _("ISO 8601 date and time with the offset from UTC, e.g. %(example)s")
                % {"example": "2024-03-05T15:30:00+07:00"}
            ),
            "codes": str(
                _(
                    "Countries as ISO 3166-1 codes, languages as language codes (BCP 47), phone "
                    "numbers in E.164 format; purposes, interests, sectors, channels and sources "
                    "as the registry's identifiers, named in words on the readable page."
                )
            ),
        }
    }
    data.update(member_snapshot(member))
    data.update(
        {
            "hometown": member.hometown_label,
            "sector": member.sector.slug if member.sector else None,
            "preferred_language": member.preferred_language,
            "source": member.source,
            "updated_at": timestamp(member.updated_at),
            "account_email": member.user.email if member.user else None,
            "consent_history": [
                {
                    "purpose": consent.purpose.slug,
                    "granted": consent.granted,
                    "text_version": consent.text.version,
                    "text": consent.text.text,
                    "channel": consent.channel,
                    "at": timestamp(consent.recorded_at),
                }
                for consent in member.consents.select_related("purpose", "text")
            ],
            "merged_records": [
                {
                    "id": merge.merged_member_id,
                    "merged_at": timestamp(merge.merged_at),
                    "record": stored_snapshot(merge.snapshot),
                }
                for merge in member.merges.all()
            ],
        }
    )
    return data


def merge_members(keep: Member, other: Member, *, actor: User) -> Member:
    """Fold `other` into `keep`: blanks of `keep` filled from `other`, lists united, history kept.

    `other`'s consent decisions move to `keep` (they remain the member's own decisions); a snapshot
    of `other` is stored with the merge; `other` is then deleted. One audit entry.
    """
    if keep.pk == other.pk:
        raise ValueError("A record cannot be merged into itself")
    with transaction.atomic():
        snapshot = member_snapshot(other)
        for attname in MERGE_ATTNAMES:
            if getattr(keep, attname) in (None, "") and getattr(other, attname) not in (None, ""):
                setattr(keep, attname, getattr(other, attname))
        if keep.user_id is None and other.user_id is not None:
            keep.user_id, other.user_id = other.user_id, None
            other.save(update_fields=["user"])
        keep.interests.add(*other.interests.all())
        keep.associations.add(*other.associations.all())
        keep.consented_purposes.add(*other.consented_purposes.all())
        Consent.objects.filter(member=other).update(member=keep)
        MergeRecord.objects.filter(member=other).update(member=keep)
        MergeRecord.objects.create(
            member=keep, merged_member_id=other.pk, snapshot=snapshot, merged_by=actor
        )
        keep.version += 1
        keep.save()
        other_id = other.pk
        other.delete()
        audit(actor, AuditEntry.Action.MERGE, keep.pk, merged=other_id)
    return keep


def erase_member(member: Member, *, actor: User | None, by_member: bool) -> None:
    """Delete the record and everything personal hanging off it; keep a non-personal audit entry.

    When the member asks, their login goes too. Consent decisions and merge snapshots are
    removed with the record (they are personal data); the audit entry keeps only the number.
    """
    with transaction.atomic():
        member_id = member.pk
        user = member.user
        member.delete()
        if by_member:
            audit(None, AuditEntry.Action.ERASE, member_id)
            if user is not None:
                user.delete()
        else:
            audit(actor, AuditEntry.Action.DELETE, member_id)
