"""Import an association's member list (CSV or Excel): read, check each row, match, decide,
commit, undo.

Lists arrive as they are kept: Excel files, CSV saved by Excel with a BOM and semicolons (or in
the old Vietnamese Windows code page), names typed on a Mac (decomposed Unicode), a title above
the header row, headers in Vietnamese or English, sometimes the family name and the given name in
two columns. Nothing is written until an officer has seen the preview; then every valid row is
written in one transaction, or none. Rows with errors (a value longer than its column among them)
are skipped and listed by their row number in the file.

Matching looks only at records in the registry. A row with the same name, year of birth and
hometown as a record is that person unless the officer says otherwise; a row that shares only an
email address or a phone number with a record or an earlier row (a family's shared email) waits
for the officer's decision: the same person, a different one, or skip. A matched row's new values
are proposals, taken field by field as the officer accepts them, never over what the person gave
us without the officer seeing both. A match by a contact detail the officer may not see names
nobody. The commit keeps what it did (`ImportBatch.changes`) so that it can be undone while
nothing else has touched those records. Imported people did not agree to anything on this site,
so no consent is recorded for them.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import User
from registry import gazetteer, xlsx
from registry.hometowns import HometownMatch, find_hometowns
from registry.models import (
    AuditEntry,
    Consent,
    ImportBatch,
    LegacyCommune,
    Member,
    MergeRecord,
    RecordInvitation,
    Ward,
)
from registry.services import audit
from registry.text import fold, nfc

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000
# Every row read counts, blank ones too, so that a sheet naming row 1,048,576 stops here; the slack
# is for a title, blank lines between groups and empty rows left below the list.
MAX_ROWS_READ = MAX_ROWS + 1000
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
    "too_long": gettext_lazy(
        "%(field)s is %(length)s characters long: the registry keeps at most %(limit)s."
    ),
}
UNREADABLE = gettext_lazy("The file could not be read: save it as CSV (UTF-8) or Excel.")
TOO_MANY_ROWS = gettext_lazy("The file has more than 5,000 rows: split it.")
UNPACKED_TOO_LARGE = gettext_lazy(
    "The file is too large once unpacked: save only the list, without other sheets or pictures, "
    "or split it."
)
CELL_TOO_LONG = gettext_lazy("A cell of the file is longer than Excel allows (32,767 characters).")
TOO_MANY_CELLS = gettext_lazy(
    "The sheet has too many cells: keep only the list's columns and rows, or split it."
)

# A row's value → the record's field it is written to. Each value is checked against that
# field's own length (`Member._meta`), so a column widened by a migration is read here too.
COLUMNS = {
    "full_name": "full_name",
    "other_names": "other_names",
    "village": "hometown_village",
    "city": "city_name",
    "email": "email",
    "occupation": "occupation",
    "organisation": "organisation",
}

# What an officer decides for a row that may be someone already known. "same:<n>" picks the
# row's n-th candidate record.
NEW, SKIP, SAME_AS_ROW, SAME = "new", "skip", "row", "same:"
# A record is probably the person by these (`RowResult.candidates[…]["by"]`).
BY_NAME, BY_EMAIL, BY_PHONE = "name", "email", "phone"
# Candidates kept per row: a list naming a common name with no year would otherwise drag in
# half the registry.
MAX_CANDIDATES = 10


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
    """One row as checked, matched and decided; kept as JSON in `ImportBatch.rows`."""

    number: int  # as in the file, the header being row 1
    values: dict[str, Any]
    errors: list[Problem] = field(default_factory=list)
    # Records in the registry that are probably this person, and why: {"id": 12, "by": ["name"]}
    # (name means the same name, year of birth and hometown), name matches first.
    candidates: list[dict[str, Any]] = field(default_factory=list)
    duplicate_of_row: int | None = None  # the same name, year and hometown earlier in the file
    shares_with_row: int | None = None  # an earlier row with this email or phone, another name
    decision: str = ""  # NEW, SKIP, SAME_AS_ROW or SAME + candidate index; "" = undecided
    accepted: list[str] = field(default_factory=list)  # CHANGE_GROUPS taken from the list
    seen: str = ""  # `record_digest` of the chosen record when the officer accepted them
    reviewed: bool = False  # the officer has sent the page showing this row

    @property
    def messages(self) -> list[str]:
        return [problem_text(key, params) for key, params in self.errors]

    @property
    def matches(self) -> list[int]:
        return [candidate["id"] for candidate in self.candidates]

    @property
    def importable(self) -> bool:
        return not self.errors and self.duplicate_of_row is None

    @property
    def asks(self) -> bool:
        """The row offers a choice: it may be someone already in the registry or the file."""
        return self.importable and bool(self.candidates or self.shares_with_row)

    @property
    def needs_decision(self) -> bool:
        """Nothing may be assumed: a shared email or phone, or several possible records."""
        return self.asks and (
            self.shares_with_row is not None
            or len(self.candidates) > 1
            or any(BY_NAME not in candidate["by"] for candidate in self.candidates)
        )

    @property
    def undecided(self) -> bool:
        return self.importable and not self.decision

    @property
    def chosen(self) -> int | None:
        """The index of the candidate the row was decided to be, if any."""
        if self.decision.startswith(SAME):
            return int(self.decision[len(SAME) :])
        return None

    def choices(self) -> list[str]:
        """The decisions this row allows."""
        if not self.importable:
            return []
        allowed = [NEW, SKIP, *(f"{SAME}{n}" for n in range(len(self.candidates)))]
        return allowed + ([SAME_AS_ROW] if self.shares_with_row else [])

    @property
    def will_create(self) -> bool:
        return self.importable and self.decision == NEW

    @property
    def will_match(self) -> bool:
        return self.importable and self.chosen is not None


def problem_text(key: str, params: dict[str, Any]) -> str:
    """A stored problem in the reader's language."""
    if key == "too_long":
        params = {**params, "field": capfirst(str(member_field(params["field"]).verbose_name))}
    return str(PROBLEMS[key]) % params


