"""An event as a calendar file (iCalendar, RFC 5545): one VEVENT a calendar program adds with
its reminder. Times are in UTC, so that the event is where it is whatever zone the reader's
calendar is set to (a reception in Tokyo, read in Osaka or in Hà Tĩnh)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

PRODUCT = "-//Que Huong//Engagement//VI"


def escaped(text: str) -> str:
    """Text as an iCalendar value: backslash, semicolon, comma and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def folded(line: str) -> str:
    """A content line folded at 75 octets (UTF-8), never inside a character."""
    parts: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not parts else 74  # a continuation line starts with a space
        if len((current + ch).encode()) > limit:
            parts.append(current)
            current = ch
        else:
            current += ch
    parts.append(current)
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(
    event: Any, url: str, *, now: datetime.datetime, cancelled: bool = False
) -> bytes:
    """The .ics file of an event page; `cancelled`, the one that takes it out of the calendar it
    was added to (the same UID, a later SEQUENCE, METHOD:CANCEL)."""
    summary = event.summary.strip() if getattr(event, "summary", "") else ""
    host = settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:event-{event.translation_key}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"SEQUENCE:{1 if cancelled else 0}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"DTSTART:{utc(event.start_at)}",
        f"DTEND:{utc(event.end_at)}",
        f"SUMMARY:{escaped(event.title)}",
        f"LOCATION:{escaped(event.place)}",
        *([f"DESCRIPTION:{escaped(summary + chr(10) + url if summary else url)}"]),
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(folded(line) for line in lines) + "\r\n").encode()
