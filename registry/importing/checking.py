"""Checking and cleaning each row: the name, year of birth, gender, country, phone, email,
hometown (a ward of the province, or a pre-2025 commune) and city, each value within its column.

Rows with errors are skipped at the commit and listed by their row number in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django_countries import countries

from registry import gazetteer
from registry.hometowns import HometownMatch, find_hometowns
from registry.importing.columns import COLUMNS, member_field
from registry.importing.matching import Earlier, default_decision, find_same_person
from registry.importing.results import Problem, RowResult
from registry.text import fold

GENDERS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
}
# Names associations use that are not django-countries' own, in either language.
COUNTRY_ALIASES = {
    "my": "US",
    "hoa ky": "US",
    "usa": "US",
    "united states": "US",
    "anh": "GB",
    "uk": "GB",
    "england": "GB",
    "ch sec": "CZ",
    "cong hoa sec": "CZ",
    "czech republic": "CZ",
    "nhat": "JP",
    "han": "KR",
    "korea": "KR",
    "lien bang nga": "RU",
    "uc": "AU",
}


def _country_codes() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for code, name in countries:
                names[fold(str(name))] = code
    for code, _name in countries:
        names[code.lower()] = code
        names[countries.alpha3(code).lower()] = code
    names.update(COUNTRY_ALIASES)
    return names


UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")
# Abbreviations lists use for the kind of unit: "X. Thạch Đài, H. Thạch Hà", "TT Cẩm Xuyên".
ABBREVIATIONS = [
    (re.compile(rf"^{short}(?:\.\s*|\s+)", re.IGNORECASE), full)
    for short, full in (
        ("tt", "Thị trấn "),
        ("tp", "Thành phố "),
        ("tx", "Thị xã "),
        ("x", "Xã "),
        ("p", "Phường "),
        ("h", "Huyện "),
    )
]


def _bare(name: str) -> str:
    """ "Xã Thạch Đài" → "thach dai": lists often leave out the kind of unit."""
    folded = fold(name)
    for prefix in UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _expanded(part: str) -> str:
    for pattern, full in ABBREVIATIONS:
        if pattern.match(part):
            return pattern.sub(full, part, count=1)
    return part


def _hometown(text: str, province: str) -> tuple[int | None, int | None, Problem | None]:
    """(ward id, pre-2025 commune id, problem) for what the list says.

    "xã X, huyện Y" narrows X to the old district Y. Accepted when every match lies in the same
    ward today, or when the first match (or every match) bearing exactly the name written does;
    otherwise the row is ambiguous and the officer corrects the file.
    """
    parts = [_expanded(part.strip()) for part in re.split(r"[,;/]+", text) if part.strip()]
    if not parts:
        return None, None, ("unknown_hometown", {"name": text})
    matches = find_hometowns(" ".join(parts), province, limit=20)
    if not matches and len(parts) > 1:
        matches = find_hometowns(parts[0], province, limit=20)
    if not matches:
        return None, None, ("unknown_hometown", {"name": text})
    exact = [m for m in matches if _bare(_unit_name(m)) == _bare(parts[0])]
    if len({m.ward.pk for m in matches}) == 1:
        chosen = matches[0]
    elif exact and (exact[0] is matches[0] or len({m.ward.pk for m in exact}) == 1):
        chosen = exact[0]
    else:
        return None, None, ("ambiguous_hometown", {"name": text})
    # "Thạch Hà" is today's Xã Thạch Hà, not the old Thị trấn Thạch Hà that merged into it.
    current = [m for m in exact if m.legacy_commune is None and m.ward.pk == chosen.ward.pk]
    chosen = current[0] if current else chosen
    return chosen.ward.pk, (chosen.legacy_commune.pk if chosen.legacy_commune else None), None


def _unit_name(match: HometownMatch) -> str:
    return match.legacy_commune.name if match.legacy_commune else match.ward.name


def _city(country: str, text: str) -> gazetteer.City | None:
    """The gazetteer's city when the name is one of its spellings or the only one it starts;
    otherwise the city stays free text without coordinates (small towns are not listed)."""
    cities = gazetteer.find_cities(country, text, limit=2)
    if cities and (fold(cities[0].name) == fold(text) or len(cities) == 1):
        return cities[0]
    return None


def _birth_year(text: str, this_year: int) -> int | None:
    """ "1975", or the year of a birth date ("12/03/1975", "1975-03-12"); None if neither."""
    text = text.strip()
    match = re.fullmatch(
        r"(\d{4})(?:\.0)?|\d{1,2}[./-]\d{1,2}[./-](\d{4})|(\d{4})-\d{2}-\d{2}", text
    )
    if match is None:
        return None
    year = int(next(group for group in match.groups() if group))
    return year if 1900 <= year <= this_year else None


def _phone(text: str, country: str) -> str | None:
    """E.164, read with the country of residence as the default region; None if not a number."""
    try:
        parsed = phonenumbers.parse(text, country or "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def validate_rows(rows: Sequence[Mapping[str, str]], province_code: str) -> list[RowResult]:
    """Check and clean every row, find people already in the registry and repeats in the file.

    A list names the same few communes and cities over and over: each is looked up once.
    """
    country_codes = _country_codes()
    this_year = timezone.now().year
    hometowns: dict[str, tuple[int | None, int | None, Problem | None]] = {}
    cities: dict[tuple[str, str], gazetteer.City | None] = {}
    earlier = Earlier()
    results = []
    for index, row in enumerate(rows, start=2):
        number = getattr(row, "number", index)
        values: dict[str, Any] = {
            key: row.get(key, "")
            for key in ("full_name", "other_names", "village", "city", "occupation", "organisation")
        }
        result = RowResult(number=number, values=values)
        errors = result.errors
        values["full_name"] = " ".join(values["full_name"].split())
        if len(values["full_name"]) < 2:
            errors.append(("no_name", {}))
        year = row.get("birth_year", "").strip()
        values["birth_year"] = _birth_year(year, this_year) if year else None
        if year and values["birth_year"] is None:
            errors.append(("bad_year", {"year": year}))
        values["gender"] = GENDERS.get(fold(row.get("gender", "")), "")
        country_text = row.get("country", "")
        values["country"] = country_codes.get(fold(country_text), "") if country_text else ""
        if country_text and not values["country"]:
            errors.append(("unknown_country", {"name": country_text}))
        phone = row.get("phone", "")
        values["phone"] = _phone(phone, values["country"]) if phone else ""
        if values["phone"] is None:
            values["phone"] = ""
            errors.append(("bad_phone", {"phone": phone}))
        email = row.get("email", "").strip().lower()
        values["email"] = ""
        if email:
            try:
                validate_email(email)
                values["email"] = email
            except ValidationError:
                errors.append(("bad_email", {"email": email}))
        values["ward"] = values["legacy"] = None
        hometown = row.get("hometown", "")
        if hometown:
            if hometown not in hometowns:
                hometowns[hometown] = _hometown(hometown, province_code)
            ward, legacy, error = hometowns[hometown]
            values["ward"], values["legacy"] = ward, legacy
            if error:
                errors.append(error)
        values["city_geonameid"] = values["latitude"] = values["longitude"] = None
        if values["country"] and values["city"]:
            key = (values["country"], fold(values["city"]))
            if key not in cities:
                cities[key] = _city(values["country"], values["city"])
            city = cities[key]
            if city is not None:
                values["city"] = city.name
                values["city_geonameid"] = city.geonameid
                values["latitude"], values["longitude"] = city.latitude, city.longitude
        errors += _too_long(values)
        if not errors:
            find_same_person(result, earlier)
        result.decision = default_decision(result)
        results.append(result)
    return results


def _too_long(values: Mapping[str, Any]) -> list[Problem]:
    """A value the record's column cannot hold, as an error of the row, not a failed commit."""
    problems: list[Problem] = []
    for key, name in COLUMNS.items():
        limit = member_field(name).max_length
        if limit is not None and len(values[key]) > limit:
            problems.append(
                ("too_long", {"field": name, "length": len(values[key]), "limit": limit})
            )
    return problems
