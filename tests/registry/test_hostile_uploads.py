"""Hostile member lists: each is refused within 2 s and 100 MB, with a translated message.

Every file is built small, with `zipfile` (`hostile_corpus.py`, `workbooks.py`). Each is read in a
forked child whose wall time and peak resident memory are measured: tracemalloc would miss what
zlib and expat allocate in C.
`pytest -s` prints the figures; `bench/hostile_uploads.py` prints them as a table.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import resource
import select
import signal
import time
import zipfile
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
from tests.registry.hostile_corpus import CORPUS, Hostile, built, dimension_lie
from tests.registry.workbooks import (
    HEADER,
    MB,
    inline,
    legitimate_workbook,
    package,
    sheet_xml,
    streamed,
    styled_workbook,
    workbook,
)

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MAX_SECONDS = 2.0
MAX_EXTRA_MB = 100


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
