"""Inviting a person whom staff entered (from an association's list, on paper) to claim their
record: an email with a personal link; the person logs in or signs up with that same address,
verified, and only then does the record become theirs, to check, correct and consent for.

The link carries a random token; the registry keeps only its digest (`RecordInvitation`), so
neither a copy of the database nor the audit log can rebuild it. A link works once, for
`VALID_FOR`; sending another replaces it. The email names nobody: an address typed wrong on a
list must not tell a stranger who is in the registry.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from registry.models import AuditEntry, Member, RecordInvitation
from registry.services import audit
from registry.services.snapshots import timestamp
from registry.signals import members_changed

VALID_FOR = datetime.timedelta(days=30)


def end_of_day(moment: datetime.datetime) -> datetime.datetime:
    """The last second of `moment`'s day where the Department is: the email says "until" a date,
    and a person reads that as the whole day."""
    local = timezone.localtime(moment)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


# A second click, or a colleague's send in the same minutes, does not replace the link just sent.
RESEND_AFTER = datetime.timedelta(minutes=2)


class InvitationRefused(Exception):
    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_language(member: Member) -> str:
    """The member's language for messages, if the site offers it, else the site's own."""
    offered = {code for code, _name in settings.LANGUAGES}
    return member.preferred_language if member.preferred_language in offered else "vi"


def send_invitation(member: Member, *, actor: User) -> RecordInvitation:
    """Email `member` a new link to claim their record (the earlier one stops working).

    Only a record with an email address and no login yet can be invited. The email is written
    in the member's language, its link under that language's prefix; if it cannot be sent,
    nothing is stored. One audit entry, without the address.
    """
    if member.user_id is not None:
        raise InvitationRefused(
            _("This person already has a login: they can check their record themselves.")
        )
    if not member.email:
        raise InvitationRefused(
            _("This record has no email address: add one with Edit before sending an invitation.")
        )
    # A family's shared address: whoever reads the mailbox first would see and claim this
    # record, and the other person could never claim theirs with it.
    if (
        Member.objects.in_registry()
        .filter(email__iexact=member.email)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise InvitationRefused(
            _(
                "Another record in the registry has the same email address (a family's shared "
                "address?): an invitation would let whoever reads that mailbox claim this record. "
                "Ask the person for an address of their own, or record their consent by phone."
            )
        )
    now = timezone.now()
    with transaction.atomic():
        pending = RecordInvitation.objects.filter(member=member, claimed_at=None)
        latest = pending.order_by("-sent_at").first()
        if latest is not None and now - latest.sent_at < RESEND_AFTER:
            raise InvitationRefused(
                _("An invitation was sent a moment ago. Wait a few minutes before sending another.")
            )
        pending.delete()
        token = secrets.token_urlsafe(32)
        invitation = RecordInvitation.objects.create(
            member=member,
            token_digest=digest(token),
            sent_at=now,
            sent_by=actor,
            expires_at=end_of_day(now + VALID_FOR),
        )
        audit(
            actor,
            AuditEntry.Action.INVITE,
            member.pk,
            expires=timestamp(invitation.expires_at),
            language=email_language(member),
        )
        invitation_email(member, token, invitation.expires_at).send()
    return invitation


def invitation_email(member: Member, token: str, expires_at: datetime.datetime) -> EmailMessage:
    return member_email(
        member,
        "invitation",
        member.email,
        lambda: {
            "province": settings.PROVINCE_NAME,
            "link": absolute(reverse("registry:claim", args=[token])),
            "expires_on": date_format(timezone.localtime(expires_at), "DATE_FORMAT"),
        },
    )


def member_email(
    member: Member,
    template: str,
    to: str,
    context: Callable[[], dict[str, Any]],
    *,
    folder: str = "registry/email",
) -> EmailMessage:
    """`<folder>/<template>_subject.txt` and `_message.txt`, in the member's language, to `to`.
    The context is built in that language too: its links take the language's prefix."""
    language = email_language(member)
    return rendered_email(
        f"{folder}/{template}",
        language,
        to,
        lambda: {"home": absolute(f"/{language}/"), **context()},
    )


