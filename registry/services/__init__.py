"""Registry workflows that touch several models, one module per concern: saving a record
(`records`), the sign-up (`signup`), consents (`consents`), merges (`merges`) and the JSON copies
of a record (`snapshots`). Views parse and render; every state change is made here.

This module holds what every workflow writes: the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

from accounts.models import User
from registry.models import AuditEntry, AuditSubject
from registry.text import fold


def audit(
    actor: User | None,
    action: str,
    member_id: int | None = None,
    *,
    subjects: Iterable[int] = (),
    **detail: Any,
) -> AuditEntry:
    """Append one entry about `member_id` and every record in `subjects` (an export's, an
    import's), so that each member's trail finds it.

    `detail` holds criteria, counts or field names; what a person typed is never kept as typed:
    free text (a search's words) becomes a keyed digest, anything like an email address or a
    phone number is masked (`scrubbed`).
    """
    entry = AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None and actor.pk else "",
        action=action,
        member_id=member_id,
        detail=scrubbed(detail),
    )
    about = {*subjects, *([member_id] if member_id else [])}
    AuditSubject.objects.bulk_create([AuditSubject(entry=entry, member_id=pk) for pk in about])
    return entry


# Detail keys whose values are words a person typed (a search's text, a name).
TYPED_TEXT_KEYS = frozenset({"q", "text", "name", "full_name"})
EMAIL_LIKE = re.compile(r"[^\s@,;:<>()\[\]\"']+@[^\s@,;:<>()\[\]\"']+")
# A number of 7+ digits after "+", or 9+ without it (a date, "2024-03-05", has 8).
PHONE_LIKE = re.compile(r"(?<![\w.])(?:\+\d(?:[\s().-]{0,2}\d){6,}|\d(?:[\s().-]{0,2}\d){8,})")


def audit_digest(text: str) -> str:
    """What an audit entry keeps of typed words: a keyed digest of their folded form. An
    administrator can check whether anyone searched for given words (the same digest), but the
    log holds no name."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, fold(text).encode(), hashlib.sha256).hexdigest()[:20]


def scrubbed(value: Any, key: str = "") -> Any:
    """`value` with no personal values left in it (see `audit`)."""
    if isinstance(value, Mapping):
        return {name: scrubbed(item, str(name)) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item, key) for item in value]
    if isinstance(value, str):
        if key in TYPED_TEXT_KEYS and value.strip():
            return f"digest:{audit_digest(value)}"
        return PHONE_LIKE.sub("[phone]", EMAIL_LIKE.sub("[email]", value))
    return value
