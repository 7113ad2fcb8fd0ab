"""The first worksheet's rows (`sheet_rows`): the zip's declared sizes checked before anything
is inflated, then the parts that make the sheet found as Excel finds them."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, TypeVar

from openpyxl.utils.datetime import WINDOWS_EPOCH

from registry.xlsx.limits import (
    DIRECTORY_ENTRY,
    MAX_ELEMENTS,
    MAX_PART_SIZE,
    MAX_PARTS,
    MAX_UNPACKED_SIZE,
    UnpackedTooLarge,
    Value,
    WorkbookError,
)
from registry.xlsx.parts import Part, Relations, Styles, Workbook
from registry.xlsx.sheet import SharedStrings, Sheet


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


_P = TypeVar("_P", bound=Part)


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
            book = self.parse(Workbook(self.left), workbook)
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
        shared = self.parse(SharedStrings(self.left), strings).strings if strings else []
        dates = self.parse(Styles(self.left), styles).dates() if styles else {}
        reader = Sheet(self.left, shared, dates, epoch)
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
        return self.parse(Relations(self.left), info).targets if info else {}

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
