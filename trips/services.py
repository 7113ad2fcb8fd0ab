"""Every change to a trip's list: people added from searches, statuses and roles changed, a
commitment recorded, a task; each written to the person's line (`LineEvent`) and to the
registry's audit trail. Invitations and answers are in `trips.invitations`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import User
from engagement.models import Engagement
from registry.models import AuditEntry, Member
from registry.services import audit
from trips.models import FollowUp, LineEvent, Shortlisted, Trip

# How many people one addition may put on a list: more is a search to narrow first.
ADD_AT_MOST = 500
Status = Shortlisted.Status


@dataclass
class Added:
    added: int
    already: int


def add_people(
    trip: Trip,
    member_ids: Iterable[int],
    *,
    actor: User,
    reason: str,
    source: str,
    **audit_detail: Any,
) -> Added:
    """Put the members (still in the registry) on `trip`'s list as proposed, each once."""
    wanted = list(dict.fromkeys(member_ids))
    found = set(Member.objects.in_registry().filter(pk__in=wanted).values_list("pk", flat=True))
    listed = set(
        Shortlisted.objects.filter(trip=trip, member_id__in=found).values_list(
            "member_id", flat=True
        )
    )
    new = [pk for pk in wanted if pk in found and pk not in listed]
    now = timezone.now()
    with transaction.atomic():
        lines = Shortlisted.objects.bulk_create(
            [
                Shortlisted(
                    trip=trip, member_id=pk, reason=reason[:300], added_by=actor, added_at=now
                )
                for pk in new
            ]
        )
        # SQLite gives no ids back from bulk_create before 3.35; read them again.
        ids = dict(
            Shortlisted.objects.filter(trip=trip, member_id__in=new).values_list("member_id", "pk")
        )
        LineEvent.objects.bulk_create(
            [
                LineEvent(line_id=ids[pk], at=now, actor=actor, action=LineEvent.Action.ADDED)
                for pk in new
            ]
        )
        if lines:
            audit(
                actor,
                AuditEntry.Action.SHORTLIST,
                subjects=new,
                trip=trip.pk,
                source=source,
                added=len(new),
                **audit_detail,
            )
    return Added(added=len(new), already=len(listed))


