"""The parts whose text is read: the shared strings, and the worksheet, row by row."""

from __future__ import annotations

import datetime

from openpyxl.utils.datetime import from_excel, from_ISO8601

from registry.xlsx.limits import (
    MAX_CELL_TEXT,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DEPTH,
    MAX_SHARED_TEXT,
    MAX_SHEET_TEXT,
    SHEET_NAMESPACES,
    CellTooLong,
    TooManyCells,
    UnpackedTooLarge,
    Value,
    WorkbookError,
)
from registry.xlsx.parts import Part, local_names


class TextPart(Part):
    """A part whose text is read: the pieces of the value being read (`text`, while `reading`),
    never longer than a cell may be, and the depth of phonetic guides (`<rPh>`) to leave out."""

    reads_text = True
    too_long = ""  # what CellTooLong says

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.text: list[str] = []
        self.length = 0
        self.reading = False
        self.phonetic = 0

    def characters(self, data: str) -> None:
        if self.reading:
            self.text.append(data)
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise CellTooLong(self.too_long)


class SharedStrings(TextPart):
    """The shared strings: each `<si>`'s text, its `<t>` runs joined, phonetic guides left out."""

    names = local_names(SHEET_NAMESPACES, "si", "t", "rPh")
    too_long = "a shared string longer than Excel allows"

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.strings: list[str] = []
        self.text_left = MAX_SHARED_TEXT

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "t":
            self.reading = not self.phonetic
        elif name == "si":
            self.text = []
            self.length = 0
        elif name == "rPh":
            self.phonetic += 1

    def element_end(self, name: str) -> None:
        if name == "t":
            self.reading = False
        elif name == "si":
            text = "".join(self.text)
            self.text_left -= len(text)
            if self.text_left < 0:
                raise UnpackedTooLarge("too much text in the shared strings")
            self.strings.append(text)
        elif name == "rPh":
            self.phonetic -= 1


class Sheet(TextPart):
    """A worksheet: rows as they are finished (`done`), cells right of MAX_COLUMNS left out."""

    names = local_names(SHEET_NAMESPACES, "c", "v", "row", "t", "is", "rPh")
    too_long = "a cell longer than Excel allows"

    def __init__(
        self, left: int, strings: list[str], dates: dict[int, bool], epoch: datetime.datetime
    ) -> None:
        super().__init__(left)
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.done: list[tuple[int, list[Value]]] = []
        self.cells_left = MAX_CELLS
        self.text_left = MAX_SHEET_TEXT
        self.columns: dict[str, int] = {}
        self.number = 0  # the row's, as Excel numbers it
        self.row: list[Value] = []
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.inline = False  # inside an inline string (`<is>`): its `<t>` is the value

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        self.left -= 1
        self.depth += 1
        if self.left < 0 or self.depth > MAX_DEPTH:
            self.refuse()
        name = self.names.get(name, "")
        if not name:
            return
        if name == "c":
            self.cells_left -= 1
            if self.cells_left < 0:
                raise TooManyCells("too many cells")
            ref = attrs.get("r")
            self.column = self.column_of(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.text = []
            self.length = 0
        elif name == "v":
            self.reading = self.kind != "inlineStr"
        elif name == "row":
            ref = attrs.get("r")
            self.number = _row_number(ref) if ref else self.number + 1
            self.row = []
            self.column = 0
        elif name == "t":
            self.reading = self.inline and not self.phonetic
        elif name == "is":
            self.inline = True
        elif name == "rPh":
            self.phonetic += 1

    def end_element(self, name: str) -> None:
        self.depth -= 1
        name = self.names.get(name, "")
        if not name:
            return
        if name == "c":
            if self.text and self.column <= MAX_COLUMNS:
                self.keep(self.value("".join(self.text)))
        elif name == "v" or name == "t":
            self.reading = False
        elif name == "row":
            self.done.append((self.number, self.row))
            self.row = []
        elif name == "is":
            self.inline = False
        elif name == "rPh":
            self.phonetic -= 1

    def keep(self, value: Value) -> None:
        if isinstance(value, str):
            self.text_left -= len(value)
            if self.text_left < 0:
                raise UnpackedTooLarge("too much text in the sheet")
        row = self.row
        if len(row) < self.column:
            row.extend([None] * (self.column - len(row)))
        row[self.column - 1] = value

    def value(self, text: str) -> Value:
        """As openpyxl reads a cell with `data_only`: the cached result of a formula."""
        kind = self.kind
        if kind == "n":
            number = float(text) if "." in text or "e" in text or "E" in text else int(text)
            duration = None if self.style is None else self.dates.get(int(self.style))
            if duration is None:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=duration)
            except (OverflowError, ValueError):
                return "#VALUE!"
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # inlineStr, str (a formula's text), e (an error such as #N/A)

    def column_of(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
                raise WorkbookError(f"cell reference {ref[:20]!r}")
            column = 0
            for letter in letters.upper():
                column = column * 26 + ord(letter) - ord("A") + 1
            self.columns[letters] = column
        return column


def _row_number(ref: str) -> int:
    try:
        return int(ref)
    except ValueError:
        number = float(ref)  # some writers put "1.0"; openpyxl reads it
        if not number.is_integer():
            raise
        return int(number)