def rendered_email(
    templates: str, language: str, to: str, context: Callable[[], dict[str, Any]]
) -> EmailMessage:
    """`<templates>_subject.txt` and `_message.txt` rendered in `language` (the context built in
    it too), with the site's name, to `to`."""
    with translation.override(language):
        values = {"site_name": settings.SITE_NAME, **context()}
        subject = render_to_string(f"{templates}_subject.txt", values)
        body = render_to_string(f"{templates}_message.txt", values)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def absolute(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


# --- Claiming ------------------------------------------------------------------------------------


class Problem(enum.Enum):
    """Why a link cannot claim a record; each has its own message (`registry.claim`)."""

    UNKNOWN = "unknown"  # never issued, or replaced by a newer invitation
    EXPIRED = "expired"
    USED = "used"
    OWNED = "owned"  # the record has a login already
    OTHER_EMAIL = "other-email"  # the person is logged in with another address
    HAS_RECORD = "has-record"  # the person's account already has a record in the registry


def find(token: str) -> RecordInvitation | None:
    return (
        RecordInvitation.objects.select_related("member").filter(token_digest=digest(token)).first()
    )


def problem_with(invitation: RecordInvitation | None, user: User | None) -> Problem | None:
    """What stands in the way of `user` (None: not logged in yet) claiming with `invitation`.

    Without a login only the link's own state is told; with one, whether it is the address the
    invitation went to (never which address that is).
    """
    if invitation is None:
        return Problem.UNKNOWN
    if invitation.claimed_at is not None:
        return Problem.USED
    if invitation.expires_at <= timezone.now():
        return Problem.EXPIRED
    member = invitation.member
    if member.user_id is not None:
        return Problem.OWNED
    if user is None:
        return None
    if not member.email or not verified_address(user, member.email):
        return Problem.OTHER_EMAIL
    own = Member.objects.filter(user=user).first()
    if own is not None and not is_draft(own):
        return Problem.HAS_RECORD
    return None


def verified_address(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def is_draft(member: Member) -> bool:
    """A sign-up the person started and did not finish: not in the registry."""
    return member.source == Member.Source.SIGN_UP and member.profile_completed_at is None


def draft_of(user: User) -> Member | None:
    own = Member.objects.filter(user=user).first()
    return own if own is not None and is_draft(own) else None


class ClaimRefused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def claim(invitation: RecordInvitation, user: User) -> Member:
    """The record becomes `user`'s: checked again inside one transaction, each change a
    conditional UPDATE, so that two clicks or two people claim it once. A sign-up the person
    started and did not finish gives way to the record. The record joins the finished ones
    (`profile_completed_at`), so that the member's own pages open on it; it is not confirmed
    (`last_confirmed_at`) until the person says it is right. One audit entry.
    """
    with transaction.atomic():
        invitation = RecordInvitation.objects.select_related("member").get(pk=invitation.pk)
        problem = problem_with(invitation, user)
        if problem is not None:
            raise ClaimRefused(problem)
        now = timezone.now()
        if not RecordInvitation.objects.filter(pk=invitation.pk, claimed_at=None).update(
            claimed_at=now
        ):
            raise ClaimRefused(Problem.USED)
        draft = draft_of(user)
        if draft is not None:
            draft.delete()
        member = invitation.member
        if not Member.objects.filter(pk=member.pk, user=None).update(
            user=user,
            profile_completed_at=Coalesce(F("profile_completed_at"), now),
            version=F("version") + 1,
        ):
            raise ClaimRefused(Problem.OWNED)
        RecordInvitation.objects.filter(member=member, claimed_at=None).delete()
        member.refresh_from_db()
        members_changed.send(Member, pks=[member.pk])
        audit(
            None,
            AuditEntry.Action.CLAIM,
            member.pk,
            by="member",
            sent_at=timestamp(invitation.sent_at),
            discarded_unfinished_sign_up=draft is not None,
        )
    return member
