"""Every change of an engagement: made, withdrawn, moved up from the waiting list, followed up
by staff. Views parse and render; the state changes here, each in one transaction with the
emails it sends (stored by the outgoing-mail queue, sent by the worker: a mail server that is
down delays them, and loses or doubles none).

An event's places are counted under a lock on its pages (every language's), so that two people
taking the last place at the same moment cannot both have it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import User
from cms.models import CharityProgrammePage, EventPage
from engagement import emails
from engagement.models import Engagement
from registry.models import AuditEntry, ConsentPurpose, Member
from registry.services import audit

Kind, Status = Engagement.Kind, Engagement.Status


class Refused(Exception):
    """Why an engagement cannot be made or changed: a sentence for the person, translated."""


@dataclass(frozen=True)
class Places:
    """An event's places: its capacity (None: no limit), those taken, and who waits."""

    capacity: int | None
    taken: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)


def consented(member: Member) -> bool:
    """Whether the member agreed to be contacted about what they take part in."""
    return member.consented_purposes.filter(slug=ConsentPurpose.PROGRAMMES).exists()


def places(event: Any) -> Places:
    registrations = Engagement.objects.of_page(event.translation_key)
    return Places(
        capacity=event.capacity,
        taken=registrations.seats_taken(),
        waiting=registrations.filter(kind=Kind.REGISTRATION, status=Status.WAITING).count(),
    )


def closed_because(page: Any) -> str:
    """Why nobody can take part from `page` now ("" when they can)."""
    if isinstance(page, EventPage) and (page.is_past or not page.registration_open):
        return _("Registration for this event is closed.")
    if isinstance(page, CharityProgrammePage) and not page.is_open:
        return _("This programme is closed.")
    return ""


def open_engagement(member: Member, page: Page, kind: str) -> Engagement | None:
    return (
        Engagement.objects.open()
        .filter(member=member, page_key=page.translation_key, kind=kind)
        .first()
    )


