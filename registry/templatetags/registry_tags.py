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

    `show_contact` is `permissions.can_see_contact` for the officer, and for a member's own
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
def language_names(codes: Iterable[str]) -> str:
    """Language codes (`Member.language_codes`) as names in the page's language."""
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


# The words an audit entry's detail is read in; a key or value not named here shows as stored.
AUDIT_KEYS = {
    "step": gettext_lazy("Step"),
    "page": gettext_lazy("Page"),
    "batch": gettext_lazy("List"),
    "batches": gettext_lazy("Lists"),
    "rows": gettext_lazy("Rows"),
    "errors": gettext_lazy("Rows with errors"),
    "matched": gettext_lazy("Matched"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "skipped": gettext_lazy("Skipped"),
    "deleted": gettext_lazy("Deleted"),
    "restored": gettext_lazy("Restored"),
    "count": gettext_lazy("Records"),
    "total": gettext_lazy("Total"),
    "merged": gettext_lazy("Merged record"),
    "from_merged": gettext_lazy("Taken from the merged record"),
    "query": gettext_lazy("Criteria"),
    "fields": gettext_lazy("Fields"),
    "format": gettext_lazy("Format"),
    "columns": gettext_lazy("Columns"),
    "scan": gettext_lazy("Scan of consent"),
    "channel": gettext_lazy("Channel"),
    "given_on": gettext_lazy("Given on"),
    "covers": gettext_lazy("Covers"),
    "language": gettext_lazy("Language"),
    "expires": gettext_lazy("Expires"),
    "sent_at": gettext_lazy("Sent"),
    "by": gettext_lazy("By"),
    "method": gettext_lazy("Method"),
    "engine": gettext_lazy("Search engine"),
    "filename": gettext_lazy("File"),
}
AUDIT_VALUES = {
    "upload": gettext_lazy("uploaded"),
    "preview": gettext_lazy("preview opened"),
    "commit": gettext_lazy("imported"),
    "discard": gettext_lazy("discarded"),
    "undo": gettext_lazy("undone"),
    "expire": gettext_lazy("expired"),
    "edit": gettext_lazy("edit form"),
    "merge": gettext_lazy("merge comparison"),
}


@register.inclusion_tag("registry/admin/includes/audit_detail.html")
def audit_detail(detail: Any) -> dict[str, Any]:
    """An audit entry's detail as "key: value" lines (criteria, counts, field names), in words
    where the key or value is one of ours."""
    items = detail.items() if isinstance(detail, dict) else []
    return {"items": [(AUDIT_KEYS.get(key, key), _audit_value(value)) for key, value in items]}


def _audit_value(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_audit_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_audit_value(item) for item in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if value is None:
        return "—"
    return str(AUDIT_VALUES.get(value, value)) if isinstance(value, str) else str(value)
