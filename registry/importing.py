"""Import an association's member list (CSV or Excel): read, check each row, match, commit.

Lists arrive as they are kept: Excel files, CSV saved by Excel with a BOM and semicolons, names
typed on a Mac (decomposed Unicode), headers in Vietnamese or English. Nothing is written until
an officer has seen the preview; then every valid row is written in one transaction, or none.
Rows with errors are skipped and listed; rows that match an existing record (same person by
name, year and hometown, or same email or phone) are linked to it instead of creating a second.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import User
from registry import gazetteer
from registry.duplicates import find_matches
from registry.hometowns import find_hometowns
from registry.models import AuditEntry, ImportBatch, Member
from registry.services import audit
from registry.text import fold, nfc

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000

# Folded header → field. Vietnamese and English, as associations write them.
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "ten": "full_name",
    "full name": "full_name",
    "name": "full_name",
    "ten khac": "other_names",
    "other names": "other_names",
    "nam sinh": "birth_year",
    "birth year": "birth_year",
    "year of birth": "birth_year",
    "gioi tinh": "gender",
    "gender": "gender",
    "que quan": "hometown",
    "que": "hometown",
    "hometown": "hometown",
    "thon/xom": "village",
    "thon xom": "village",
    "thon": "village",
    "village": "village",
    "quoc gia": "country",
    "nuoc": "country",
    "country": "country",
    "thanh pho": "city",
    "city": "city",
    "email": "email",
    "e-mail": "email",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "phone": "phone",
    "nghe nghiep": "occupation",
    "occupation": "occupation",
    "don vi": "organisation",
    "co quan": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
}
GENDERS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
}


# A row's problems are stored as (key, parameters) and worded when shown, in the reader's language.
Problem = tuple[str, dict[str, Any]]
PROBLEMS = {
    "no_name": gettext_lazy("The name is missing."),
    "bad_year": gettext_lazy("“%(year)s” is not a year of birth."),
    "unknown_country": gettext_lazy("Unknown country “%(name)s”."),
    "bad_phone": gettext_lazy("“%(phone)s” is not a valid phone number."),
    "bad_email": gettext_lazy("“%(email)s” is not a valid email address."),
    "unknown_hometown": gettext_lazy(
        "Hometown “%(name)s” is not a commune or ward of the province."
    ),
    "ambiguous_hometown": gettext_lazy(
        "Hometown “%(name)s” matches several communes: be more precise."
    ),
}


class ImportFileError(Exception):
    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class RowResult:
    number: int  # as in the file, the header being row 1
    values: dict[str, Any]
    errors: list[Problem] = field(default_factory=list)
    matches: list[int] = field(default_factory=list)  # existing members, probably this person
    duplicate_of_row: int | None = None  # the same person earlier in the file

    @property
    def messages(self) -> list[str]:
        return [str(PROBLEMS[key]) % params for key, params in self.errors]

    @property
    def will_create(self) -> bool:
        return not self.errors and not self.matches and self.duplicate_of_row is None

    @property
    def will_match(self) -> bool:
        return not self.errors and bool(self.matches) and self.duplicate_of_row is None


# --- Reading -------------------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet or of the CSV, keyed by field name, text in NFC."""
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(gettext_lazy("The file is larger than 5 MB."))
    if not data.strip():
        raise ImportFileError(gettext_lazy("The file is empty."))
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data)
    table = [[nfc(str(cell or "")).strip() for cell in row] for row in table]
    table = [row for row in table if any(row)]
    if not table:
        raise ImportFileError(gettext_lazy("The file is empty."))
    header = [HEADERS.get(fold(cell).rstrip(":"), "") for cell in table[0]]
    if "full_name" not in header:
        raise ImportFileError(
            gettext_lazy("No column of names was found: the first row must name the columns.")
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(gettext_lazy("The file has more than 5,000 rows: split it."))
    return [
        {name: value for name, value in zip(header, row, strict=False) if name} for row in table[1:]
    ]


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")  # Vietnamese Windows
        except UnicodeDecodeError as error:
            raise ImportFileError(
                gettext_lazy("The file could not be read: save it as CSV (UTF-8) or Excel.")
            ) from error
    if "\x00" in text:
        raise ImportFileError(
            gettext_lazy("The file could not be read: save it as CSV (UTF-8) or Excel.")
        )
    first_line = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise ImportFileError(
            gettext_lazy("The file could not be read: save it as CSV (UTF-8) or Excel.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


# --- Checking ------------------------------------------------------------------------------------


def _country_codes() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for code, name in countries:
                names[fold(str(name))] = code
    for code, _name in countries:
        names[code.lower()] = code
    return names


UNIT_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")


def _bare(name: str) -> str:
    """ "Xã Thạch Đài" → "thach dai": lists often leave out the kind of unit."""
    folded = fold(name)
    for prefix in UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _hometown(text: str, province: str) -> tuple[int | None, int | None, Problem | None]:
    """(ward id, pre-2025 commune id, problem) for what the list says.

    Accepted when every match lies in the same ward today, or when the first match is exactly
    the name written; otherwise the row is ambiguous and the officer corrects the file.
    """
    cleaned = re.sub(r"[,;/]+", " ", text)
    matches = find_hometowns(cleaned, province, limit=5)
    if not matches and "," in text:
        matches = find_hometowns(text.split(",")[0], province, limit=5)
    if not matches:
        return None, None, ("unknown_hometown", {"name": text})
    first = matches[0]
    named = first.legacy_commune.name if first.legacy_commune else first.ward.name
    same_ward = len({m.ward.pk for m in matches}) == 1
    if not same_ward and _bare(named) != _bare(text.split(",")[0]):
        return None, None, ("ambiguous_hometown", {"name": text})
    return first.ward.pk, (first.legacy_commune.pk if first.legacy_commune else None), None


def validate_rows(rows: list[dict[str, str]], province: str) -> list[RowResult]:
    country_codes = _country_codes()
    this_year = timezone.now().year
    seen: dict[tuple[Any, ...], int] = {}
    results = []
    for index, row in enumerate(rows, start=2):
        values: dict[str, Any] = {
            key: row.get(key, "")
            for key in ("full_name", "other_names", "village", "city", "occupation", "organisation")
        }
        result = RowResult(number=index, values=values)
        errors = result.errors
        values["full_name"] = " ".join(values["full_name"].split())
        if len(values["full_name"]) < 2:
            errors.append(("no_name", {}))
        year = row.get("birth_year", "").strip()
        values["birth_year"] = None
        if year:
            if year.isdigit() and 1900 <= int(year) <= this_year:
                values["birth_year"] = int(year)
            else:
                errors.append(("bad_year", {"year": year}))
        values["gender"] = GENDERS.get(fold(row.get("gender", "")), "")
        country_text = row.get("country", "")
        values["country"] = country_codes.get(fold(country_text), "") if country_text else ""
        if country_text and not values["country"]:
            errors.append(("unknown_country", {"name": country_text}))
        phone = row.get("phone", "")
        values["phone"] = ""
        if phone:
            try:
                parsed = phonenumbers.parse(phone, values["country"] or "VN")
                if not phonenumbers.is_valid_number(parsed):
                    raise phonenumbers.NumberParseException(0, "invalid")
                values["phone"] = phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
            except phonenumbers.NumberParseException:
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
            ward, legacy, error = _hometown(hometown, province)
            values["ward"], values["legacy"] = ward, legacy
            if error:
                errors.append(error)
        values["city_geonameid"] = None
        if values["country"] and values["city"]:
            cities = gazetteer.find_cities(values["country"], values["city"], limit=1)
            if cities and fold(cities[0].name) == fold(values["city"]):
                values["city"] = cities[0].name
                values["city_geonameid"] = cities[0].geonameid
        if not errors:
            keys: list[tuple[Any, ...]] = [
                ("name", fold(values["full_name"]), values["birth_year"], values["ward"])
            ]
            keys += [("email", values["email"])] if values["email"] else []
            keys += [("phone", values["phone"])] if values["phone"] else []
            for key in keys:
                if key in seen:
                    result.duplicate_of_row = seen[key]
                    break
            for key in keys:
                seen.setdefault(key, index)
            result.matches = [
                m.pk
                for m in find_matches(
                    full_name=values["full_name"],
                    birth_year=values["birth_year"],
                    ward_id=values["ward"],
                    email=values["email"],
                    phone=values["phone"],
                )
            ]
        results.append(result)
    return results


def stage(filename: str, data: bytes, *, actor: User, association_id: int | None) -> ImportBatch:
    """Read and check a file; keep the results for the preview. Raises ImportFileError."""
    rows = read_table(filename, data)
    results = validate_rows(rows, settings.PROVINCE_CODE)
    return ImportBatch.objects.create(
        created_by=actor,
        filename=filename[:200],
        association_id=association_id,
        rows=[asdict(result) for result in results],
    )


def results_of(batch: ImportBatch) -> list[RowResult]:
    results = [RowResult(**row) for row in batch.rows]
    for result in results:  # JSON turned the (key, parameters) pairs into lists
        result.errors = [(key, params) for key, params in result.errors]
    return results


# --- Committing ----------------------------------------------------------------------------------


def commit_batch(batch: ImportBatch, *, actor: User) -> tuple[int, int]:
    """Create every valid new person and link matched ones, all at once; one audit entry."""
    if batch.committed_at is not None:
        return batch.created_count, batch.matched_count
    created = matched = 0
    with transaction.atomic():
        for result in results_of(batch):
            if result.errors or result.duplicate_of_row is not None:
                continue
            if result.matches:
                member = Member.objects.get(pk=result.matches[0])
                matched += 1
            else:
                member = _create(result.values)
                created += 1
            if batch.association_id:
                member.associations.add(batch.association_id)
        batch.committed_at = timezone.now()
        batch.created_count, batch.matched_count = created, matched
        batch.rows = []
        batch.save()
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            batch=batch.pk,
            created=created,
            matched=matched,
        )
    return created, matched


def _create(values: dict[str, Any]) -> Member:
    city = gazetteer.city_by_id(values["city_geonameid"]) if values["city_geonameid"] else None
    member = Member(
        full_name=values["full_name"],
        other_names=values["other_names"],
        birth_year=values["birth_year"],
        gender=values["gender"],
        hometown_ward_id=values["ward"],
        hometown_legacy_id=values["legacy"],
        hometown_village=values["village"],
        country=values["country"],
        city_name=values["city"],
        city_geonameid=city.geonameid if city else None,
        latitude=city.latitude if city else None,
        longitude=city.longitude if city else None,
        email=values["email"],
        phone=values["phone"],
        occupation=values["occupation"],
        organisation=values["organisation"],
        source=Member.Source.IMPORT,
    )
    member.save()
    return member
