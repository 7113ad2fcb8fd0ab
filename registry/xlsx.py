"""Read the first worksheet of an Excel workbook (.xlsx) in bounded time and memory.

openpyxl believes what an uploaded file says of itself: it pads every row to the width the sheet
claims, yields every row up to the last one named, builds a whole row before yielding it and
inflates whatever the zip holds, so that a 2 KB file kept a worker busy for most of an hour and a
100 KB one took a gigabyte. This reader checks the sizes the zip declares before inflating anything
(`zipfile` never inflates more than a member declares), streams each part through expat, refuses
DTDs (no workbook has one: billion laughs, XXE), ignores cells right of MAX_COLUMNS and counts
what it parses, stopping at the first limit. Values are those openpyxl's read-only
`iter_rows(values_only=True)` gives.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, TypeAlias, TypeVar
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

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


def sheet_rows(data: bytes) -> Iterator[list[Value]]:
    """The first worksheet's rows, row 1 first, each a list of values from column A (None where a
    cell is empty, at most MAX_COLUMNS). A row the sheet leaves out comes as an empty list, so that
    positions stay Excel's row numbers; rows go on as far as the sheet says and the caller stops
    when it has enough. Raises WorkbookError or one of its limits.
    """
    try:
        if data.count(DIRECTORY_ENTRY) > MAX_PARTS:
            raise UnpackedTooLarge("too many members in the zip")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            yield from _Package(archive).rows()
    except WorkbookError:
        raise
    except Exception as error:  # noqa: BLE001 - a zip, XML or value that does not read is damage
        raise WorkbookError(f"{type(error).__name__}: {error}") from error


def _refuse_dtd(*_args: object) -> None:
    raise WorkbookError("a document type declaration")


def _names(namespaces: tuple[str, ...], *local: str) -> dict[str, str]:
    """Expanded element name → local name, for the elements a part looks at."""
    return {f"{namespace} {name}": name for namespace in namespaces for name in local}


class _Part:
    """One XML part of the zip streamed through expat, under the limits every part shares:
    the elements left to parse (`left`, handed on from part to part), depth, no DTD, no tag
    longer than MAX_TOKEN. Subclasses see the elements named in `names`, by local name.

    Every element costs a call into Python: the handlers are kept to a dictionary look-up for
    elements of no interest, which is most of a hostile file.
    """

    names: dict[str, str] = {}
    reads_text = False

    def __init__(self, left: int) -> None:
        self.left = left
        self.depth = 0
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        parser.StartElementHandler = self.start_element
        parser.EndElementHandler = self.end_element
        if self.reads_text:
            parser.CharacterDataHandler = self.characters

    def feed(self, stream: IO[bytes]) -> Iterator[None]:
        """Parse the part a chunk at a time, yielding after each chunk and after the end."""
        parser = self.parser
        fed = 0
        while chunk := stream.read(CHUNK_SIZE):
            parser.Parse(chunk, False)
            fed += len(chunk)
            # After a chunk, expat's position is the start of what it holds unfinished.
            if fed - parser.CurrentByteIndex > MAX_TOKEN:
                raise WorkbookError("a tag longer than any workbook has")
            yield
        parser.Parse(b"", True)
        yield

    def refuse(self) -> None:
        """One element too many, or too deep (`left` and `depth` are counted by the handlers)."""
        if self.left < 0:
            raise UnpackedTooLarge("too many XML elements")
        raise WorkbookError("elements nested too deeply")

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        self.left -= 1
        self.depth += 1
        if self.left < 0 or self.depth > MAX_DEPTH:
            self.refuse()
        if (local := self.names.get(name)) is not None:
            self.element(local, attrs)

    def end_element(self, name: str) -> None:
        self.depth -= 1
        if (local := self.names.get(name)) is not None:
            self.element_end(local)

    def element(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def element_end(self, name: str) -> None:
        pass

    def characters(self, data: str) -> None:
        pass


class _Relations(_Part):
    """A `.rels` part: relationship id → (kind, target as written)."""

    names = _names(RELATIONSHIP_NAMESPACES, "Relationship")

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.targets: dict[str, tuple[str, str]] = {}

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name != "Relationship" or attrs.get("TargetMode") == "External":
            return
        key, target = attrs.get("Id", ""), attrs.get("Target", "")
        if len(self.targets) < MAX_PARTS and len(key) <= MAX_NAME and len(target) <= MAX_NAME:
            self.targets[key] = (attrs.get("Type", "").rpartition("/")[2], target)


class _Workbook(_Part):
    """The workbook part: its sheets' relationship ids in order, and its calendar."""

    names = _names(SHEET_NAMESPACES, "sheet", "workbookPr")

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.sheets: list[str] = []
        self.epoch = WINDOWS_EPOCH

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet" and len(self.sheets) < MAX_PARTS:
            key = next((v for k, v in attrs.items() if k in RELATIONSHIP_ID), "")
            if key and len(key) <= MAX_NAME:
                self.sheets.append(key)
        elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