def member_field(name: str) -> models.Field[Any, Any]:
    found = Member._meta.get_field(name)
    assert isinstance(found, models.Field)  # noqa: S101 - a column, never a relation's reverse
    return found


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
    """Non-empty rows with their number in the file; stops once there are too many, read or kept."""
    table = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS_READ:
            raise ImportFileError(TOO_MANY_ROWS)
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
    try:
        return _numbered(xlsx.sheet_rows(data))
    except xlsx.UnpackedTooLarge as error:
        raise ImportFileError(UNPACKED_TOO_LARGE) from error
    except xlsx.CellTooLong as error:
        raise ImportFileError(CELL_TOO_LONG) from error
    except xlsx.TooManyCells as error:
        raise ImportFileError(TOO_MANY_CELLS) from error
    except xlsx.WorkbookError as error:
        raise ImportFileError(UNREADABLE) from error


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
    earlier = _Earlier()
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
            _find_same_person(result, earlier)
        result.decision = _default_decision(result)
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


# --- Matching ------------------------------------------------------------------------------------


@dataclass
class _Earlier:
    """The rows of the file seen so far: by identity, and by email and phone."""

    names: dict[tuple[Any, ...], int] = field(default_factory=dict)
    contacts: dict[tuple[str, str], int] = field(default_factory=dict)


def _name_key(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return (fold(values["full_name"]), values["birth_year"], values["ward"])


def _find_same_person(result: RowResult, earlier: _Earlier) -> None:
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


def _default_decision(result: RowResult) -> str:
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


# --- Staging and deciding ------------------------------------------------------------------------


def stage(filename: str, data: bytes, *, actor: User, association_id: int | None) -> ImportBatch:
    """Read and check a file; keep the results for the preview; audit the upload and the records
    it matched. Raises ImportFileError."""
    rows = read_table(filename, data)
    results = validate_rows(rows, settings.PROVINCE_CODE)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=actor,
            filename=filename[:200],
            association_id=association_id,
            rows=[asdict(result) for result in results],
        )
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            subjects={pk for result in results for pk in result.matches},
            step="upload",
            batch=batch.pk,
            rows=len(results),
            errors=sum(1 for result in results if result.errors),
            matched=sum(1 for result in results if result.candidates),
        )
    return batch


RESULT_FIELDS = frozenset(f.name for f in fields(RowResult))


def _result(row: Mapping[str, Any]) -> RowResult:
    result = RowResult(**{key: value for key, value in row.items() if key in RESULT_FIELDS})
    result.errors = [(key, params) for key, params in result.errors]  # JSON made them lists
    return result


