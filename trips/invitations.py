"""Invitations to meet a delegation, and the answers to them.

The text is the trip's, per language (`InvitationText`): each language starts from the site's
own wording, translated in the catalogues, and staff edit any of them; a language left empty
falls back to Vietnamese. There is no translation engine here (no network): a Vietnamese text
staff rewrite is theirs to carry into the other languages, which the screen says.

Invitations go only to people who agreed to be contacted by staff, each in their preferred
language (Vietnamese when the trip has no text in it), through the outgoing-mail queue. Each
carries a personal link, `/<language>/trips/reply/<token>/`: the token is signed (Django's
signing, keyed by SECRET_KEY) and holds the line and a nonce the line keeps, so it opens one
person's answer and no other, and stops at once when the line is invited anew; it stops when
the trip's answers are due (the trip's date as it is when the link is opened, so moving that
date moves every link's end). It works without logging in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from registry.gazetteer import distance_km
from registry.invitations import absolute, email_language, rendered_email
from registry.models import AuditEntry, ConsentPurpose, Member
from registry.services import audit
from trips.models import InvitationText, Leg, LineEvent, Shortlisted, Trip

SALT = "trips.reply"
Status = Shortlisted.Status
Problem = str  # "tampered", "expired", "replaced", "removed"


def default_text(trip: Trip, language: str) -> tuple[str, str]:
    """The site's wording of an invitation, in `language`."""
    with translation.override(language):
        subject = _("Invitation: %(trip)s") % {"trip": trip.title}
        body = _(
            "Dear {name},\n\n"
            "A delegation of the province will visit the place where you live. We would be "
            "honoured to meet you there, and to hear how the province can work with its people "
            "abroad.\n\n"
            "The dates and places are below. Please let us know whether you can come, with the "
            "link at the end of this message."
        )
    return subject, body


def texts(trip: Trip) -> dict[str, InvitationText]:
    """The trip's text in every site language, made from the site's wording where missing."""
    found = {text.language: text for text in trip.texts.all()}
    for code, _name in settings.LANGUAGES:
        if code not in found:
            subject, body = default_text(trip, code)
            found[code] = InvitationText.objects.create(
                trip=trip, language=code, subject=subject, body=body
            )
    return found


def language_for(line: Shortlisted, available: dict[str, InvitationText]) -> str:
    """The member's language if the trip has its text, else Vietnamese."""
    wanted = email_language(member_of(line))
    text = available.get(wanted)
    return wanted if text is not None and text.body.strip() else "vi"


def token_for(line: Shortlisted) -> str:
    return signing.dumps([line.pk, line.nonce], salt=SALT)


def reply_link(line: Shortlisted, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("trips:reply", args=[token_for(line)]))


@dataclass
class Opened:
    line: Shortlisted | None
    problem: Problem = ""


def open_token(token: str) -> Opened:
    """The line a link opens, or why it does not: a tampered token opens nothing; an expired
    or replaced one names its line (so the page speaks the person's language), not its
    answer."""
    try:
        pk, nonce = signing.loads(token, salt=SALT)
        line = Shortlisted.objects.select_related("trip", "member").filter(pk=int(pk)).first()
    except (signing.BadSignature, ValueError, TypeError):
        return Opened(None, "tampered")
    if line is None or line.member_id is None:
        return Opened(None, "removed")
    if not line.nonce or line.nonce != nonce:
        return Opened(line, "replaced")
    # The trip's date decides, as it is now: moving "answers wanted by" moves every link's end.
    if timezone.now() > line.trip.links_expire_at(line.invited_at):
        return Opened(line, "expired")
    return Opened(line)


@dataclass
class Sent:
    sent: list[Shortlisted] = field(default_factory=list)
    no_consent: list[Shortlisted] = field(default_factory=list)
    no_email: list[Shortlisted] = field(default_factory=list)


def member_of(line: Shortlisted) -> Member:
    """The line's member (a line without one, removed at their request, is never contacted)."""
    if line.member is None:
        raise ValueError("the person was removed from the list at their request")
    return line.member


def address(line: Shortlisted) -> str:
    return member_of(line).mail_address


def may_be_contacted(line: Shortlisted) -> bool:
    return line.member is not None and line.member.has_consented(ConsentPurpose.STAFF_CONTACT)


