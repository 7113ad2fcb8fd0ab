"""The emails of engagement, each in its reader's language: to the member (their language for
messages), and to a project's contact officer (Vietnamese, the staff's). None names the member
to anybody else: the staff list does, to those allowed to see it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from engagement.amounts import grouped, in_words
from engagement.calendar import event_calendar
from engagement.models import Engagement
from registry.invitations import absolute, email_language, member_email, rendered_email

FOLDER = "engagement/email"


def page_in(engagement: Engagement, language: str) -> Page | None:
    """The engagement's page in `language` if it is published in it, else the page it was made
    on (None if that was deleted)."""
    translated = (
        Page.objects.live()
        .filter(translation_key=engagement.page_key, locale__language_code=language)
        .first()
    )
    page = translated or engagement.page
    return page.specific if page is not None else None


def address_of(engagement: Engagement) -> str:
    """Where the member reads their email: their login's address (verified when they signed
    up), else the record's."""
    return engagement.member.mail_address


def engagement_email(engagement: Engagement, template: str) -> EmailMessage:
    """`engagement/email/<template>_*.txt` to the member, in their language, about their
    engagement; a registration's email carries the event's calendar file."""
    member = engagement.member
    language = email_language(member)
    page = page_in(engagement, language)

    def context() -> dict[str, Any]:
        values: dict[str, Any] = {
            "engagement": engagement,
            "title": page.title if page is not None else engagement.title,
            "page_link": absolute(page.url) if page is not None and page.url else "",
            "mine": absolute(reverse("engagement:mine")),
        }
        if engagement.amount is not None:
            values["amount"] = f"{grouped(engagement.amount)} {engagement.currency}"
            values["amount_words"] = in_words(engagement.amount, engagement.currency, language)
        if page is not None and engagement.kind == Engagement.Kind.REGISTRATION:
            zone = getattr(page, "time_zone", settings.TIME_ZONE)
            with timezone.override(zone):
                values["when"] = render_to_string(
                    "engagement/includes/event_when.txt", {"event": page}
                ).strip()
            values["place"] = page.place
        if page is not None and engagement.kind == Engagement.Kind.PLEDGE:
            values["transfer"] = getattr(page, "transfer_instructions", "")
        return values

    message = member_email(member, template, address_of(engagement), context, folder=FOLDER)
    if page is not None and engagement.kind == Engagement.Kind.REGISTRATION:
        url = absolute(page.url) if page.url else settings.WAGTAILADMIN_BASE_URL
        if template in ("registration_confirmed", "registration_moved_up"):
            calendar = event_calendar(page, url, now=timezone.now())
            message.attach("event.ics", calendar, "text/calendar")
        elif template == "registration_cancelled":  # out of the calendar it was added to
            calendar = event_calendar(page, url, now=timezone.now(), cancelled=True)
            message.attach("event-cancelled.ics", calendar, "text/calendar")
    return message


def officer_email(engagement: Engagement, to: str) -> EmailMessage:
    """A project's contact officer is told of a new interest, in Vietnamese, without the name."""
    return rendered_email(
        f"{FOLDER}/officer_interest",
        settings.LANGUAGE_CODE,
        to,
        lambda: {
            "title": engagement.title,
            "role": engagement.get_role_display(),
            "link": absolute(reverse("engagement_admin:page", args=[engagement.page_key])),
        },
    )
