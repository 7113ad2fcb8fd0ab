"""Hostile member lists: each is refused within 2 s and 100 MB, with a translated message.

Every file is built here, small, with `zipfile`. Each is read in a forked child whose wall time
and peak resident memory are measured: tracemalloc would miss what zlib and expat allocate in C.
`pytest -s` prints the figures; `bench/hostile_uploads.py` prints them as a table.
"""

from __future__ import annotations

import datetime
import gc
import io
import json
import os
import re
import resource
import select
import signal
import struct
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.functional import Promise

from registry.importing.reading import (
    CELL_TOO_LONG,
    MAX_FILE_SIZE,
    MAX_ROWS_READ,
    TOO_MANY_CELLS,
    TOO_MANY_ROWS,
    UNPACKED_TOO_LARGE,
    UNREADABLE,
    ImportFileError,
    _numbered,
    _read_xlsx,
    read_table,
)
from registry.xlsx.limits import WorkbookError
from registry.xlsx.reader import sheet_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MAX_SECONDS = 2.0
MAX_EXTRA_MB = 100
MB = 1024 * 1024

Content = bytes | Callable[[], Iterable[bytes]]


# --- Building workbooks --------------------------------------------------------------------------


def package(
    parts: dict[str, Content],
    *,
    declared: dict[str, int] | None = None,
    compression: dict[str, int] | None = None,
) -> bytes:
    """A zip of these parts; `declared` overrides the sizes its directory states, a callable
    content is written chunk by chunk (a 100 MB string never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = (compression or {}).get(name, zipfile.ZIP_DEFLATED)
            with archive.open(info, "w") as member:
                for chunk in [content] if isinstance(content, bytes) else content():
                    member.write(chunk)
        for name, size in (declared or {}).items():
            archive.getinfo(name).file_size = size
    return buffer.getvalue()


def workbook(
    sheet: Content,
    strings: Content | None = None,
    *,
    declared: dict[str, int] | None = None,
    compression: dict[str, int] | None = None,
    extra: dict[str, Content] | None = None,
) -> bytes:
    """The parts Excel needs to open a one-sheet workbook, around this sheet."""
    parts: dict[str, Content] = {
        "[Content_Types].xml": content_types(
            ("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")
        ),
        "_rels/.rels": relationships(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
            '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": relationships(
            ("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "sharedStrings", "sharedStrings.xml"),
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings
        if strings is not None
        else f'<sst xmlns="{MAIN}"/>'.encode(),
        **(extra or {}),
    }
    return package(parts, declared=declared, compression=compression)


def content_types(*overrides: tuple[str, str]) -> bytes:
    prefix = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{part}" ContentType="{prefix}.{kind}+xml"/>'
            for part, kind in overrides
        )
        + "</Types>"
    ).encode()


def relationships(*related: tuple[str, str, str]) -> bytes:
    """A .rels part: (id, kind, target) each."""
    return (
        f'<Relationships xmlns="{PACKAGE}">'
        + "".join(
            f'<Relationship Id="{key}" Type="{OFFICE}/{kind}" Target="{target}"/>'
            for key, kind, target in related
        )
        + "</Relationships>"
    ).encode()


def sheet_xml(rows: str, head: str = "") -> bytes:
    return f'<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'.encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def streamed(head: bytes, middle: bytes, times: int, tail: bytes) -> Callable[[], Iterator[bytes]]:
    """head + middle × times + tail, written a megabyte at a time."""

    def chunks() -> Iterator[bytes]:
        yield head
        per_chunk = max(1, MB // len(middle))
        left = times
        while left > 0:
            yield middle * min(per_chunk, left)
            left -= per_chunk
        yield tail

    return chunks


HEADER = "<row r='1'>" + inline("A1", "Họ và tên") + "</row>"
SHEET_HEAD = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"
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


# --- Measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    seconds: float
    cpu_seconds: float
    extra_mb: float
    error: str  # the exception's class, "" when the file was read
    message: str  # in English


def resident_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def measure(filename: str, data: bytes, timeout: float = 60) -> Outcome:
    """Read the file in a forked child: its time, and its peak resident memory above what it
    had when forked (a child's peak starts at its size then)."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(reading)
            # A regression must fail the test, not the machine.
            resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 * MB, 4 * 1024 * MB))
            # The collector would otherwise walk the whole inherited heap, copying its pages.
            gc.freeze()
            before = resident_kb()
            started, cpu_started = time.perf_counter(), time.process_time()
            error = message = ""
            try:
                read_table(filename, data)
            except ImportFileError as raised:
                error = type(raised).__name__
                with translation.override("en"):
                    message = str(raised.message)
            except Exception as raised:  # noqa: BLE001 - reported to the parent, which fails
                error, message = type(raised).__name__, str(raised)[:500]
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            outcome = Outcome(seconds, cpu, (peak - before) / 1024, error, message)
            os.write(writing, json.dumps(outcome.__dict__).encode())
        finally:
            os._exit(0)
    os.close(writing)
    try:
        ready, _, _ = select.select([reading], [], [], timeout)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"still reading after {timeout} s")
        with os.fdopen(reading, "rb", closefd=False) as pipe:
            payload = pipe.read()
    finally:
        os.close(reading)
        os.waitpid(pid, 0)
    return Outcome(**json.loads(payload))


