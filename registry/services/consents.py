"""Consents: the decisions a member gives on the site, and those an officer enters as the person
gave them on paper or by phone."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from registry.models import AuditEntry, Consent, ConsentPurpose, ConsentText, Member
from registry.services import audit
from registry.services.records import save_member


def current_texts() -> dict[str, ConsentText]:
    """The latest text of each purpose, by purpose slug."""
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.select_related("purpose").order_by("purpose", "-version"):
        texts.setdefault(text.purpose.slug, text)
    return texts


def record_consents(
    member: Member,
    decisions: Mapping[str, bool],
    *,
    channel: str,
    actor: User | None = None,
    covers: Mapping[str, str] | None = None,
    given_on: datetime.date | None = None,
    note: str = "",
    evidence: Any = None,
) -> list[Consent]:
    """Store each decision that changes the member's current choice, with its text version.

    Unchanged choices write nothing: the history holds decisions, not page submissions. A grant
    of staff contact covers the contact details given with it (`covers`; by default the record's
    own, as the member gives them on the site); withdrawing it covers none. Decisions entered by
    staff carry when and how the person gave them (`given_on`, `note`, `evidence`). A grant of
    staff contact that stands already is recorded again when given for other details (`covers`).
    """
    texts = current_texts()
    current = set(member.consented_purposes.values_list("slug", flat=True))
    recorded = []
    with transaction.atomic():
        for slug, granted in decisions.items():
            contact = slug == ConsentPurpose.STAFF_CONTACT
            covered = dict(covers if covers is not None else member.contact_values())
            new_cover = contact and granted and covers is not None
            unchanged = granted == (slug in current) and not (
                new_cover and covered != member.contacts_covered
            )
            if unchanged or slug not in texts:
                continue
            text = texts[slug]
            recorded.append(
                Consent.objects.create(
                    member=member,
                    purpose=text.purpose,
                    text=text,
                    granted=granted,
                    channel=channel,
                    recorded_by=actor if actor is not None and actor.pk else None,
                    given_on=given_on,
                    note=note,
                    evidence=evidence or "",
                    covers=covered if contact and granted else {},
                )
            )
            if granted:
                member.consented_purposes.add(text.purpose)
            else:
                member.consented_purposes.remove(text.purpose)
            if contact:
                member.contacts_covered = covered if granted else {}
                Member.objects.filter(pk=member.pk).update(contacts_covered=member.contacts_covered)
    return recorded


def own_contacts_given(member: Member) -> None:
    """The member changed their own contact details on the site: while they agree to staff
    contact, that agreement covers what they gave (an officer's edit never extends it)."""
    if member.has_consented(ConsentPurpose.STAFF_CONTACT):
        covered = member.contact_values()
        if covered != member.contacts_covered:
            member.contacts_covered = covered
            Member.objects.filter(pk=member.pk).update(contacts_covered=covered)


class NothingToRecord(Exception):
    """Every decision given already stands as recorded (another tab recorded it meanwhile)."""

    message = _("The record already shows these decisions: nothing was recorded.")


def record_staff_consents(
    member: Member,
    decisions: Mapping[str, bool],
    *,
    channel: str,
    actor: User,
    given_on: datetime.date,
    expected_version: int,
    note: str = "",
    evidence: File | None = None,
    evidence_extension: str = "",
    contacts: Mapping[str, Any] | None = None,
) -> list[Consent]:
    """Decisions a person gave on paper or by phone, entered by an officer: when (`given_on`),
    how (`note`, a scan in `evidence`), who entered them (`actor`); one audit entry.

    With a grant of staff contact, `contacts` are the details the person gave with it. They are
    written to the record (the person's own word; a change of the record since the officer
    opened it is an `EditConflict`) and the grant covers them, with what a grant already standing
    still covers. The scan is stored once, in private storage, under a name that says nothing
    about the person, and removed again if nothing is recorded.
    """
    given = {name: value for name, value in (contacts or {}).items() if value}
    field = Consent._meta.get_field("evidence")
    stored = ""
    if evidence is not None:
        name = field.generate_filename(None, f"{uuid.uuid4().hex}{evidence_extension}")
        stored = field.storage.save(name, evidence)
    try:
        with transaction.atomic():
            changed = [n for n, v in given.items() if str(v) != str(getattr(member, n) or "")]
            if changed:
                for name in changed:
                    setattr(member, name, given[name])
                save_member(
                    member,
                    expected_version=expected_version,
                    actor=actor,
                    changed=changed,
                    staff=True,
                    only=changed,
                )
            covers = None
            if given:
                values = member.contact_values()
                standing = (
                    member.contacts_covered
                    if member.has_consented(ConsentPurpose.STAFF_CONTACT)
                    else {}
                )
                covers = {n: v for n, v in standing.items() if values.get(n) == v}
                covers.update({n: values[n] for n in given if n in values})
            recorded = record_consents(
                member,
                decisions,
                channel=channel,
                actor=actor,
                covers=covers,
                given_on=given_on,
                note=note,
                evidence=stored,
            )
            if not recorded:
                raise NothingToRecord
            audit(
                actor,
                AuditEntry.Action.CONSENT,
                member.pk,
                decisions={c.purpose.slug: c.granted for c in recorded},
                channel=channel,
                given_on=given_on.isoformat(),
                scan=bool(stored),
                covers=sorted(covers or ()),
            )
    except BaseException:
        if stored:
            field.storage.delete(stored)
        raise
    return recorded