def lock_pages(page: Page) -> None:
    """Lock every language's page of `page` until the transaction ends (in id order)."""
    list(
        Page.objects.select_for_update()
        .filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def new_engagement(member: Member, page: Page, kind: str, **fields: Any) -> Engagement:
    if not consented(member):
        raise Refused(_("Agree to be contacted about what you take part in first."))
    if kind != Kind.PLEDGE and open_engagement(member, page, kind) is not None:
        raise Refused(
            _("You have already registered for this event.")
            if kind == Kind.REGISTRATION
            else _("You have already shown your interest in this project.")
        )
    return Engagement.objects.create(
        member=member,
        kind=kind,
        page=page,
        page_key=page.translation_key,
        title=page.title[:255],
        **fields,
    )


def express_interest(member: Member, project: Any, *, role: str, message: str) -> Engagement:
    """An interest in an investment project; its contact officer is told (no name in the email:
    the staff list has it)."""
    with transaction.atomic():
        lock_pages(project)
        engagement = new_engagement(member, project, Kind.INTEREST, role=role, message=message)
        emails.engagement_email(engagement, "interest_received").send()
        if project.contact_email:
            emails.officer_email(engagement, project.contact_email).send()
    return engagement


def pledge(
    member: Member,
    programme: Any,
    *,
    gift: str,
    amount: Decimal | None,
    description: str,
    anonymous: bool,
    message: str,
) -> Engagement:
    """A pledge: money (in the programme's currency; received when an officer confirms it) or
    in kind or time, described."""
    money = gift == Engagement.Gift.MONEY
    with transaction.atomic():
        engagement = new_engagement(
            member,
            programme,
            Kind.PLEDGE,
            gift=gift,
            amount=amount if money else None,
            currency=programme.currency if money else "",
            description="" if money else description,
            anonymous=anonymous,
            message=message,
        )
        emails.engagement_email(engagement, "pledge_received").send()
    return engagement


def register(
    member: Member, event: Any, *, guests: int, dietary: str, accessibility: str, message: str
) -> Engagement:
    """A registration for an event: confirmed while its places last (the member and guests), on
    the waiting list after, in the order people asked."""
    if not event.registration_open or event.is_past:
        raise Refused(_("Registration for this event is closed."))
    with transaction.atomic():
        lock_pages(event)
        now = places(event)
        fits = now.left is None or (now.waiting == 0 and 1 + guests <= now.left)
        engagement = new_engagement(
            member,
            event,
            Kind.REGISTRATION,
            status=Status.CONFIRMED if fits else Status.WAITING,
            guests=guests,
            dietary=dietary,
            accessibility=accessibility,
            message=message,
        )
        emails.engagement_email(
            engagement, "registration_confirmed" if fits else "registration_waiting"
        ).send()
    return engagement


def withdraw(engagement: Engagement, *, member: Member) -> None:
    """The member withdraws (a registration: cancels, and the waiting list moves up)."""
    done = (Status.WITHDRAWN, Status.RECEIVED, Status.ATTENDED)  # what happened stays
    if engagement.member_id != member.pk or engagement.status in done:
        raise Refused(_("This is no longer open."))
    with transaction.atomic():
        if engagement.page is not None and engagement.kind == Kind.REGISTRATION:
            lock_pages(engagement.page)
        change_status(engagement, Status.WITHDRAWN)
        if engagement.kind == Kind.REGISTRATION:
            emails.engagement_email(engagement, "registration_cancelled").send()
            move_up(engagement)


def move_up(cancelled: Engagement) -> list[Engagement]:
    """Places freed at `cancelled`'s event go to the waiting list, first come first served: the
    first waiting party moves up if it fits, then the next, until one does not (nobody behind
    them jumps the queue). Each is emailed, in their language. Called under the event's lock."""
    event = cancelled.page.specific if cancelled.page is not None else None
    if event is None or getattr(event, "is_past", True):
        return []
    now = places(event)
    left = now.left
    moved: list[Engagement] = []
    waiting = (
        Engagement.objects.of_page(cancelled.page_key)
        .filter(kind=Kind.REGISTRATION, status=Status.WAITING)
        .select_related("member", "member__user")
        .order_by("created_at", "pk")
    )
    for engagement in waiting:
        if left is not None and engagement.seats > left:
            break
        change_status(engagement, Status.CONFIRMED)
        emails.engagement_email(engagement, "registration_moved_up").send()
        moved.append(engagement)
        if left is not None:
            left -= engagement.seats
    return moved


def change_status(engagement: Engagement, status: str) -> None:
    engagement.status = status
    engagement.status_changed_at = timezone.now()
    engagement.save(update_fields=["status", "status_changed_at"])


def follow_up(
    engagements: Iterable[Engagement], status: str, *, actor: User, note: str = ""
) -> int:
    """Staff set the status of some engagements of one page (and add a note); a pledge of money
    marked received is thanked; a registration withdrawn frees its places. One audit entry per
    member, with the status, never the note."""
    changed = 0
    with transaction.atomic():
        for engagement in engagements:
            if engagement.page is not None and engagement.kind == Kind.REGISTRATION:
                lock_pages(engagement.page)
            was = engagement.status
            if note:
                stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
                engagement.staff_note = f"{engagement.staff_note}\n{stamp} {note}".strip()
                engagement.save(update_fields=["staff_note"])
            if was == status:
                continue
            change_status(engagement, status)
            changed += 1
            audit(
                actor,
                AuditEntry.Action.EDIT,
                engagement.member_id,
                engagement=engagement.pk,
                kind=engagement.kind,
                status=status,
            )
            if engagement.kind == Kind.PLEDGE and status == Status.RECEIVED:
                emails.engagement_email(engagement, "pledge_thanks").send()
            if engagement.kind == Kind.REGISTRATION and status == Status.WITHDRAWN:
                if was in (Status.CONFIRMED, Status.ATTENDED):
                    move_up(engagement)
    return changed


def received_total(programme: Any) -> Decimal:
    """Money pledged to `programme` (any of its languages) and confirmed received by an officer,
    in its currency."""
    return (
        Engagement.objects.of_page(programme.translation_key)
        .received_money(programme.currency)
        .amount_total()
    )