def results_of(batch: ImportBatch) -> list[RowResult]:
    return [_result(row) for row in batch.rows]


@dataclass(frozen=True)
class Decision:
    """What the officer chose for one row of the page they sent: `choice` (NEW, SKIP,
    SAME_AS_ROW, SAME + index), the change groups taken, and the digest of the record they saw."""

    choice: str
    accepted: tuple[str, ...] = ()
    seen: str = ""


def save_decisions(batch: ImportBatch, decisions: Mapping[int, Decision]) -> None:
    """Keep the officer's choices for the rows of one page until the commit.

    The batch row is locked, so that two tabs saving different pages keep both.
    """
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update().filter(pk=batch.pk, committed_at=None).first()
        )
        if locked is None:
            return
        for row in locked.rows:
            decision = decisions.get(row["number"])
            if decision is None:
                continue
            result = _result(row)
            row["reviewed"] = True
            if not result.asks:
                continue
            choice = decision.choice if decision.choice in result.choices() else ""
            taken = choice.startswith(SAME) and bool(decision.seen)
            row["decision"] = choice
            row["accepted"] = [g for g in decision.accepted if g in CHANGE_GROUPS] if taken else []
            row["seen"] = decision.seen if row["accepted"] else ""
        locked.save(update_fields=["rows"])
    batch.rows = locked.rows


def discard_batch(batch: ImportBatch, actor: User) -> None:
    with transaction.atomic():
        deleted, _by_model = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).delete()
        if deleted:
            audit(actor, AuditEntry.Action.IMPORT, step="discard", batch=batch.pk)


# --- What a matched row would change -------------------------------------------------------------

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


def _values_of(member: Member) -> dict[str, Any]:
    """The record's importable fields as JSON holds them (country code, phone in E.164)."""
    data = {}
    for attnames in CHANGE_GROUPS.values():
        for attname in attnames:
            value = getattr(member, attname)
            if attname in ("country", "phone"):
                value = str(getattr(value, "code", value) or "")
            data[attname] = value
    return data