def change_people(
    lines: list[Shortlisted],
    *,
    actor: User,
    status: str = "",
    role: str = "",
    note: str = "",
) -> int:
    """Set the status and/or role of the lines chosen and add a note to each; how many changed."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for line in lines:
            if line.member_id is None:
                continue  # removed at their request: nothing more happens to the line
            words = []
            if status and line.status != status:
                words.append(f"{line.get_status_display()} → {Status(status).label}")
                line.status = status
            if role and line.role != role:
                words.append(f"{line.get_role_display()} → {Shortlisted.Role(role).label}")
                line.role = role
            if note:
                stamp = timezone.localtime(now).strftime("%Y-%m-%d")
                line.notes = (
                    f"{line.notes}\n{stamp} {actor.get_full_name() or actor.email}: {note}".strip()
                )
                words.append(_("note added"))
            if not words:
                continue
            line.save(update_fields=["status", "role", "notes"])
            LineEvent.objects.create(
                line=line,
                at=now,
                actor=actor,
                action=LineEvent.Action.CHANGED,
                detail="; ".join(words)[:300],
            )
            changed += 1
        if changed:
            audit(
                actor,
                AuditEntry.Action.EDIT,
                subjects=[line.member_id for line in lines if line.member_id],
                page="trip",
                trip=lines[0].trip_id,
                status=status,
                role=role,
                note=bool(note),
            )
    return changed


def record_commitment(
    line: Shortlisted,
    page: Page,
    *,
    actor: User,
    kind: str,
    role: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Engagement:
    """What a person committed to on the trip, as the engagement record it is: an interest in
    a project (or a partnership) or a pledge to a programme, confirmed by the officer."""
    member = line.member
    if member is None:
        raise ValueError("the person was removed from the list at their request")
    trip_note = _("Committed during the trip “%(trip)s”.") % {"trip": line.trip.title}
    with transaction.atomic():
        existing = None
        if kind != Engagement.Kind.PLEDGE:
            existing = (
                Engagement.objects.open()
                .filter(member=member, page_key=page.translation_key, kind=kind)
                .first()
            )
        if existing is not None:
            engagement = existing
            engagement.staff_note = f"{engagement.staff_note}\n{trip_note} {note}".strip()
            engagement.role = role or engagement.role
            engagement.status = Engagement.Status.CONFIRMED
            engagement.status_changed_at = timezone.now()
            engagement.save()
        else:
            engagement = Engagement.objects.create(
                member=member,
                kind=kind,
                page=page,
                page_key=page.translation_key,
                title=page.title,
                status=Engagement.Status.CONFIRMED,
                role=role,
                gift=Engagement.Gift.MONEY
                if amount
                else ("" if kind != Engagement.Kind.PLEDGE else Engagement.Gift.IN_KIND),
                amount=amount,
                currency=currency if amount else "",
                description=note if kind == Engagement.Kind.PLEDGE else "",
                staff_note=f"{trip_note} {note}".strip(),
            )
        what = f"{engagement.get_kind_display()}: {page.title}"
        if engagement.amount:
            what += f" · {engagement.amount:,.0f} {engagement.currency}".replace(",", ".")
        if existing is not None:
            what = _("updated") + f": {what}"
        LineEvent.objects.create(
            line=line,
            actor=actor,
            action=LineEvent.Action.COMMITMENT,
            detail=what[:300],
            engagement=engagement,
        )
        audit(
            actor,
            AuditEntry.Action.EDIT,
            member.pk,
            page="trip-commitment",
            trip=line.trip_id,
            kind=kind,
        )
    return engagement


def add_task(
    trip: Trip, text: str, *, due_on: datetime.date, owner: User | None, line: Shortlisted | None
) -> FollowUp:
    return FollowUp.objects.create(trip=trip, text=text, due_on=due_on, owner=owner, line=line)


def commitments(trip: Trip) -> list[LineEvent]:
    """The commitments recorded on the trip's lines, each engagement record once (its latest
    entry: a commitment recorded again updates the same record)."""
    events = (
        LineEvent.objects.filter(line__trip=trip, action=LineEvent.Action.COMMITMENT)
        .select_related("engagement__page", "line__member", "actor")
        .order_by("at", "pk")
    )
    latest: dict[object, LineEvent] = {}
    for event in events:
        latest[event.engagement_id or f"event-{event.pk}"] = event
    return sorted(latest.values(), key=lambda event: (event.at, event.pk))


def registered_for_event(engagement: Engagement) -> list[Shortlisted]:
    """A registration for an event a trip links to: the person goes on each such trip's list
    as having accepted (or their line moves to accepted). The lines touched."""
    if engagement.kind != Engagement.Kind.REGISTRATION or engagement.status not in (
        Engagement.Status.CONFIRMED,
        Engagement.Status.ATTENDED,
    ):
        return []
    trips = Trip.objects.filter(pages__translation_key=engagement.page_key).exclude(
        state=Trip.State.DONE
    )
    touched = []
    reason = _("Registered for “%(event)s”") % {"event": engagement.title}
    for trip in trips.distinct():
        line, created = Shortlisted.objects.get_or_create(
            trip=trip,
            member=engagement.member,
            defaults={
                "status": Status.ACCEPTED,
                "reason": reason[:300],
                "replied_at": timezone.now(),
            },
        )
        if created:
            LineEvent.objects.create(line=line, action=LineEvent.Action.ADDED, detail=reason[:300])
        elif line.status in (Status.PROPOSED, Status.APPROVED, Status.INVITED):
            line.status = Status.ACCEPTED
            line.guests = engagement.guests
            line.replied_at = timezone.now()
            line.save(update_fields=["status", "guests", "replied_at"])
            LineEvent.objects.create(
                line=line, action=LineEvent.Action.REPLIED, detail=reason[:300]
            )
        else:
            continue
        touched.append(line)
    return touched


def counts(trip: Trip) -> dict[str, int]:
    """People on the list per status (every status, zeros included)."""
    found: dict[str, int] = {status.value: 0 for status in Status}
    for status in trip.people.exclude(member=None).values_list("status", flat=True):
        found[status] += 1
    return found


def lines_of(trip: Trip, ids: Iterable[Any]) -> list[Shortlisted]:
    wanted = {int(pk) for pk in ids if str(pk).isdigit()}
    return list(trip.people.filter(pk__in=wanted).select_related("member", "trip"))
