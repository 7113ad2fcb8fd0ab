"""Matching a row against the rows before it and the records in the registry.

Matching looks only at records in the registry. A row with the same name, year of birth and
hometown as a record is that person unless the officer says otherwise; a row that shares only an
email address or a phone number with a record or an earlier row (a family's shared email) waits
for the officer's decision: the same person, a different one, or skip. A match by a contact
detail the officer may not see names nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from registry.importing.results import BY_EMAIL, BY_NAME, BY_PHONE, NEW, SAME, RowResult
from registry.models import Member
from registry.text import fold


@dataclass
class Earlier:
    """The rows of the file seen so far: by identity, and by email and phone."""

    names: dict[tuple[Any, ...], int] = field(default_factory=dict)
    contacts: dict[tuple[str, str], int] = field(default_factory=dict)


# Candidates kept per row: a list naming a common name with no year would otherwise drag in
# half the registry.
MAX_CANDIDATES = 10


def _name_key(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return (fold(values["full_name"]), values["birth_year"], values["ward"])


def find_same_person(result: RowResult, earlier: Earlier) -> None:
    """Earlier rows of the file, then records in the registry, that may be this person.

    The same name, year and hometown earlier in the file is the same person listed twice, and is
    skipped. The same email or phone under another name may be a family's: the officer decides.
    """
    values = result.values
    name = _name_key(values)
    if name in earlier.names:
        result.duplicate_of_row = earlier.names[name]
        return
    contacts = [(kind, values[kind]) for kind in (BY_EMAIL, BY_PHONE) if values[kind]]
    result.shares_with_row = next(
        (earlier.contacts[contact] for contact in contacts if contact in earlier.contacts), None
    )
    earlier.names[name] = result.number
    for contact in contacts:
        earlier.contacts.setdefault(contact, result.number)
    result.candidates = registry_candidates(values)


def registry_candidates(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Records in the registry that may be this person (one query), name matches first.

    Only `in_registry()`: a sign-up that stopped before the consents step is not matched, so
    the list's person is added rather than "found" in a record staff cannot open.
    """
    folded, year, ward = _name_key(values)
    email, phone = values["email"], values["phone"]
    condition = Q(search_name__startswith=folded, birth_year=year)
    if ward is not None:
        condition &= Q(hometown_ward_id=ward)
    if email:
        condition |= Q(email__iexact=email)
    if phone:
        condition |= Q(phone=phone)
    records = (
        Member.objects.in_registry()
        .filter(condition)
        .only("full_name", "birth_year", "hometown_ward", "email", "phone")
        .order_by("pk")
    )
    found: list[dict[str, Any]] = []
    for member in records[: MAX_CANDIDATES * 3]:
        by: list[str] = []
        same_place = ward is None or member.hometown_ward_id == ward
        if fold(member.full_name) == folded and member.birth_year == year and same_place:
            by.append(BY_NAME)
        if email and member.email.lower() == email:
            by.append(BY_EMAIL)
        if phone and str(member.phone) == phone:
            by.append(BY_PHONE)
        if by:
            found.append({"id": member.pk, "by": by})
    found.sort(key=lambda candidate: BY_NAME not in candidate["by"])
    return found[:MAX_CANDIDATES]


def default_decision(result: RowResult) -> str:
    """A new person is added, a single record with the same name, year and hometown is taken
    as them; anything else waits for the officer."""
    if not result.importable or result.needs_decision:
        return ""
    return f"{SAME}0" if result.candidates else NEW


ContactRule = Callable[[Member], Collection[str]]


def no_contacts(member: Member) -> frozenset[str]:
    return frozenset()


def shown_reasons(candidate: Mapping[str, Any], member: Member, contacts: ContactRule) -> list[str]:
    """Why `member` may be the row's person, as far as the officer may know: the name, and a
    shared email or phone only where they may see that detail (`contacts`, the view's
    `can_see_contact`). Empty: the record must not be shown or touched."""
    shown = contacts(member)
    return [reason for reason in candidate["by"] if reason == BY_NAME or reason in shown]
