"""Workbooks built for the reader's tests, small, with `zipfile`: any part, any content, streamed
when large; one as Excel writes it, and a legitimate 5,000-row list."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
MB = 1024 * 1024

Content = bytes | Callable[[], Iterable[bytes]]


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
