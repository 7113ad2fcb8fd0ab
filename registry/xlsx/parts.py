"""The XML parts of a workbook streamed through expat under the shared limits: the base `Part`,
relationships, the workbook and its styles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

from registry.xlsx.limits import (
    CHUNK_SIZE,
    MAX_DEPTH,
    MAX_FORMAT_CODE,
    MAX_NAME,
    MAX_PARTS,
    MAX_STYLES,
    MAX_TOKEN,
    RELATIONSHIP_ID,
    RELATIONSHIP_NAMESPACES,
    SHEET_NAMESPACES,
    UnpackedTooLarge,
    WorkbookError,
)


def _refuse_dtd(*_args: object) -> None:
    raise WorkbookError("a document type declaration")


def local_names(namespaces: tuple[str, ...], *local: str) -> dict[str, str]:
    """Expanded element name → local name, for the elements a part looks at."""
    return {f"{namespace} {name}": name for namespace in namespaces for name in local}


class Part:
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


class Relations(Part):
    """A `.rels` part: relationship id → (kind, target as written)."""

    names = local_names(RELATIONSHIP_NAMESPACES, "Relationship")

    def __init__(self, left: int) -> None:
        super().__init__(left)
        self.targets: dict[str, tuple[str, str]] = {}

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name != "Relationship" or attrs.get("TargetMode") == "External":
            return
        key, target = attrs.get("Id", ""), attrs.get("Target", "")
        if len(self.targets) < MAX_PARTS and len(key) <= MAX_NAME and len(target) <= MAX_NAME:
            self.targets[key] = (attrs.get("Type", "").rpartition("/")[2], target)


class Workbook(Part):
    """The workbook part: its sheets' relationship ids in order, and its calendar."""

    names = local_names(SHEET_NAMESPACES, "sheet", "workbookPr")

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


class Styles(Part):
    """The styles part: the number format of each cell format (a cell's `s`)."""

    names = local_names(
        SHEET_NAMESPACES, "numFmts", "numFmt", "cellXfs", "cellStyleXfs", "dxfs", "xf"
    )

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
