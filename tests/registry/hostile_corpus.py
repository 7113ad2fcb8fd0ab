"""The hostile corpus: each file built small, with what it must be refused with."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise

from registry.importing.reading import (
    CELL_TOO_LONG,
    TOO_MANY_CELLS,
    TOO_MANY_ROWS,
    UNPACKED_TOO_LARGE,
    UNREADABLE,
)
from tests.registry.workbooks import (
    HEADER,
    MAIN,
    MB,
    SHEET_HEAD,
    SHEET_TAIL,
    inline,
    package,
    sheet_xml,
    streamed,
    workbook,
)

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def dimension_lie() -> bytes:
    return workbook(
        sheet_xml(
            "<row r='1'>"
            + inline("A1", "Họ và tên")
            + inline("XFD1", "x")
            + "</row><row r='1048576'>"
            + inline("A1048576", "Nguyễn Văn An")
            + "</row>",
            head='<dimension ref="A1:XFD1048576"/>',
        )
    )


def one_string(length: int) -> Callable[[], Iterator[bytes]]:
    return streamed(f'<sst xmlns="{MAIN}"><si><t>'.encode(), b"A", length, b"</t></si></sst>")


def shared_sheet() -> bytes:
    return sheet_xml(HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')


def directory_flood(entries: int) -> bytes:
    """One local file, and a central directory naming it `entries` times."""
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
    entry = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
    )
    directory = (entry + b"a") * entries
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), len(local), 0
    )
    return local + directory + end


@dataclass(frozen=True)
class Hostile:
    label: str
    filename: str
    build: Callable[[], bytes]
    message: Promise
    reason: str = ""  # in what the workbook reader raises: which of its guards refused the file


CORPUS = [
    Hostile(
        "dimension lie: A1:XFD1048576, rows 1 and 1,048,576",
        "list.xlsx",
        dimension_lie,
        TOO_MANY_ROWS,
    ),
    Hostile("dimension lie named .csv", "list.csv", dimension_lie, TOO_MANY_ROWS),
    Hostile(
        "shared-string bomb: one 100 MB string",
        "list.xlsx",
        lambda: workbook(shared_sheet(), one_string(100 * MB)),
        UNPACKED_TOO_LARGE,
        reason="declares",
    ),
    Hostile(
        "shared-string bomb of 100 MB declaring 1 MB",
        "list.xlsx",
        lambda: workbook(
            shared_sheet(), one_string(100 * MB), declared={"xl/sharedStrings.xml": MB}
        ),
        CELL_TOO_LONG,
        reason="a shared string longer",
    ),
    Hostile(
        "zip bomb: the sheet declares 4 GB",
        "list.xlsx",
        lambda: workbook(sheet_xml(HEADER), declared={"xl/worksheets/sheet1.xml": 4 * 1024 * MB}),
        UNPACKED_TOO_LARGE,
        reason="declares",
    ),
    Hostile(
        "zip bomb: 200 MB sheet declaring 64 KB",
        "list.xlsx",
        lambda: workbook(
            streamed(SHEET_HEAD, b" ", 200 * MB, SHEET_TAIL),
            declared={"xl/worksheets/sheet1.xml": 64 * 1024},
        ),
        UNREADABLE,
        reason="CRC",
    ),
    Hostile(
        "zip bomb: 5 pictures of 19 MB each",
        "list.xlsx",
        lambda: workbook(
            sheet_xml(HEADER),
            extra={f"xl/media/image{n}.png": streamed(b"", b"\0", 19 * MB, b"") for n in range(5)},
        ),
        UNPACKED_TOO_LARGE,
        reason="declares",
    ),
    Hostile(
        "zip bomb: 50,000 directory entries, one file",
        "list.xlsx",
        lambda: directory_flood(50_000),
        UNPACKED_TOO_LARGE,
        reason="too many members",
    ),
    Hostile(
        "bzip2 sheet: 20 MB declaring 64 KB",
        "list.xlsx",
        lambda: workbook(
            streamed(SHEET_HEAD, b" ", 20 * MB, SHEET_TAIL),
            declared={"xl/worksheets/sheet1.xml": 64 * 1024},
            compression={"xl/worksheets/sheet1.xml": zipfile.ZIP_BZIP2},
        ),
        UNREADABLE,
        reason="compression method",
    ),
    Hostile(
        "XML nested 1,000,000 deep",
        "list.xlsx",
        lambda: workbook(streamed(SHEET_HEAD, b"<a>", 1_000_000, b"")),
        UNREADABLE,
        reason="nested too deeply",
    ),
    Hostile(
        "billion laughs in the sheet",
        "list.xlsx",
        lambda: workbook(
            (
                LAUGHS
                + sheet_xml(HEADER + "<row r='2'>" + inline("A2", "&lol9;") + "</row>").decode()
            ).encode()
        ),
        UNREADABLE,
        reason="document type declaration",
    ),
    Hostile(
        "billion laughs in the shared strings",
        "list.xlsx",
        lambda: workbook(
            shared_sheet(), f'{LAUGHS}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'.encode()
        ),
        UNREADABLE,
        reason="document type declaration",
    ),
    Hostile(
        "XXE in the sheet",
        "list.xlsx",
        lambda: workbook(
            (
                XXE + sheet_xml(HEADER + "<row r='2'>" + inline("A2", "&xxe;") + "</row>").decode()
            ).encode()
        ),
        UNREADABLE,
        reason="document type declaration",
    ),
    Hostile(
        "XXE in the shared strings",
        "list.xlsx",
        lambda: workbook(
            shared_sheet(), f'{XXE}<sst xmlns="{MAIN}"><si><t>&xxe;</t></si></sst>'.encode()
        ),
        UNREADABLE,
        reason="document type declaration",
    ),
    Hostile(
        "CSV named .xlsx",
        "list.xlsx",
        lambda: "Họ và tên\nNguyễn Văn An\n".encode(),
        UNREADABLE,
        reason="BadZipFile",
    ),
    Hostile(
        "PNG named .xlsx",
        "list.xlsx",
        lambda: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(1000),
        UNREADABLE,
        reason="BadZipFile",
    ),
    Hostile(
        "PDF named .xlsx",
        "list.xlsx",
        lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        UNREADABLE,
        reason="BadZipFile",
    ),
    Hostile(
        "old .xls named .xlsx",
        "list.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
        UNREADABLE,
        reason="BadZipFile",
    ),
    Hostile(
        "old .xls",
        "list.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000),
        UNREADABLE,
    ),
    Hostile(
        "a Word document named .xlsx",
        "list.xlsx",
        lambda: package({"word/document.xml": b"<document/>"}),
        UNREADABLE,
        reason="no worksheet",
    ),
    Hostile(
        "one row of 1,000,000 cells",
        "list.xlsx",
        lambda: workbook(
            streamed(
                SHEET_HEAD + b"<row r='1'>", b"<c><v>1</v></c>", 1_000_000, b"</row>" + SHEET_TAIL
            )
        ),
        TOO_MANY_CELLS,
        reason="too many cells",
    ),
    Hostile(
        "100,000 blank rows",
        "list.xlsx",
        lambda: workbook(sheet_xml(HEADER + "".join(f"<row r='{n}'/>" for n in range(2, 100_002)))),
        TOO_MANY_ROWS,
    ),
    Hostile(
        "10,000 blank lines in a CSV",
        "list.csv",
        lambda: ("Họ và tên\nNguyễn Văn An\n" + "\n" * 10_000 + "Lê Thị Hoa\n").encode(),
        TOO_MANY_ROWS,
    ),
    Hostile(
        "6,000 rows, each with a cell in column 200",
        "list.xlsx",
        lambda: workbook(
            sheet_xml(
                HEADER
                + "".join(f"<row r='{n}'>{inline(f'GR{n}', 'x')}</row>" for n in range(2, 6100))
            )
        ),
        TOO_MANY_ROWS,
    ),
    Hostile(
        "a 40,000-character cell",
        "list.xlsx",
        lambda: workbook(sheet_xml(HEADER + "<row r='2'>" + inline("A2", "A" * 40_000) + "</row>")),
        CELL_TOO_LONG,
        reason="a cell longer",
    ),
    Hostile(
        "a 40,000-character shared string",
        "list.xlsx",
        lambda: workbook(shared_sheet(), one_string(40_000)),
        CELL_TOO_LONG,
        reason="a shared string longer",
    ),
    Hostile(
        "a 32,767-character shared string used 100,000 times",
        "list.xlsx",
        lambda: workbook(
            streamed(
                SHEET_HEAD + b"<row r='1'>" + inline("A1", "Họ và tên").encode(),
                b'<c r="B1" t="s"><v>0</v></c>',
                100_000,
                b"</row>" + SHEET_TAIL,
            ),
            one_string(32_767),
        ),
        UNPACKED_TOO_LARGE,
        reason="too much text in the sheet",
    ),
    Hostile(
        "a 2 MB attribute",
        "list.xlsx",
        lambda: workbook(streamed(SHEET_HEAD + b'<row r="', b"1", 2 * MB, b'"/>' + SHEET_TAIL)),
        UNREADABLE,
        reason="a tag longer",
    ),
    Hostile(
        "a 2 MB comment full of <",
        "list.xlsx",
        lambda: workbook(streamed(SHEET_HEAD + b"<!--", b"<", 2 * MB, b"-->" + SHEET_TAIL)),
        UNREADABLE,
        reason="a tag longer",
    ),
    Hostile(
        "1,200,000 unknown elements",
        "list.xlsx",
        lambda: workbook(streamed(SHEET_HEAD, b"<x/>", 1_200_000, SHEET_TAIL)),
        UNPACKED_TOO_LARGE,
        reason="too many XML elements",
    ),
]


@cache
def built(label: str) -> bytes:
    (hostile,) = [h for h in CORPUS if h.label == label]
    return hostile.build()