def _proposed(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
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


def _differs(group: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
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
    old = _values_of(member)
    changes, withheld = [], False
    for group, new in _proposed(values).items():
        if group in CONTACT_GROUPS and group not in shown:
            withheld = True
            continue
        current = {attname: old[attname] for attname in new}
        if not _differs(group, current, new):
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
    text = json.dumps(_values_of(member), sort_keys=True, default=str)
    return salted_hmac("registry.importing.seen", text).hexdigest()[:32]


# --- Committing ----------------------------------------------------------------------------------


class UndecidedRows(Exception):
    """Rows still wait for the officer's decision; nothing was written."""

    def __init__(self, rows: list[int]) -> None:
        super().__init__(f"rows {rows} are undecided")
        self.rows = rows


@dataclass
class CommitOutcome:
    created: int = 0
    updated: int = 0
    matched: int = 0  # rows that are a record already in the registry (updated ones included)
    skipped: int = 0


def _state(member: Member) -> dict[str, Any]:
    """What undo compares to know that nothing touched the record since."""
    return {"version": member.version, "updated_at": member.updated_at.isoformat()}


def commit_batch(
    batch: ImportBatch, actor: User | None, contacts: ContactRule = no_contacts
) -> CommitOutcome:
    """Carry out every decided row at once; one audit entry naming every record touched.

    New people are created; a row decided to be a record links it to the association and writes
    the changes the officer accepted, only if the record is still as they saw it. `contacts`
    says which contact details of a record the officer may see (`can_see_contact`); a record
    matched only by one they may not see is left as it is. What was done is kept in `changes`
    for the result list and the undo. The batch is claimed by one conditional UPDATE first, so
    that a double click or two officers' tabs commit it once. Raises UndecidedRows.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).update(
            committed_at=now
        )
        batch.refresh_from_db()
        if not claimed:
            return CommitOutcome()
        results = results_of(batch)
        undecided = [result.number for result in results if result.undecided]
        if undecided:
            raise UndecidedRows(undecided)  # the claim is rolled back with it
        chosen = {r.candidates[r.chosen]["id"] for r in results if r.chosen is not None}
        existing = Member.objects.in_registry().select_for_update().filter(pk__in=chosen)
        records = {m.pk: m for m in existing.prefetch_related("consented_purposes")}
        changes: dict[str, Any] = {"created": [], "updated": {}, "linked": [], "after": {}}
        changes["rows"] = []
        outcome = CommitOutcome()
        for result in results:
            if not result.importable or result.decision in (SKIP, SAME_AS_ROW):
                outcome.skipped += 1
                continue
            row: dict[str, Any] = {"row": result.number}
            if result.decision == NEW:
                member = _create(result.values)
                changes["created"].append(member.pk)
                changes["after"][str(member.pk)] = _state(member)
                outcome.created += 1
                row.update(outcome="created", member=member.pk)
            else:
                candidate = result.candidates[result.chosen or 0]
                found = records.get(candidate["id"])
                if found is None or not shown_reasons(candidate, found, contacts):
                    # Merged or deleted since; or matched by a contact the officer may not
                    # see, which names nobody and changes nothing.
                    gone = found is None
                    outcome.skipped += gone
                    outcome.matched += not gone
                    changes["rows"].append({**row, "outcome": "gone" if gone else "hidden"})
                    continue
                member = found
                outcome.matched += 1
                written = _apply(result, member, contacts(member), changes)
                if written is None:
                    row.update(outcome="stale", member=member.pk, fields=result.accepted)
                elif written:
                    outcome.updated += 1
                    row.update(outcome="updated", member=member.pk, fields=written)
                else:
                    row.update(outcome="matched", member=member.pk)
            changes["rows"].append(row)
            if (
                batch.association_id
                and not member.associations.filter(pk=batch.association_id).exists()
            ):
                member.associations.add(batch.association_id)
                if row["outcome"] != "created":
                    changes["linked"].append(member.pk)
        batch.committed_at = now
        batch.created_count, batch.matched_count = outcome.created, outcome.matched
        batch.rows = []
        batch.changes = changes
        batch.save()
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            subjects={row["member"] for row in changes["rows"] if row.get("member")},
            step="commit",
            batch=batch.pk,
            created=outcome.created,
            updated=outcome.updated,
            matched=outcome.matched,
            skipped=outcome.skipped,
        )
    return outcome


def _apply(
    result: RowResult, member: Member, shown: Collection[str], changes: dict[str, Any]
) -> list[str] | None:
    """Write the changes the officer accepted for `member`, keeping each field's value before
    in `changes`; None, writing nothing, when the record changed since they saw it."""
    if not result.accepted:
        return []
    if record_digest(member) != result.seen:
        return None
    old = _values_of(member)
    proposed = _proposed(result.values)
    before: dict[str, Any] = {}
    written = []
    for group in result.accepted:
        new = proposed.get(group)
        if new is None or (group in CONTACT_GROUPS and group not in shown):
            continue
        if not _differs(group, {attname: old[attname] for attname in new}, new):
            continue
        for attname, value in new.items():
            before[attname] = old[attname]
            setattr(member, attname, value)
        written.append(group)
    if written:
        member.version += 1
        member.save(update_fields=[*before, *Member.DERIVED_FIELDS, "version"])
        kept = changes["updated"].setdefault(str(member.pk), {})
        for attname, value in before.items():
            kept.setdefault(attname, value)  # a second row for the same record: the first's
        changes["after"][str(member.pk)] = _state(member)
    return written


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


# --- Undoing -------------------------------------------------------------------------------------


class UndoBlocked(Exception):
    """Records the import touched have changed since; nothing was undone."""

    def __init__(self, blockers: list[Blocker]) -> None:
        super().__init__(f"{len(blockers)} records changed since the import")
        self.blockers = blockers


@dataclass(frozen=True)
class Blocker:
    member_id: int
    name: str  # "" when the record is no longer there


def can_undo(batch: ImportBatch) -> bool:
    changes = batch.changes or {}
    touched = changes.get("created") or changes.get("updated") or changes.get("linked")
    return batch.committed_at is not None and batch.undone_at is None and bool(touched)


def undo_blockers(batch: ImportBatch) -> list[Blocker]:
    """Records the import created or updated that something else has touched since: an edit
    (their version and time of update moved), a consent, an invitation, a merge, a login
    claiming the record, or a deletion."""
    changes = batch.changes or {}
    created = set(changes.get("created", []))
    ids = [*changes.get("created", []), *map(int, changes.get("updated", {}))]
    records = Member.objects.in_bulk(ids)
    since = batch.committed_at
    touched = {
        *Consent.objects.filter(member__in=ids, recorded_at__gte=since).values_list(
            "member_id", flat=True
        ),
        *RecordInvitation.objects.filter(member__in=ids, sent_at__gte=since).values_list(
            "member_id", flat=True
        ),
        *MergeRecord.objects.filter(member__in=ids, merged_at__gte=since).values_list(
            "member_id", flat=True
        ),
    }
    blockers = []
    for pk in ids:
        member = records.get(pk)
        if member is None:
            blockers.append(Blocker(pk, ""))
            continue
        after = changes.get("after", {}).get(str(pk), {})
        moved = member.version != after.get(
            "version"
        ) or member.updated_at.isoformat() != after.get("updated_at")
        if moved or pk in touched or (pk in created and member.user_id is not None):
            blockers.append(Blocker(pk, member.full_name))
    return blockers


def undo_batch(batch: ImportBatch, actor: User | None) -> bool:
    """Delete the records the import created, put back each field it changed as it was, and
    remove the association links it added: all, or nothing while `undo_blockers` names any.

    False when it had already been undone (a second click). Raises UndoBlocked.
    """
    try:
        with transaction.atomic():
            claimed = (
                ImportBatch.objects.filter(pk=batch.pk, undone_at=None)
                .exclude(committed_at=None)
                .update(undone_at=timezone.now())
            )
            batch.refresh_from_db()
            if not claimed:
                return False
            changes = batch.changes or {}
            created = list(changes.get("created", []))
            updated = {int(pk): before for pk, before in changes.get("updated", {}).items()}
            linked = [pk for pk in changes.get("linked", []) if pk not in created]
            locked = Member.objects.select_for_update().filter(pk__in=[*created, *updated])
            list(locked.values_list("pk", flat=True))
            blockers = undo_blockers(batch)
            if blockers:
                raise UndoBlocked(blockers)
            for member in Member.objects.filter(pk__in=updated):
                for attname, value in updated[member.pk].items():
                    setattr(member, attname, value)
                member.version += 1
                member.save(update_fields=[*updated[member.pk], *Member.DERIVED_FIELDS, "version"])
            if batch.association_id:
                for member in Member.objects.filter(pk__in=linked):
                    member.associations.remove(batch.association_id)
            for member in Member.objects.filter(pk__in=created):
                member.delete()
            audit(
                actor,
                AuditEntry.Action.IMPORT,
                subjects={*created, *updated, *linked},
                step="undo",
                batch=batch.pk,
                deleted=len(created),
                restored=len(updated),
                unlinked=len(linked),
            )
    except UndoBlocked:
        batch.refresh_from_db()
        raise
    return True


# --- Expiry --------------------------------------------------------------------------------------


def staged_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(hours=settings.IMPORT_STAGED_HOURS)


def has_expired(batch: ImportBatch) -> bool:
    """A list never committed and staged more than IMPORT_STAGED_HOURS ago (or by an older
    version of the import, without decisions) is refused; upload it again."""
    if batch.committed_at is not None:
        return False
    return batch.created_at < staged_cutoff() or any("decision" not in r for r in batch.rows)


def expire_batch(batch: ImportBatch) -> None:
    with transaction.atomic():
        deleted, _by_model = ImportBatch.objects.filter(pk=batch.pk, committed_at=None).delete()
        if deleted:
            audit(None, AuditEntry.Action.IMPORT, step="expire", batches=[batch.pk])


def expire_staged_batches(now: datetime.datetime | None = None) -> int:
    """Delete every list staged more than IMPORT_STAGED_HOURS ago and never committed; returns
    how many. For a scheduler: `manage.py expire_imports` (hourly); uploads call it as well."""
    with transaction.atomic():
        stale = ImportBatch.objects.filter(committed_at=None, created_at__lt=staged_cutoff(now))
        ids = list(stale.values_list("pk", flat=True))
        if ids:
            ImportBatch.objects.filter(pk__in=ids).delete()
            audit(None, AuditEntry.Action.IMPORT, step="expire", batches=ids)
    return len(ids)
