"""What a post-trip report says, gathered from the database (rendering is `trips.documents`):
the trip, its legs and delegation; the people on its list by status, with who came and who did
not; the commitments recorded on their lines (each an engagement with a page); the follow-up
tasks; and the counts. Lines emptied when a person asked to be erased are counted, never named.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from trips.models import Leg, Shortlisted, Trip
from trips.pack import delegation, hometown
from trips.services import commitments

# The order statuses are reported in: how far each person went.
STATUS_ORDER = (
    Shortlisted.Status.ATTENDED,
    Shortlisted.Status.NO_SHOW,
    Shortlisted.Status.ACCEPTED,
    Shortlisted.Status.DECLINED,
    Shortlisted.Status.INVITED,
    Shortlisted.Status.APPROVED,
    Shortlisted.Status.PROPOSED,
)


@dataclass
class Line:
    member_id: int
    name: str
    hometown: str
    place: str
    role: str
    reason: str


@dataclass
class StatusGroup:
    status: str
    label: str
    lines: list[Line]
    removed: int  # lines of people erased at their request
    unnamed: int = 0  # never invited (proposed, approved): counted, not named


# Who the leadership's report names: those who were invited; the rest are counted.
NAMED = frozenset(
    {
        Shortlisted.Status.INVITED,
        Shortlisted.Status.ACCEPTED,
        Shortlisted.Status.DECLINED,
        Shortlisted.Status.ATTENDED,
        Shortlisted.Status.NO_SHOW,
    }
)


@dataclass
class Commitment:
    name: str
    at: datetime.datetime
    kind: str
    title: str
    amount: Decimal | None
    currency: str
    role: str
    status: str


@dataclass
class Task:
    text: str
    owner: str
    due_on: datetime.date
    done: bool
    done_at: datetime.datetime | None
    person: str
    late: bool


@dataclass
class Report:
    trip: Trip
    legs: list[Leg]
    delegation: list[dict[str, str]]
    groups: list[StatusGroup]
    commitments: list[Commitment]
    tasks: list[Task]
    counts: list[tuple[str, int]]
    made_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def subjects(self) -> list[int]:
        """The records the report names."""
        return sorted({line.member_id for group in self.groups for line in group.lines})


def removed_label() -> str:
    return _("Person removed at their request")


def groups_of(trip: Trip) -> list[StatusGroup]:
    lines = (
        trip.people.select_related("member", "member__hometown_ward", "member__hometown_legacy")
        .order_by("member__search_name", "pk")
        .all()
    )
    by_status: dict[str, list[Line]] = {status: [] for status in STATUS_ORDER}
    removed: Counter[str] = Counter()
    unnamed: Counter[str] = Counter()
    for line in lines:
        member = line.member
        if member is None:
            removed[line.status] += 1
            continue
        if line.status not in NAMED:
            unnamed[line.status] += 1
            continue
        place = ", ".join(p for p in (member.city_name, member.country.name or "") if p)
        by_status.setdefault(line.status, []).append(
            Line(
                member_id=member.pk,
                name=member.full_name,
                hometown=hometown(member),
                place=place,
                role=line.get_role_display(),
                reason=line.reason,
            )
        )
    labels = dict(Shortlisted.Status.choices)
    return [
        StatusGroup(
            status, str(labels.get(status, status)), found, removed[status], unnamed[status]
        )
        for status, found in by_status.items()
        if found or removed[status] or unnamed[status]
    ]


def commitments_of(trip: Trip) -> list[Commitment]:
    found = []
    for event in commitments(trip):  # each engagement record once
        engagement = event.engagement
        member = event.line.member
        name = member.full_name if member else removed_label()
        if engagement is None:
            found.append(Commitment(name, event.at, "", event.detail, None, "", "", ""))
            continue
        page = engagement.page
        found.append(
            Commitment(
                name=name,
                at=event.at,
                kind=engagement.get_kind_display(),
                title=page.title if page else engagement.title,
                amount=engagement.amount,
                currency=engagement.currency,
                role=engagement.get_role_display() if engagement.role else "",
                status=engagement.get_status_display(),
            )
        )
    return found


def tasks_of(trip: Trip) -> list[Task]:
    today = timezone.localdate()
    found = []
    for task in trip.tasks.select_related("owner", "line__member").order_by(
        "done_at", "due_on", "pk"
    ):
        member = task.line.member if task.line else None
        person = member.full_name if member else (removed_label() if task.line else "")
        found.append(
            Task(
                text=task.text,
                owner=str(task.owner) if task.owner else "",
                due_on=task.due_on,
                done=task.done_at is not None,
                done_at=task.done_at,
                person=person,
                late=task.done_at is None and task.due_on < today,
            )
        )
    return found


def counts_of(
    groups: list[StatusGroup], commitments: list[Commitment], tasks: list[Task]
) -> list[tuple[str, int]]:
    by_status = {group.status: len(group.lines) + group.removed + group.unnamed for group in groups}
    attended = by_status.get(Shortlisted.Status.ATTENDED, 0)
    no_show = by_status.get(Shortlisted.Status.NO_SHOW, 0)
    return [
        (_("People on the list"), sum(by_status.values())),
        (
            _("Accepted the invitation"),
            attended + no_show + by_status.get(Shortlisted.Status.ACCEPTED, 0),
        ),
        (_("Attended"), attended),
        (_("Did not come"), no_show),
        (_("Declined"), by_status.get(Shortlisted.Status.DECLINED, 0)),
        (_("Commitments recorded"), len(commitments)),
        (_("Follow-up tasks"), len(tasks)),
        (_("Follow-up tasks done"), sum(task.done for task in tasks)),
        (_("Follow-up tasks overdue"), sum(task.late for task in tasks)),
    ]


def gather(trip: Trip) -> Report:
    groups = groups_of(trip)
    commitments = commitments_of(trip)
    tasks = tasks_of(trip)
    return Report(
        trip=trip,
        legs=list(trip.legs.order_by("starts_on", "pk")),
        delegation=delegation(trip),
        groups=groups,
        commitments=commitments,
        tasks=tasks,
        counts=counts_of(groups, commitments, tasks),
    )
