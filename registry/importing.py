"""Import an association's member list (CSV or Excel): read, check each row, match, commit.

Lists arrive as they are kept: Excel files, CSV saved by Excel with a BOM and semicolons (or in
the old Vietnamese Windows code page), names typed on a Mac (decomposed Unicode), a title above
the header row, headers in Vietnamese or English, sometimes the family name and the given name in
two columns. Nothing is written until an officer has seen the preview; then every valid row is
written in one transaction, or none. Rows with errors are skipped and listed by their row number
in the file; rows that match an existing record (same person by name, year and hometown, or same
email or phone) are linked to it instead of creating a second. Imported people did not agree to
anything on this site, so no consent is recorded for them.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
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
from registry.hometowns import HometownMatch, find_hometowns
from registry.models import AuditEntry, ImportBatch, Member
from registry.services import audit
from registry.text import fold, nfc

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000
# Lists often open with a title ("DANH SÁCH HỘI VIÊN…") and a blank line: the header row is the
# first of these many non-empty rows that names a column of names.
HEADER_SEARCH_ROWS = 10

# Folded header (without anything in brackets) → field. Vietnamese and English, as written.
HEADERS = {
    "ho va ten": "full_name",
    "ho ten": "full_name",
    "ho va ten day du": "full_name",
    "ho ten day du": "full_name",
    "full name": "full_name",
    "name": "full_name",
    # Two name columns are joined in Vietnamese order, family name first ("Nguyễn" + "Văn An").
    "ho": "family_name",
    "ho dem": "family_name",
    "ho va dem": "family_name",
    "ho va ten dem": "family_name",
    "surname": "family_name",
    "last name": "family_name",
    "family name": "family_name",
    "ten": "given_name",  # the whole name when there is no family-name column
    "first name": "given_name",
    "given name": "given_name",
    "given names": "given_name",
    "ten khac": "other_names",
    "other names": "other_names",
    "nam sinh": "birth_year",
    "ngay sinh": "birth_year",
    "ngay thang nam sinh": "birth_year",
    "birth year": "birth_year",
    "year of birth": "birth_year",
    "date of birth": "birth_year",
    "birth date": "birth_year",
    "gioi tinh": "gender",
    "gender": "gender",
    "sex": "gender",
    "que quan": "hometown",
    "que": "hometown",
    "hometown": "hometown",
    "thon/xom": "village",
    "thon xom": "village",
    "thon": "village",
    "xom": "village",
    "village": "village",
    "quoc gia": "country",
    "nuoc": "country",
    "nuoc cu tru": "country",
    "quoc gia cu tru": "country",
    "country": "country",
    "country of residence": "country",
    "thanh pho": "city",
    "city": "city",
    "email": "email",
    "e-mail": "email",
    "e mail": "email",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "sdt": "phone",
    "so dt": "phone",
    "phone": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "nghe nghiep": "occupation",
    "occupation": "occupation",
    "don vi": "organisation",
    "co quan": "organisation",
    "noi lam viec": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "company": "organisation",
}
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
# The marks Vietnamese text in code page 1258 is written with (it has few precomposed letters).
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# A row's problems are stored as (key, parameters) and worded when shown, in the reader's language:
# the batch waits in the database, and the officer may switch language before committing.
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
UNREADABLE = gettext_lazy("The file could not be read: save it as CSV (UTF-8) or Excel.")
TOO_MANY_ROWS = gettext_lazy("The file has more than 5,000 rows: split it.")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` is translated lazily for the form."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class Row(dict[str, str]):
    """One data row, keyed by field; `number` is its row in the file (the header being row 1
    when it is the first), so that the officer finds the row to correct."""

    number: int

    def __init__(self, values: Mapping[str, str], number: int) -> None:
        super().__init__(values)
        self.number = number


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


def read_table(upload_name: str, data: bytes) -> list[Row]:
    """Data rows of the first sheet or of the CSV, keyed by field name, text in NFC.

    Columns nobody maps (notes, row numbers…) are dropped. Raises ImportFileError.
    """
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(gettext_lazy("The file is larger than 5 MB."))
    if not data.strip():
        raise ImportFileError(gettext_lazy("The file is empty."))
    # By content rather than by name: "list.csv" is sometimes a renamed workbook.
    if data.startswith(b"PK\x03\x04") or upload_name.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):  # the pre-2007 .xls format
        raise ImportFileError(UNREADABLE)
    else:
        table = _read_csv(data)
    if not table:
        raise ImportFileError(gettext_lazy("The file is empty."))
    header_at = _find_header(table)
    if header_at is None:
        raise ImportFileError(
            gettext_lazy("No column of names was found: the first row must name the columns.")
        )
    header = [_field_of(cell) for cell in table[header_at][1]]
    body = table[header_at + 1 :]
    if len(body) > MAX_ROWS:
        raise ImportFileError(TOO_MANY_ROWS)
    rows = []
    for number, cells in body:
        values: dict[str, str] = {}
        for name, value in zip(header, cells, strict=False):
            if name and not values.get(name):  # of two columns for one field, the filled one
                values[name] = value
        _join_names(values, header)
        rows.append(Row(values, number))
    return rows


def _field_of(cell: str) -> str:
    """ "Quê quán (xã, huyện):" → "hometown"; "" for a column that is not imported."""
    folded = fold(re.sub(r"\(.*?\)|\[.*?\]", " ", cell)).strip(" :*.")
    return HEADERS.get(folded, "")


def _find_header(table: Sequence[tuple[int, list[str]]]) -> int | None:
    for index, (_number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        names = {_field_of(cell) for cell in cells}
        if names & {"full_name", "given_name"}:
            return index
    return None


def _join_names(values: dict[str, str], header: list[str]) -> None:
    family = values.pop("family_name", "")
    given = values.pop("given_name", "")
    if "full_name" not in header:
        values["full_name"] = f"{family} {given}".strip()


def _cleaned(cells: Iterable[Any]) -> list[str]:
    return [nfc(_cell_text(cell)).strip() for cell in cells]


def _cell_text(value: Any) -> str:
    """Excel stores years and phone numbers as numbers and birth dates as dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value)


