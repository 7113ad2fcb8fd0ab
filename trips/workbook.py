"""Several tables in one Excel workbook, one sheet each: the briefing pack's spreadsheet.

`registry.exports.write_table_xlsx` writes one table; this writes several with the same cells
(a bold, frozen header row; text kept as text, never run as a formula; control characters left
out), in openpyxl's write-only mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from registry.exports import FORMULA_STARTS

# Characters Excel refuses in a sheet's name, and its length.
SHEET_NAME_REFUSED = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31


@dataclass
class Table:
    title: str
    heading: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[Any]]


def sheet_name(title: str, taken: set[str]) -> str:
    """A name Excel accepts, unlike those already `taken` (compared as Excel does, ignoring
    case)."""
    base = " ".join(title.translate(SHEET_NAME_REFUSED).split())[:SHEET_NAME_LENGTH] or "Sheet"
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def write_tables(tables: Iterable[Table], out: BinaryIO) -> None:
    book = openpyxl.Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=sheet_name(table.title, taken))
        for number, width in enumerate(table.widths):
            letter = openpyxl.utils.get_column_letter(number + 1)
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        labels = []
        for label in table.heading:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            labels.append(cell)
        sheet.append(labels)
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    if not taken:
        book.create_sheet(title="Sheet")
    book.save(out)


def _cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # text, even when it starts like a formula
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
