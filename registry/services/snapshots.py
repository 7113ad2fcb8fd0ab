"""A record as JSON: the copy a merge keeps, and everything the registry holds about a member,
for their own download."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import Engagement
from registry.member_fields import FIELDS
from registry.models import Member
from trips.models import Shortlisted

# The columns (`sector_id`…) a snapshot copies as raw values: every field of the record
# (`member_fields`) and the two dates a merge sets without a choice. The name comes first, on
# its own; the language for messages is the download's and the merge's own addition.
SNAPSHOT_COLUMNS = {column for member_field in FIELDS for column in member_field.columns} - {
    "full_name",
    "preferred_language",
} | {"last_confirmed_at", "profile_completed_at"}
MERGE_ATTNAMES = [f.attname for f in Member._meta.concrete_fields if f.attname in SNAPSHOT_COLUMNS]


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
    data["languages"] = member.language_codes()
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
            "engagements": [
                {
                    "kind": engagement.kind,
                    "page": engagement.title,
                    "status": engagement.status,
                    "made_at": timestamp(engagement.created_at),
                    "message": engagement.message,
                    "role": engagement.role or None,
                    "gift": engagement.gift or None,
                    "amount": str(engagement.amount) if engagement.amount is not None else None,
                    "currency": engagement.currency or None,
                    "description": engagement.description or None,
                    "anonymous_to_the_public": engagement.anonymous,
                    "guests": engagement.guests,
                    "dietary_needs": engagement.dietary,
                    "accessibility_needs": engagement.accessibility,
                    "staff_note": engagement.staff_note,
                }
                for engagement in Engagement.objects.filter(member=member).order_by(
                    "created_at", "pk"
                )
            ],
            "leadership_trips": [
                {
                    "trip": line.trip.title,
                    "role": line.role,
                    "status": line.status,
                    "why_chosen": line.reason,
                    "staff_notes": line.notes,
                    "invited_at": timestamp(line.invited_at) if line.invited_at else None,
                    "answered_at": timestamp(line.replied_at) if line.replied_at else None,
                    "guests": line.guests,
                    "message": line.reply_message,
                }
                for line in Shortlisted.objects.filter(member=member).select_related("trip")
            ],
        }
    )
    return data
