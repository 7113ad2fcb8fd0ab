"""Reading a list: the first sheet of a workbook or a CSV file, as rows of text keyed by field.

Lists arrive as they are kept: Excel files, CSV saved by Excel with a BOM and semicolons (or in
the old Vietnamese Windows code page), names typed on a Mac (decomposed Unicode), a title above
the header row, headers in Vietnamese or English, sometimes the family name and the given name in
two columns. A file that cannot be read as a whole raises ImportFileError, worded for the form.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy

from registry.importing.columns import HEADERS
from registry.text import fold, nfc
from registry.xlsx.limits import CellTooLong, TooManyCells, UnpackedTooLarge, WorkbookError
from registry.xlsx.reader import sheet_rows

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000
# Every row read counts, blank ones too, so that a sheet naming row 1,048,576 stops here; the slack
# is for a title, blank lines between groups and empty rows left below the list.
MAX_ROWS_READ = MAX_ROWS + 1000
# Lists often open with a title ("DANH SÁCH HỘI VIÊN…") and a blank line: the header row is the
# first of these many non-empty rows that names a column of names.
HEADER_SEARCH_ROWS = 10

# The marks Vietnamese text in code page 1258 is written with (it has few precomposed letters).
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

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
        return _numbered(sheet_rows(data))
    except UnpackedTooLarge as error:
        raise ImportFileError(UNPACKED_TOO_LARGE) from error
    except CellTooLong as error:
        raise ImportFileError(CELL_TOO_LONG) from error
    except TooManyCells as error:
        raise ImportFileError(TOO_MANY_CELLS) from error
    except WorkbookError as error:
        raise ImportFileError(UNREADABLE) from error
