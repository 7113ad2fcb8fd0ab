"""How much of a workbook the reader reads, and the errors it raises at each limit."""

from __future__ import annotations

import datetime
from typing import TypeAlias

MAX_PART_SIZE = 20 * 1024 * 1024  # inflated, any one member of the zip
MAX_UNPACKED_SIZE = 50 * 1024 * 1024  # inflated, all members together
MAX_PARTS = 2000
MAX_ELEMENTS = 500_000  # XML elements in all the parts read, together
MAX_CELLS = 150_000  # cell elements in the sheet, empty and ignored ones included
MAX_COLUMNS = 200
MAX_CELL_TEXT = 32_767  # Excel's own limit
MAX_SHARED_TEXT = 10_000_000  # characters in the shared strings, together
MAX_SHEET_TEXT = 10_000_000  # characters in the values read, a shared string once per use
MAX_STYLES = 65_536  # Excel keeps at most 64,000 cell formats
MAX_FORMAT_CODE = 255  # Excel's own limit for a number format
MAX_NAME = 1024  # a relationship's id or target
MAX_DEPTH = 64
MAX_TOKEN = 1024 * 1024  # a tag, comment or declaration, which expat holds whole
CHUNK_SIZE = 64 * 1024
# Central directory entries start with it; zipfile builds an object for each before any check.
DIRECTORY_ENTRY = b"PK\x01\x02"

# Transitional (what Excel saves) and strict Office Open XML; expat reports "namespace local".
SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELATIONSHIP_NAMESPACES = ("http://schemas.openxmlformats.org/package/2006/relationships",)
RELATIONSHIP_ID = {
    f"{namespace} id"
    for namespace in (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    )
}

Value: TypeAlias = (
    str
    | int
    | float
    | bool
    | datetime.datetime
    | datetime.date
    | datetime.time
    | datetime.timedelta
    | None
)


class WorkbookError(Exception):
    """Not a workbook this reader reads: damaged, something else named .xlsx, or built to hurt."""


class UnpackedTooLarge(WorkbookError):
    """The workbook holds more than a member list could: in bytes, parts, elements or text."""


class CellTooLong(WorkbookError):
    """A cell or shared string is longer than Excel allows."""


class TooManyCells(WorkbookError):
    """The sheet has more than MAX_CELLS cells, counting empty ones and those right of the list."""
