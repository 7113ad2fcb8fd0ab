"""Members as a spreadsheet for staff: CSV or Excel, the columns they choose, in the page's
language.

Names, not codes: countries, languages, sectors and interests are written as words in the
language of the page the export was asked from. Cells never run as formulas: a CSV cell that
would start one gets an apostrophe before it (`spreadsheet_text`, what spreadsheets read as
"this is text"); an Excel cell is text, marked "quote prefix" when it starts like a formula, so
it shows exactly what was typed and stays text when edited. Contact details appear only where
the caller says they may (`visible`): `export_file` passes `can_see_contact`. The columns
come from `registry.member_fields`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TextIO

import openpyxl
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from registry import services
from registry.member_fields import Column, export_columns
from registry.models import AuditEntry, Member
from registry.permissions import can_see_contact
from registry.text import fold

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A file name says which search it holds in a few words, never more than this many characters.
MAX_NAME_WORDS_LENGTH = 80


def spreadsheet_text(value: str) -> str:
    """Free text a member typed, never run as a formula by the spreadsheet that opens the file."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


COLUMNS: dict[str, Column] = export_columns()
DEFAULT_COLUMNS = [key for key, column in COLUMNS.items() if not column.optional]


def chosen_columns(keys: Sequence[str]) -> list[str]:
    """The known columns among `keys`, in the table's order; every usual one when none is."""
    wanted = set(keys)
    return [key for key in COLUMNS if key in wanted] or list(DEFAULT_COLUMNS)


def with_export_data(members: Any, columns: Sequence[str]) -> Any:
    """What the columns read, in a fixed number of queries whatever the number of members."""
    if "associations" in columns:
        members = members.prefetch_related("associations")
    return members


def rows(
    members: Iterable[Member],
    columns: Sequence[str],
    visible: Callable[[Member], Iterable[str]],
    exported: list[int],
) -> Iterator[list[str | int | None]]:
    """Each member's cells (contact ones empty unless `visible`); their ids go to `exported`."""
    for member in members:
        shown = frozenset(visible(member))
        cells = []
        for key in columns:
            column = COLUMNS[key]
            hidden = column.contact and column.contact not in shown
            cells.append(None if hidden else column.value(member))
        exported.append(member.pk)
        yield cells


def header(columns: Sequence[str]) -> list[str]:
    return [str(COLUMNS[key].label) for key in columns]


def write_csv(columns: Sequence[str], cells: Iterable[list[Any]], out: TextIO) -> None:
    """The rows as CSV into `out` (a text file opened with newline="", or a StringIO)."""
    write_table_csv(header(columns), cells, out)


def write_table_csv(heading: Sequence[str], cells: Iterable[list[Any]], out: TextIO) -> None:
    """Any table as CSV: a header, then rows of cells (free text never run as a formula)."""
    out.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(out)
    writer.writerow(heading)
    for row in cells:
        writer.writerow(
            [spreadsheet_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row]
        )


def write_xlsx(
    columns: Sequence[str], cells: Iterable[list[Any]], title: str, out: BinaryIO
) -> None:
    """The rows as an Excel workbook into `out`; openpyxl's write-only mode keeps the rows on
    disk, not in memory, until the file is saved."""
    widths = [COLUMNS[key].width for key in columns]
    write_table_xlsx(header(columns), widths, cells, title, out)


def write_table_xlsx(
    heading: Sequence[str],
    widths: Sequence[float],
    cells: Iterable[list[Any]],
    title: str,
    out: BinaryIO,
) -> None:
    """Any table as an Excel workbook: a bold header row, frozen, then rows of cells (text kept
    as text, even when it starts like a formula)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    for number, width in enumerate(widths):
        letter = openpyxl.utils.get_column_letter(number + 1)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    row_of_labels = []
    for label in heading:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        row_of_labels.append(cell)
    sheet.append(row_of_labels)
    for row in cells:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(out)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Excel cannot hold control characters (openpyxl refuses them): left out.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # text, even when it starts like a formula
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def file_name(words: Iterable[str], file_format: str, day: str) -> str:
    """ "members_japan_near-tokyo_2025-06-01.xlsx": what the search was, in a few words of the
    page's language, and the day. Callers pass the search's criteria as words, never text a
    person typed (a name searched for), which a file name would carry into mailboxes and
    shared folders."""
    parts = [slugify(fold(pgettext("file name", "members")))]
    length = 0
    for word in words:
        slug = slugify(fold(word))
        if not slug:
            continue
        length += len(slug) + 1
        if length > MAX_NAME_WORDS_LENGTH:
            parts.append(slugify(fold(pgettext("file name", "and more"))))
            break
        parts.append(slug)
    return f"{'_'.join([*parts, day])}.{file_format}"


def export_file(
    user: Any,
    members: Any,
    *,
    file_format: str = "csv",
    columns: list[str] | None = None,
    name_words: Iterable[str] = (),
    **audit_detail: Any,
) -> HttpResponse:
    """The members as a CSV or Excel download, contact details only where `can_see_contact`;
    audited once, naming every record. `columns` and the format chosen are audited too (field
    names, not values); the file is named after `name_words` (the search's criteria as words,
    never what a person typed) and the day.

    The one export of personal data: the search screen and the members list both use it.
    """
    file_format = known_format(file_format)
    keys = chosen_columns(columns or [])
    exported: list[int] = []
    cells = rows(
        with_export_data(members, keys),
        keys,
        lambda member: can_see_contact(user, member),
        exported,
    )
    if file_format == "xlsx":
        binary = io.BytesIO()
        write_xlsx(keys, cells, _("Members"), binary)
        content = binary.getvalue()
    else:
        text = io.StringIO()
        write_csv(keys, cells, text)
        content = text.getvalue().encode("utf-8")
    name = file_name(name_words, file_format, timezone.localdate().isoformat())
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    audit_export(user, exported, export_detail(audit_detail, file_format, columns, keys))
    return response


def known_format(file_format: str) -> str:
    return file_format if file_format in FORMATS else "csv"


def export_detail(
    detail: dict[str, Any], file_format: str, columns: list[str] | None, keys: list[str]
) -> dict[str, Any]:
    """What the audit entry says of an export besides its records: the caller's detail, and the
    format and columns when they were chosen."""
    if columns is None:
        return detail
    return {**detail, "format": file_format, "columns": keys}


def audit_export(user: Any, exported: list[int], detail: dict[str, Any]) -> None:
    """The export's one audit entry, naming every record in the file."""
    services.audit(user, AuditEntry.Action.EXPORT, subjects=exported, count=len(exported), **detail)
