"""The monthly digest: to each member who asked for newsletters and agreed to matching, the
projects, programmes and events published in the past month that fit them ("For you", new
ones only), in their language. Nothing new that fits: no email."""

from __future__ import annotations

import datetime
from functools import partial

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation

from engagement import matching
from engagement.models import Digest
from operations.jobs import in_chunks
from registry.invitations import absolute, email_language, member_email
from registry.models import ConsentPurpose, Member
from registry.models.members import MemberQuerySet

CHUNK = 500
LOOKS_BACK = datetime.timedelta(days=31)


def subscribers(month: datetime.date) -> MemberQuerySet:
    """Members who asked for newsletters and agreed to matching, with a verified login address
    (`digest_to`), not yet sent this month's digest."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("user"), verified=True, primary=True
    ).values("email")[:1]
    return (
        Member.objects.in_registry()
        .filter(user__is_active=True, consented_purposes__slug=ConsentPurpose.NEWSLETTER)
        .filter(consented_purposes__slug=ConsentPurpose.MATCHING)
        .annotate(digest_to=Subquery(verified))
        .filter(digest_to__isnull=False)
        .exclude(Exists(Digest.objects.filter(member=OuterRef("pk"), month=month)))
    )


def send_monthly_digests(now: datetime.datetime | None = None) -> int:
    """Email each subscriber what is new for them; returns how many were written to."""
    now = now or timezone.now()
    month = timezone.localdate(now).replace(day=1)
    since = now - LOOKS_BACK
    sent = 0
    for members in in_chunks(subscribers(month), CHUNK):
        for member in members:
            language = email_language(member)
            with translation.override(language):  # the reasons, in the member's words
                new = [
                    suggestion
                    for suggestion in matching.for_member(member, language, limit=10)
                    if suggestion.page.first_published_at
                    and suggestion.page.first_published_at >= since
                ]
            if not new:
                continue
            context = {
                "suggestions": [
                    (s.page.title, absolute(s.page.url or "/"), "; ".join(s.reasons)) for s in new
                ],
                "consents": absolute(reverse("registry:consents")),
            }
            try:
                with transaction.atomic():
                    Digest.objects.create(member=member, month=month, pages=len(new))
                    member_email(
                        member,
                        "digest",
                        member.digest_to,  # type: ignore[attr-defined]
                        partial(dict, context),
                        folder="engagement/email",
                    ).send()
            except IntegrityError:  # another run wrote to them meanwhile
                continue
            sent += 1
    return sent