def send_invitations(trip: Trip, lines: list[Shortlisted], *, actor: User) -> Sent:
    """Invite the approved people chosen who agreed to staff contact and have an address."""
    result = Sent()
    available = texts(trip)
    expires_at = trip.links_expire_at()
    with transaction.atomic():
        for line in lines:
            if line.member is None or line.status != Status.APPROVED:
                continue
            if not may_be_contacted(line):
                result.no_consent.append(line)
                continue
            if not address(line):
                result.no_email.append(line)
                continue
            line.new_nonce()
            line.language = language_for(line, available)
            line.invited_at = timezone.now()
            line.status = Status.INVITED
            line.save(update_fields=["nonce", "language", "invited_at", "status"])
            message(line, available[line.language], "invitation", expires_at).send()
            LineEvent.objects.create(
                line=line, actor=actor, action=LineEvent.Action.INVITED, detail=line.language
            )
            result.sent.append(line)
        if result.sent:
            audit(
                actor,
                AuditEntry.Action.TRIP_INVITE,
                subjects=[line.member_id for line in result.sent if line.member_id],
                trip=trip.pk,
                sent=len(result.sent),
            )
    return result


def send_reminders(trip: Trip, *, actor: User) -> list[Shortlisted]:
    """Remind those invited who have not answered (and still agree to staff contact), with the
    same link; at most once a day each."""
    available = texts(trip)
    expires_at = trip.links_expire_at()
    since = timezone.now() - datetime.timedelta(hours=20)
    waiting = (
        trip.people.filter(status=Status.INVITED, replied_at=None)
        .exclude(member=None)
        .exclude(reminded_at__gt=since)
        .select_related("member__user")
        .prefetch_related("member__consented_purposes")
    )
    reminded = []
    with transaction.atomic():
        for line in waiting:
            if not may_be_contacted(line) or not address(line):
                continue
            text = available.get(line.language) or available["vi"]
            message(line, text, "reminder", expires_at).send()
            line.reminded_at = timezone.now()
            line.save(update_fields=["reminded_at"])
            LineEvent.objects.create(
                line=line, actor=actor, action=LineEvent.Action.REMINDED, detail=line.language
            )
            reminded.append(line)
        if reminded:
            audit(
                actor,
                AuditEntry.Action.TRIP_INVITE,
                subjects=[line.member_id for line in reminded if line.member_id],
                trip=trip.pk,
                reminded=len(reminded),
            )
    return reminded


def message(line: Shortlisted, text: InvitationText, template: str, expires_at: Any) -> Any:
    """The invitation (or its reminder) in the line's language, with the trip's places and
    dates and the personal link."""
    member = member_of(line)
    trip = line.trip

    def context() -> dict[str, Any]:
        return {
            "subject": text.subject,
            "trip": trip.title,
            "body": text.body.replace("{name}", member.full_name),
            "legs": [
                {
                    "place": f"{leg.city_name}, {leg.country.name}",
                    "dates": date_range(leg.starts_on, leg.ends_on),
                }
                for leg in nearest_first(list(trip.legs.all()), member)
            ],
            "link": reply_link(line, line.language),
            "expires_on": date_format(timezone.localtime(expires_at), "DATE_FORMAT"),
            "province": settings.PROVINCE_NAME,
        }

    return rendered_email(f"trips/email/{template}", line.language, address(line), context)


def nearest_first(legs: list[Leg], member: Member) -> list[Leg]:
    """The trip's destinations, the one the member lives nearest first (by distance, else the
    one in their country); the rest in the order of the journey."""

    def distance(leg: Leg) -> float:
        if None not in (leg.latitude, leg.longitude, member.latitude, member.longitude):
            return distance_km(leg.latitude, leg.longitude, member.latitude, member.longitude)  # type: ignore[arg-type]
        return 0.0 if leg.country.code == member.country.code else float("inf")

    if not legs:
        return []
    nearest = min(legs, key=distance)
    return [nearest, *(leg for leg in legs if leg.pk != nearest.pk)]


def date_range(first: Any, last: Any) -> str:
    if first == last:
        return date_format(first, "DATE_FORMAT")
    return f"{date_format(first, 'DATE_FORMAT')} – {date_format(last, 'DATE_FORMAT')}"


def answer(line: Shortlisted, *, accept: bool, guests: int, message_text: str) -> None:
    """The person's answer through their link (they may change it until the link expires)."""
    status = Status.ACCEPTED if accept else Status.DECLINED
    guests = guests if accept else 0
    unchanged = (line.status, line.guests, line.reply_message) == (status, guests, message_text)
    if unchanged and line.answered:
        return  # the same answer sent again (Back, then Send)
    with transaction.atomic():
        line.status = status
        line.guests = guests
        line.reply_message = message_text
        line.replied_at = timezone.now()
        line.save(update_fields=["status", "guests", "reply_message", "replied_at"])
        detail = str(Status(line.status).label)
        if accept and guests:
            detail = f"{detail} (+{guests})"
        LineEvent.objects.create(line=line, action=LineEvent.Action.REPLIED, detail=detail)