def figures(label: str, data: bytes, outcome: Outcome) -> str:
    """One line of the table `pytest -s` prints: file, size, wall and CPU seconds, extra MB."""
    return (
        f"{label:<52} {len(data):>9,} B {outcome.seconds:6.3f} s {outcome.cpu_seconds:6.3f} s CPU "
        f"{outcome.extra_mb:6.1f} MB"
    )


def english(message: Promise) -> str:
    with translation.override("en"):
        return str(message)


@cache
def vietnamese() -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load what the first read loads (modules, caches) before any child is measured."""
    read_table("list.xlsx", workbook(sheet_xml(HEADER)))


# --- Tests ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.label for h in CORPUS])
def test_it_refuses_a_hostile_upload_quickly_in_bounded_memory(hostile: Hostile) -> None:
    data = built(hostile.label)
    assert len(data) <= MAX_FILE_SIZE
    outcome = measure(hostile.filename, data)
    print(f"\n{figures(hostile.label, data, outcome)}  {outcome.message[:40]}")  # noqa: T201
    assert (outcome.error, outcome.message) == ("ImportFileError", english(hostile.message))
    assert outcome.seconds < MAX_SECONDS
    assert outcome.extra_mb < MAX_EXTRA_MB
    assert vietnamese().get(english(hostile.message)), "no Vietnamese for the message"


GUARDED = [h for h in CORPUS if h.reason]


@pytest.mark.parametrize("hostile", GUARDED, ids=[h.label for h in GUARDED])
def test_the_guard_meant_for_it_refuses_it(hostile: Hostile) -> None:
    """Not some later accident: a billion laughs refused for its DTD, not for expat's own
    amplification limit; a 2 MB attribute for its length, not for the row number it spells."""
    with pytest.raises(WorkbookError, match=re.escape(hostile.reason)):
        for _row in islice(sheet_rows(built(hostile.label)), MAX_ROWS_READ):
            pass


def test_a_dtd_is_refused_even_when_harmless() -> None:
    sheet = sheet_xml(HEADER + "<row r='2'>" + inline("A2", "&name;") + "</row>").decode()
    data = workbook(f'<!DOCTYPE worksheet [<!ENTITY name "Nguyễn Văn An">]>{sheet}'.encode())
    with pytest.raises(WorkbookError, match="document type declaration"):
        list(sheet_rows(data))


def test_every_refusal_is_translated() -> None:
    for message in (
        UNREADABLE,
        TOO_MANY_ROWS,
        UNPACKED_TOO_LARGE,
        CELL_TOO_LONG,
        TOO_MANY_CELLS,
    ):
        translated = vietnamese().get(english(message))
        assert translated and translated != english(message)


def test_zipfile_never_inflates_more_than_a_member_declares() -> None:
    """What the declared-size limits rest on: a member that lies stops at its declared size."""
    data = package(
        {"big.xml": streamed(b"", b"<", 100 * MB, b"")}, declared={"big.xml": 256 * 1024}
    )
    inflated = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("big.xml") as member:
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            while chunk := member.read(64 * 1024):
                inflated += len(chunk)
    assert inflated <= 256 * 1024


def test_it_ignores_cells_right_of_the_list_instead_of_padding_to_them() -> None:
    rows = list(islice(sheet_rows(dimension_lie()), 3))
    assert rows[0] == ["Họ và tên"]
    assert rows[1] == rows[2] == []


def styled_workbook() -> bytes:
    """A workbook as Excel writes one, with what openpyxl never writes: prefixed elements, rich
    shared strings with phonetic guides, every cell type, cells and rows without references, a
    custom date format, a duration, the 1904 calendar, and the first sheet in a second file."""
    x = f'xmlns:x="{MAIN}"'
    strings = (
        f"<x:sst {x}><x:si><x:r><x:rPr><x:b/></x:rPr><x:t>Họ và </x:t></x:r><x:r><x:t>tên</x:t>"
        "</x:r><x:rPh sb='0' eb='2'><x:t>ホ</x:t></x:rPh></x:si>"
        "<x:si><x:t xml:space='preserve'> Nguyễn Văn An </x:t></x:si><x:si><x:t/></x:si></x:sst>"
    )
    styles = (
        f"<x:styleSheet {x}><x:numFmts><x:numFmt numFmtId='164' formatCode='dd/mm/yyyy'/>"
        "</x:numFmts><x:fonts count='1'><x:font/></x:fonts>"
        "<x:fills count='1'><x:fill><x:patternFill/></x:fill></x:fills>"
        "<x:borders count='1'><x:border/></x:borders>"
        "<x:cellStyleXfs count='1'><x:xf numFmtId='14'/></x:cellStyleXfs><x:cellXfs count='4'>"
        "<x:xf numFmtId='0'/><x:xf numFmtId='164'/><x:xf numFmtId='3'/><x:xf numFmtId='46'/>"
        "</x:cellXfs><x:cellStyles count='1'><x:cellStyle name='Normal' xfId='0' builtinId='0'/>"
        "</x:cellStyles></x:styleSheet>"
    )
    sheet = (
        f"<x:worksheet {x}><x:dimension ref='A1:H4'/><x:sheetData>"
        "<x:row r='1'><x:c r='A1' t='s'><x:v>0</x:v></x:c>"
        "<x:c r='B1' t='inlineStr'><x:is><x:r><x:t>Ngày </x:t></x:r><x:r><x:t>sinh</x:t></x:r>"
        "</x:is></x:c><x:c r='C1' t='str'><x:f>\"Năm\"&amp;\" sinh\"</x:f><x:v>Năm sinh</x:v></x:c>"
        "<x:c r='D1' t='inlineStr'><x:is><x:t>Điện thoại</x:t></x:is></x:c></x:row>"
        "<x:row r='3'><x:c r='A3' t='s'><x:v>1</x:v></x:c><x:c r='B3' s='1'><x:v>30000</x:v></x:c>"
        "<x:c r='C3'><x:v>1985</x:v></x:c><x:c r='D3' s='2'><x:v>819012345678</x:v></x:c>"
        "<x:c r='E3' t='b'><x:v>1</x:v></x:c><x:c r='F3' t='e'><x:v>#N/A</x:v></x:c>"
        "<x:c r='G3' t='d'><x:v>1985-03-12T00:00:00</x:v></x:c>"
        "<x:c r='H3' s='3'><x:v>1.5</x:v></x:c></x:row>"
        "<x:row><x:c t='inlineStr'><x:is><x:t>Lê Thị Hoa</x:t></x:is></x:c><x:c s='1'>"
        "<x:v>25000.5</x:v></x:c><x:c><x:f>1990+2</x:f><x:v>1992</x:v></x:c>"
        "<x:c t='s'><x:v>2</x:v></x:c><x:c><x:f>NOW()</x:f></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    return package(
        {
            "[Content_Types].xml": content_types(
                ("/xl/workbook.xml", "sheet.main"),
                ("/xl/worksheets/sheet1.xml", "worksheet"),
                ("/xl/worksheets/sheet2.xml", "worksheet"),
                ("/xl/sharedStrings.xml", "sharedStrings"),
                ("/xl/styles.xml", "styles"),
            ),
            "_rels/.rels": relationships(("rId1", "officeDocument", "/xl/workbook.xml")),
            "xl/workbook.xml": (
                f'<x:workbook {x} xmlns:rel="{OFFICE}"><x:workbookPr date1904="1"/><x:sheets>'
                '<x:sheet name="Danh sách" sheetId="2" rel:id="rId7"/>'
                '<x:sheet name="Cũ" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": relationships(
                ("rId1", "worksheet", "worksheets/sheet1.xml"),
                ("rId7", "worksheet", "worksheets/sheet2.xml"),
                ("rId8", "sharedStrings", "sharedStrings.xml"),
                ("rId9", "styles", "styles.xml"),
            ),
            "xl/worksheets/sheet1.xml": sheet_xml(HEADER),
            "xl/worksheets/sheet2.xml": sheet.encode(),
            "xl/sharedStrings.xml": strings.encode(),
            "xl/styles.xml": styles.encode(),
        }
    )


def openpyxl_table(data: bytes) -> list[tuple[int, list[str]]]:
    """What the import read before it had its own reader, without the empty cells openpyxl pads
    each row with up to the width the sheet claims."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        table = _numbered(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    return [(number, trimmed(cells)) for number, cells in table]


def trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def test_it_reads_what_excel_writes_as_openpyxl_does() -> None:
    data = styled_workbook()
    table = [(number, trimmed(cells)) for number, cells in _read_xlsx(data)]
    assert table == openpyxl_table(data)
    assert table == [
        (1, ["Họ và tên", "Ngày sinh", "Năm sinh", "Điện thoại"]),
        (
            3,
            [
                "Nguyễn Văn An",
                "1986-02-19",  # 30,000 days after 1 January 1904
                "1985",
                "819012345678",
                "True",
                "#N/A",
                "1985-03-12",
                "1 day, 12:00:00",
            ],
        ),
        (4, ["Lê Thị Hoa", "1972-06-12", "1992"]),
    ]


def legitimate_workbook() -> bytes:
    """A list as an association keeps it, written by openpyxl: a title, dates, numbers, shared and
    inline strings, empty cells."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỘI VIÊN HỘI ĐỒNG HƯƠNG HÀ TĨNH TẠI SÉC"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Năm sinh", "Quê quán", "Điện thoại", "Ghi chú"])
    hometowns = ["Thạch Đài", "Cẩm Xuyên", "Hà Huy Tập", "Kỳ Anh"]
    for n in range(1, 5001):
        name: str | CellRichText = f"Nguyễn Văn {n}"
        if n % 7 == 0:  # rich text: written as an inline string
            name = CellRichText(TextBlock(InlineFont(b=True), "Trần "), f"Thị {n}")
        born = datetime.date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
        sheet.append(
            [
                n,
                name,
                born if n % 3 else datetime.datetime(1980, 5, 1, 8, 30),
                float(born.year) if n % 2 else born.year,
                hometowns[n % 4],
                420_600_000_000 + n if n % 5 else None,
                "trưởng ban" if n % 100 == 0 else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_legitimate_5000_row_workbook_reads_as_openpyxl_reads_it() -> None:
    data = legitimate_workbook()
    assert b't="inlineStr"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    table = [(number, trimmed(cells)) for number, cells in _read_xlsx(data)]
    assert table == openpyxl_table(data)
    assert len(table) == 5002 and table[-1][0] == 5003
    rows = read_table("list.xlsx", data)
    assert len(rows) == 5000 and rows[0].number == 4
    assert rows[6] == {
        "full_name": "Trần Thị 7",
        "birth_year": "1957-08-08",
        "hometown": "Kỳ Anh",
        "phone": "420600000007",
    }
    outcome = measure("list.xlsx", data)
    print(f"\n{figures('a legitimate list of 5,000 rows', data, outcome)}")  # noqa: T201
    assert outcome.error == ""
    assert outcome.seconds < MAX_SECONDS and outcome.extra_mb < MAX_EXTRA_MB
