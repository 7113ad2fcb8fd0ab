"""What a matched row would change on a record, group by group, as the officer decides on it.

A matched row's new values are proposals, taken field by field as the officer accepts them, never
over what the person gave us without the officer seeing both.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django_countries import countries

from registry.importing.columns import member_field
from registry.models import LegacyCommune, Member, Ward
from registry.text import fold

# One choice per group: a hometown is the ward and the old commune together, a residence the
# country and the city with its place on the map. Values are attribute names of Member.
CHANGE_GROUPS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name",),
    "other_names": ("other_names",),
    "birth_year": ("birth_year",),
    "gender": ("gender",),
    "hometown": ("hometown_ward_id", "hometown_legacy_id"),
    "village": ("hometown_village",),
    "residence": ("country", "city_name", "city_geonameid", "latitude", "longitude"),
    "email": ("email",),
    "phone": ("phone",),
    "occupation": ("occupation",),
    "organisation": ("organisation",),
}
CONTACT_GROUPS = frozenset({"email", "phone"})
GROUP_LABELS = {
    "hometown": gettext_lazy("Hometown"),
    "residence": gettext_lazy("Country and city"),
}


def change_label(group: str) -> str:
    if group in GROUP_LABELS:
        return str(GROUP_LABELS[group])
    return capfirst(str(member_field(CHANGE_GROUPS[group][0]).verbose_name))


def values_of(member: Member) -> dict[str, Any]:
    """The record's importable fields as JSON holds them (country code, phone in E.164)."""
    data = {}
    for attnames in CHANGE_GROUPS.values():
        for attname in attnames:
            value = getattr(member, attname)
            if attname in ("country", "phone"):
                value = str(getattr(value, "code", value) or "")
            data[attname] = value
    return data


def proposed_values(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """What the row says, by change group, for the groups it says anything about."""
    proposed: dict[str, dict[str, Any]] = {}
    for group, key in (
        ("full_name", "full_name"),
        ("other_names", "other_names"),
        ("gender", "gender"),
        ("village", "village"),
        ("email", "email"),
        ("phone", "phone"),
        ("occupation", "occupation"),
        ("organisation", "organisation"),
    ):
        if values[key]:
            proposed[group] = {CHANGE_GROUPS[group][0]: values[key]}
    if values["birth_year"] is not None:
        proposed["birth_year"] = {"birth_year": values["birth_year"]}
    if values["ward"] is not None:
        proposed["hometown"] = {
            "hometown_ward_id": values["ward"],
            "hometown_legacy_id": values["legacy"],
        }
    if values["country"]:
        proposed["residence"] = {
            "country": values["country"],
            "city_name": values["city"],
            "city_geonameid": values["city_geonameid"],
            "latitude": values.get("latitude"),
            "longitude": values.get("longitude"),
        }
    return proposed


def differs(group: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether taking the list's value would change anything a person would call a change."""
    if group == "full_name":
        # "Tran Thi Lan" for "Trần Thị Lan" is the same name typed without its marks.
        ours, theirs = old["full_name"], new["full_name"]
        return ours != theirs and not (fold(ours) == fold(theirs) and theirs.isascii())
    if group == "hometown":
        legacy = new["hometown_legacy_id"]
        return new["hometown_ward_id"] != old["hometown_ward_id"] or (
            legacy is not None and legacy != old["hometown_legacy_id"]
        )
    if group == "residence":
        city = new["city_name"]
        return new["country"] != old["country"] or (
            bool(city) and fold(city) != fold(old["city_name"])
        )
    if group in ("other_names", "village", "occupation", "organisation", "email"):
        (attname,) = CHANGE_GROUPS[group]
        return (
            " ".join(new[attname].split()).casefold() != " ".join(old[attname].split()).casefold()
        )
    return any(new[attname] != old[attname] for attname in new)


class Places:
    """Names of the wards and pre-2025 communes a page of rows mentions, read at once."""

    def __init__(self, ward_ids: Iterable[int | None], legacy_ids: Iterable[int | None]) -> None:
        self.wards = Ward.objects.in_bulk({pk for pk in ward_ids if pk})
        self.legacies = LegacyCommune.objects.in_bulk({pk for pk in legacy_ids if pk})

    def hometown(self, ward_id: int | None, legacy_id: int | None) -> str:
        ward, legacy = self.wards.get(ward_id or 0), self.legacies.get(legacy_id or 0)
        if ward is None:
            return ""
        if legacy is None:
            return ward.name
        return str(gettext_lazy("%(old)s (now %(ward)s)") % {"old": legacy, "ward": ward.name})


def phone_text(e164: str) -> str:
    """+36201234567 as people write it: +36 20 123 4567."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def residence_text(country: str, city: str) -> str:
    name = str(countries.name(country)) if country else ""
    return ", ".join(part for part in (city, name) if part)


def _display(group: str, data: Mapping[str, Any], places: Places) -> str:
    if group == "hometown":
        text = places.hometown(data["hometown_ward_id"], data["hometown_legacy_id"])
    elif group == "residence":
        text = residence_text(data["country"], data["city_name"])
    elif group == "gender":
        text = str(Member.Gender(data["gender"]).label) if data["gender"] else ""
    elif group == "phone":
        text = phone_text(data["phone"])
    else:
        (attname,) = CHANGE_GROUPS[group]
        text = "" if data[attname] is None else str(data[attname])
    return text or "—"


@dataclass(frozen=True)
class Change:
    """One field (or group) a matched row would change, as the officer decides on it."""

    group: str
    label: str
    old: str
    new: str
    ticked: bool  # offered ticked: it only fills a blank in a record the person did not give us
    # A contact detail the officer sees is one the person agreed to share: taking the list's
    # instead hides it from staff until the person agrees to the new one.
    replaces_shared: bool = False


def proposed_changes(
    values: Mapping[str, Any], member: Member, shown: Collection[str], places: Places
) -> tuple[list[Change], bool]:
    """What taking the row's values would change on `member`, and whether the row's email or
    phone is withheld: the officer may not see the record's, so neither is compared, shown or
    offered (saying "differs" would reveal it)."""
    old = values_of(member)
    changes, withheld = [], False
    for group, new in proposed_values(values).items():
        if group in CONTACT_GROUPS and group not in shown:
            withheld = True
            continue
        current = {attname: old[attname] for attname in new}
        if not differs(group, current, new):
            continue
        blank = all(value in (None, "") for value in current.values())
        changes.append(
            Change(
                group=group,
                label=change_label(group),
                old=_display(group, current, places),
                new=_display(group, new, places),
                ticked=blank and member.source != Member.Source.SIGN_UP,
                replaces_shared=group in CONTACT_GROUPS and not blank,
            )
        )
    return changes, withheld


def record_digest(member: Member) -> str:
    """A keyed digest of the record's importable fields: the page carries what the officer saw
    when they accepted a change, without the values, and the commit writes only over that."""
    text = json.dumps(values_of(member), sort_keys=True, default=str)
    return salted_hmac("registry.importing.seen", text).hexdigest()[:32]
