"""Registry workflows that touch several models: consents, locked saves, verification, merges,
erasure and the audit log. Views parse and render; the rules live here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.sessions import delete_login
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
    staff carry when and how the person gave them (`given_on`, `note`, `evidence`). A grant of
    staff contact that stands already is recorded again when given for other details (`covers`).
    """
    texts = current_texts()
    current = set(member.consented_purposes.values_list("slug", flat=True))
    recorded = []
    with transaction.atomic():
        for slug, granted in decisions.items():
            contact = slug == ConsentPurpose.STAFF_CONTACT
            covered = dict(covers if covers is not None else member.contact_values())
            new_cover = contact and granted and covers is not None
            unchanged = granted == (slug in current) and not (
                new_cover and covered != member.contacts_covered
            )
            if unchanged or slug not in texts:
                continue
            text = texts[slug]
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


class NothingToRecord(Exception):
    """Every decision given already stands as recorded (another tab recorded it meanwhile)."""

    message = _("The record already shows these decisions: nothing was recorded.")


def record_staff_consents(
    member: Member,
    decisions: Mapping[str, bool],
    *,
    channel: str,
    actor: User,
    given_on: datetime.date,
    expected_version: int,
    note: str = "",
    evidence: File | None = None,
    evidence_extension: str = "",
    contacts: Mapping[str, Any] | None = None,
) -> list[Consent]:
    """Decisions a person gave on paper or by phone, entered by an officer: when (`given_on`),
    how (`note`, a scan in `evidence`), who entered them (`actor`); one audit entry.

    With a grant of staff contact, `contacts` are the details the person gave with it. They are
    written to the record (the person's own word; a change of the record since the officer
    opened it is an `EditConflict`) and the grant covers them, with what a grant already standing
    still covers. The scan is stored once, in private storage, under a name that says nothing
    about the person, and removed again if nothing is recorded.
    """
    given = {name: value for name, value in (contacts or {}).items() if value}
    field = Consent._meta.get_field("evidence")
    stored = ""
    if evidence is not None:
        name = field.generate_filename(None, f"{uuid.uuid4().hex}{evidence_extension}")
        stored = field.storage.save(name, evidence)
    try:
        with transaction.atomic():
            changed = [n for n, v in given.items() if str(v) != str(getattr(member, n) or "")]
            if changed:
                for name in changed:
                    setattr(member, name, given[name])
                save_member(
                    member,
                    expected_version=expected_version,
                    actor=actor,
                    changed=changed,
                    staff=True,
                    only=changed,
                )
            covers = None
            if given:
                values = member.contact_values()
                standing = (
                    member.contacts_covered
                    if member.has_consented(ConsentPurpose.STAFF_CONTACT)
                    else {}
                )
                covers = {n: v for n, v in standing.items() if values.get(n) == v}
                covers.update({n: values[n] for n in given if n in values})
            recorded = record_consents(
                member,
                decisions,
                channel=channel,
                actor=actor,
                covers=covers,
                given_on=given_on,
                note=note,
                evidence=stored,
            )
            if not recorded:
                raise NothingToRecord
            audit(
                actor,
                AuditEntry.Action.CONSENT,
                member.pk,
                decisions={c.purpose.slug: c.granted for c in recorded},
                channel=channel,
                given_on=given_on.isoformat(),
                scan=bool(stored),
                covers=sorted(covers or ()),
            )
    except BaseException:
        if stored:
            field.storage.delete(stored)
        raise
    return recorded


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
                    "given_on": consent.given_on.isoformat() if consent.given_on else None,
                    "entered_by_staff": consent.recorded_by_id is not None,
                    "note": consent.note,
                    "scan_kept": bool(consent.evidence),
                    "covers": sorted(consent.covers),
                }
                for consent in member.consents.select_related("purpose", "text")
            ],
            "merged_records": [
                {
                    "id": merge.merged_member_id,
                    "merged_at": timestamp(merge.merged_at),
                    "record": stored_snapshot(merge.snapshot),
                    # This record as it was before the merge, and where each value came from.
                    "this_record_before": stored_snapshot(merge.kept_before),
                    "choices": merge.choices,
                }
                for merge in member.merges.all()
            ],
        }
    )
    return data


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
    from registry import merging

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


def erase_member(member: Member, *, actor: User | None, by_member: bool) -> None:
    """Delete the record and everything personal hanging off it; keep a non-personal audit entry.

    The login goes too, whoever deletes the record (the member, or an officer at their request),
    and every session it is signed in with ends; a staff account is never deleted this way.
    Consent decisions and merge snapshots are removed with the record (they are personal data);
    the audit entry keeps only the number.
    """
    with transaction.atomic():
        member_id = member.pk
        user = member.user
        member.delete()
        if by_member:
            audit(None, AuditEntry.Action.ERASE, member_id)
        else:
            audit(actor, AuditEntry.Action.DELETE, member_id)
        if user is not None:
            delete_login(user)