def _numbered(rows: Iterable[Sequence[Any]]) -> list[tuple[int, list[str]]]:
    """Non-empty rows with their number in the file; stops once there are too many."""
    table = []
    for number, row in enumerate(rows, start=1):
        cells = _cleaned(row)
        if any(cells):
            table.append((number, cells))
            if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportFileError(TOO_MANY_ROWS)
    return table


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 (Excel's "Unicode text"); else a Windows code page.

    Code page 1258 (Vietnamese) and 1252 (Western Europe) read almost any bytes, but differently:
    byte E3 is "ă" in one and "ã" in the other. Vietnamese written in 1258 always carries tone
    marks as separate characters, so their presence decides; a list without them is read as 1252,
    which keeps "São Paulo" from becoming "Săo Paulo".
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(UNREADABLE) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        vietnamese: str | None = data.decode("cp1258")
    except UnicodeDecodeError:
        vietnamese = None
    if vietnamese is not None and VIETNAMESE_MARKS.intersection(vietnamese):
        return vietnamese
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        if vietnamese is not None:
            return vietnamese
        raise ImportFileError(UNREADABLE) from error


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    if "\x00" in text:  # a binary file that happened to decode
        raise ImportFileError(UNREADABLE)
    delimiter = _sniff_delimiter(text)
    try:
        return _numbered(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # an unbalanced quote swallowing the file, say
        raise ImportFileError(UNREADABLE) from error


def _sniff_delimiter(text: str) -> str:
    """The delimiter under which the most header cells are recognised.

    Counting delimiters alone is fooled by commas inside "xã X, huyện Y" in a semicolon file and
    by a title line above the header.
    """
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS * 2])

    def score(delimiter: str) -> tuple[int, int]:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            return (-1, 0)
        recognised = max((sum(1 for c in row if _field_of(c)) for row in rows), default=0)
        return (recognised, sample.count(delimiter))

    return max((",", ";", "\t"), key=score)


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise ImportFileError(UNREADABLE) from error
    try:
        # Read-only sheets yield missing rows as empty ones: numbers stay those Excel shows.
        return _numbered(workbook.worksheets[0].iter_rows(values_only=True))
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged sheet inside a valid zip
        raise ImportFileError(UNREADABLE) from error
    finally:
        workbook.close()


# --- Checking ------------------------------------------------------------------------------------


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
    seen: dict[tuple[Any, ...], int] = {}
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
        if not errors:
            _find_same_person(result, seen)
        results.append(result)
    return results


def _find_same_person(result: RowResult, seen: dict[tuple[Any, ...], int]) -> None:
    """Earlier rows of the file, then existing records, that are probably this person."""
    values = result.values
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
        seen.setdefault(key, result.number)
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


def commit_batch(batch: ImportBatch, actor: User | None) -> tuple[int, int]:
    """Create every valid new person and link matched ones, all at once; one audit entry.

    The batch is claimed by one conditional UPDATE first, so that a double click or two officers'
    tabs commit it once: the second waits for the first and then finds it committed. Anything
    failing later rolls the claim back with the rest.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).update(
            committed_at=now
        )
        if not claimed:
            batch.refresh_from_db()
            return batch.created_count, batch.matched_count
        results = [r for r in results_of(batch) if not r.errors and r.duplicate_of_row is None]
        existing = Member.objects.in_bulk({pk for r in results for pk in r.matches})
        linked: list[Member] = []
        created = matched = 0
        for result in results:
            member = _still_there(result, existing)
            if member is not None:
                matched += 1
            else:
                member = _create(result.values)
                created += 1
            linked.append(member)
        if batch.association_id:
            for member in linked:
                member.associations.add(batch.association_id)
        batch.committed_at = now
        batch.created_count, batch.matched_count = created, matched
        batch.rows = []
        batch.save()
        audit(actor, AuditEntry.Action.IMPORT, batch=batch.pk, created=created, matched=matched)
    return created, matched


def _still_there(result: RowResult, existing: dict[int, Member]) -> Member | None:
    """The record the preview matched, or, if it was merged or deleted since, a fresh match."""
    if not result.matches:
        return None
    for pk in result.matches:
        if pk in existing:
            return existing[pk]
    values = result.values
    found = find_matches(
        full_name=values["full_name"],
        birth_year=values["birth_year"],
        ward_id=values["ward"],
        email=values["email"],
        phone=values["phone"],
    )
    return found[0] if found else None


def _create(values: dict[str, Any]) -> Member:
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if values["city_geonameid"] and latitude is None:  # staged before coordinates were kept
        city = gazetteer.city_by_id(values["city_geonameid"])
        latitude, longitude = (city.latitude, city.longitude) if city else (None, None)
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
        city_geonameid=values["city_geonameid"],
        latitude=latitude,
        longitude=longitude,
        email=values["email"],
        phone=values["phone"],
        occupation=values["occupation"],
        organisation=values["organisation"],
        source=Member.Source.IMPORT,
    )
    member.save()
    return member
