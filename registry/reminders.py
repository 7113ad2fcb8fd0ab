"""The yearly "is this still right?" email: once a record's last confirmation is a year old,
its member is asked, once, to check it; asked again only a year later if they have not answered.

Only members who can act on it are written to: a login whose address is verified, in the
language they chose for messages. The email names nobody and holds no detail of the record (it
links to it): mailboxes are forwarded and kept for years.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from operations.jobs import in_chunks
from registry.invitations import absolute, member_email
from registry.models import Member
from registry.models.members import MemberQuerySet

# Members read per query: the job's memory stays flat however many are due.
CHUNK = 500


def due_for_reminder(now: datetime.datetime) -> MemberQuerySet:
    """Members whose record waits for its yearly confirmation and who were not reminded in this
    wait (or were, a year ago), with `reminder_to`: their login's verified primary address."""
    year_ago = now - Member.CONFIRM_EVERY
    verified = EmailAddress.objects.filter(
        user=OuterRef("user"), verified=True, primary=True
    ).values("email")[:1]
    return (
        Member.objects.in_registry()
        .filter(user__is_active=True)
        .annotate(
            confirmed=Coalesce("last_confirmed_at", "profile_completed_at"),
            reminder_to=Subquery(verified),
        )
        .filter(confirmed__lt=year_ago, reminder_to__isnull=False)
        .filter(
            Q(confirmation_reminded_at=None)
            | Q(confirmation_reminded_at__lt=F("confirmed"))
            | Q(confirmation_reminded_at__lt=year_ago)
        )
    )


def send_confirmation_reminders(now: datetime.datetime | None = None) -> int:
    """Email every member due a reminder; returns how many were sent.

    Each member is marked reminded in the transaction that sends their email (one conditional
    UPDATE: a second run, or one running at the same time, skips them); if the mail server
    refuses, the mark is rolled back and the error raised, so the job tries again later and
    nobody is skipped or written to twice.
    """
    now = now or timezone.now()
    sent = 0
    fields = ("pk", "preferred_language", "confirmation_reminded_at")
    for members in in_chunks(due_for_reminder(now).only(*fields), CHUNK):
        for member in members:
            with transaction.atomic():
                claimed = Member.objects.filter(
                    pk=member.pk, confirmation_reminded_at=member.confirmation_reminded_at
                ).update(confirmation_reminded_at=now)
                if claimed:
                    reminder_email(member).send()
                    sent += 1
    return sent


def reminder_email(member: Member) -> EmailMessage:
    """The email to `member` (annotated by `due_for_reminder`), in their language."""
    return member_email(
        member,
        "confirmation_reminder",
        member.reminder_to,  # type: ignore[attr-defined]
        lambda: {
            "link": absolute(reverse("registry:profile")),
            "confirmed_on": date_format(
                timezone.localtime(member.confirmed),  # type: ignore[attr-defined]
                "DATE_FORMAT",
            ),
        },
    )