class _Styles(_Part):
    """The styles part: the number format of each cell format (a cell's `s`)."""

    names = _names(SHEET_NAMESPACES, "numFmts", "numFmt", "cellXfs", "cellStyleXfs", "dxfs", "xf")

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.section = ""
        self.codes: dict[int, str] = {}  # custom number formats
        self.formats: list[int] = []  # numFmtId of each cellXfs entry

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name in ("numFmts", "cellXfs", "cellStyleXfs", "dxfs"):
            self.section = name
        elif name == "xf" and self.section == "cellXfs" and len(self.formats) < MAX_STYLES:
            self.formats.append(int(attrs.get("numFmtId", "0")))
        elif name == "numFmt" and self.section == "numFmts" and len(self.codes) < MAX_STYLES:
            code = attrs.get("formatCode", "")
            if len(code) <= MAX_FORMAT_CODE:
                self.codes[int(attrs.get("numFmtId", "0"))] = code

    def element_end(self, name: str) -> None:
        if name == self.section:
            self.section = ""

    def dates(self) -> dict[int, bool]:
        """Cell formats that show a number as a date or time → whether as a duration."""
        kinds: dict[int, bool | None] = {}
        dates = {}
        for style, format_id in enumerate(self.formats):
            if format_id not in kinds:
                code = self.codes.get(format_id, BUILTIN_FORMATS.get(format_id))
                kinds[format_id] = is_timedelta_format(code) if is_date_format(code) else None
            if (duration := kinds[format_id]) is not None:
                dates[style] = duration
        return dates


class _TextPart(_Part):
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


class _SharedStrings(_TextPart):
    """The shared strings: each `<si>`'s text, its `<t>` runs joined, phonetic guides left out."""

    names = _names(SHEET_NAMESPACES, "si", "t", "rPh")
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


class _Sheet(_TextPart):
    """A worksheet: rows as they are finished (`done`), cells right of MAX_COLUMNS left out."""

    names = _names(SHEET_NAMESPACES, "c", "v", "row", "t", "is", "rPh")
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


_P = TypeVar("_P", bound=_Part)


class _Package:
    """The zip, and the parts of it that make the first worksheet, found as Excel finds them."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > MAX_PART_SIZE or total > MAX_UNPACKED_SIZE:
                raise UnpackedTooLarge(f"{info.filename[:100]!r} declares {info.file_size} bytes")
        self.archive = archive
        self.members = {info.filename.lower(): info for info in archive.infolist()}
        self.left = MAX_ELEMENTS

    def rows(self) -> Iterator[list[Value]]:
        workbook = self.find(self.target("", self.relations(""), "officeDocument"))
        workbook = workbook or self.find("xl/workbook.xml")
        sheet = None
        strings = self.find("xl/sharedStrings.xml")
        styles = self.find("xl/styles.xml")
        epoch = WINDOWS_EPOCH
        if workbook is not None:
            book = self.parse(_Workbook(self.left), workbook)
            epoch = book.epoch
            related = self.relations(workbook.filename)
            for key in book.sheets:
                kind, target = related.get(key, ("", ""))
                if kind == "worksheet":
                    sheet = self.find(self.resolve(workbook.filename, target))
                    if sheet is not None:
                        break
            strings = self.find(self.target(workbook.filename, related, "sharedStrings")) or strings
            styles = self.find(self.target(workbook.filename, related, "styles")) or styles
        sheet = sheet or self.find("xl/worksheets/sheet1.xml")
        if sheet is None:
            raise WorkbookError("no worksheet")
        shared = self.parse(_SharedStrings(self.left), strings).strings if strings else []
        dates = self.parse(_Styles(self.left), styles).dates() if styles else {}
        reader = _Sheet(self.left, shared, dates, epoch)
        expected = 1
        with self.open(sheet) as stream:
            for _chunk in reader.feed(stream):
                done, reader.done = reader.done, []
                for number, cells in done:
                    if number < expected:  # out of order: openpyxl leaves it out too
                        continue
                    while expected < number:
                        yield []
                        expected += 1
                    yield cells
                    expected += 1

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.members.get(name.lower()) if name else None

    def open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        # bzip2 and LZMA inflate a whole chunk at once, however large it becomes.
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookError(f"compression method {info.compress_type}")
        return self.archive.open(info)

    def parse(self, part: _P, info: zipfile.ZipInfo) -> _P:
        with self.open(info) as stream:
            for _chunk in part.feed(stream):
                pass
        self.left = part.left
        return part

    def relations(self, source: str) -> dict[str, tuple[str, str]]:
        """A part's relationships (the package's own for ""): id → (kind, target as written)."""
        folder, name = posixpath.split(source)
        info = self.find(posixpath.join(folder, "_rels", f"{name}.rels"))
        return self.parse(_Relations(self.left), info).targets if info else {}

    def target(self, source: str, related: dict[str, tuple[str, str]], kind: str) -> str:
        """The part name of the source's first relationship of a kind; "" if it has none."""
        found = next((target for k, target in related.values() if k == kind), None)
        return "" if found is None else self.resolve(source, found)

    @staticmethod
    def resolve(source: str, target: str) -> str:
        """A relationship's target as a part name: from the source's folder unless absolute."""
        if not target.startswith("/"):
            target = posixpath.join(posixpath.dirname(source), target)
        return posixpath.normpath(target).lstrip("/")
