"""How a member's record reads on a page: one shared block for the officer's profile view, the
member's "What staff can see" and the readable download, and the filters that turn its stored
codes and timestamps into words in the page's language."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import languages
from registry.models import Member

register = template.Library()

# How many consent decisions the profile views list (the download lists them all).
CONSENT_HISTORY_SHOWN = 50


@register.inclusion_tag("registry/includes/member_record.html")
def member_record(
    member: Member, *, show_contact: bool, everything: bool = False, scan_links: bool = False
) -> dict[str, Any]:
    """What a registry officer sees of `member`, fetched here so that every page shows the same.

    `show_contact` is `staff_views.can_see_contact` for the officer, and for a member's own
    preview, the same rule applied to the officer role; `everything` lists every consent decision
    (the download) instead of the latest ones; `scan_links` links each decision's scan (staff
    who may open it), where the others read only that one is kept.
    """
    history = member.consents.select_related("purpose", "text", "recorded_by")
    return {
        "member": member,
        "show_contact": show_contact,
        "scan_links": scan_links,
        "consented": member.consented_purposes.all(),
        "consents": history if everything else history[:CONSENT_HISTORY_SHOWN],
        "merges": member.merges.all(),
    }


CONTACT_NAMES = {
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "messaging": gettext_lazy("Messaging apps"),
}


@register.filter
def contact_names(covers: Iterable[str]) -> str:
    """The contact details a consent covers, named ("Email, Phone"), never their values."""
    return ", ".join(str(CONTACT_NAMES[name]) for name in CONTACT_NAMES if name in covers)


@register.filter
def language_names(codes: str | Iterable[str]) -> str:
    """Stored language codes ("vi en cs") as names in the page's language."""
    return languages.language_names(codes)


@register.filter
def language_name(code: str) -> str:
    return languages.language_name(code) if code else ""


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """A date and time in the site's time zone, in the page language's words: the one format of
    the registry's self-service and profile pages ("March 5, 2024, 3:30 p.m.")."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    # Translators: a date and a time of day, e.g. "March 5, 2024, 3:30 p.m.".
    return _("%(date)s, %(time)s") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
    }


@register.simple_tag
def utc_offset() -> str:
    """The site's time zone as an offset from UTC ("UTC+07:00"), the zone of `moment`."""
    offset = timezone.localtime().strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


@register.filter
def staff_name(user: Any) -> str:
    """Who did something on a record: a staff member's name, never their login email (members
    see this too)."""
    if user is None:
        return ""
    return user.get_full_name() or _("Department staff")


@register.inclusion_tag("registry/admin/includes/audit_detail.html")
def audit_detail(detail: Any) -> dict[str, Any]:
    """An audit entry's detail as "key: value" lines (criteria, counts, field names)."""
    items = detail.items() if isinstance(detail, dict) else []
    return {"items": [(key, _audit_value(value)) for key, value in items]}


def _audit_value(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_audit_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_audit_value(item) for item in value)
    return "—" if value is None else str(value)
