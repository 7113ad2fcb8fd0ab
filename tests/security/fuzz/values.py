"""Hostile values, and how to draw a value for a parameter from those its pages offered."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

UNICODE_DIGITS = ["²", "³", "¹", "①", "⑩", "٣", "۷", "६", "໓", "๓", "𝟗", "〇", "Ⅻ", "½", "¼"]
HOSTILE_TEXT = [
    *UNICODE_DIGITS,
    "1²",
    "٣٣",
    "१२",
    "-1",
    "0",
    "-0",
    "00",
    "+1",
    " 1 ",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "1_000",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 30,
    "9" * 400,
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\x7f",
    "\r\n",
    "line\nbreak",
    "\u202eevil",
    "\ufeff1",
    "\u200b",
    "\u00a0",
    "\uffff",
    "\U0001f600",
    "Nguyễn",
    "Đặng Thu Hà",
    "ệ",
    "đ",
    "Ư",
    unicodedata.normalize("NFD", "Nguyễn Văn Ưng"),
    "e\u0302\u0323" * 3,
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "ward:²",
    "commune:①",
    "ward:",
    "commune:",
    ":",
    "ward:-1",
    "ward:" + "9" * 25,
    "x:1",
    "1:²",
    "²:50",
    "%s",
    "%(name)s",
    "{0}",
    "{}",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "a" * 1_000,
    "ệ" * 3_000,
    "x" * 20_000,
    "__unknown__",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "1,2",
    "1&2",
    "a=b",
    "%FF%FE",
    "%00",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "-2024-01-01",
]
# Raw bytes: percent-encoded in a query string, sent as they are in a POST body.
HOSTILE_BYTES = [b"\xff\xfe", b"\xff", b"\xc3", b"\xed\xa0\x80", b"1\xff", b"\xc0\xaf", b"\x00\xff"]
Value = str | bytes
# Parameters that hold a number even when no page offered one.
NUMERIC_NAMES = frozenset({"page", "p", "member", "pk", "id", "year", "go", "version"})
PARAM_NAMES = ["page", "p", "q", "next", "member", "choice", "city", "purpose", "__proto__", "a[]"]


def mutations(value: str) -> tuple[list[str], list[str]]:
    """A valid value made hostile: with something added, and with its numbers in other digits,
    huge or negative (none when it has no number)."""
    added = [value + extra for extra in ("\x00", "²", "①", "ệ", " ", "\u202e", "9" * 25)]
    added += [extra + value for extra in ("-", "0", "٣")]
    numbers: list[str] = []
    if re.search(r"[0-9]", value):
        numbers += [re.sub(r"[0-9]+", digit, value) for digit in UNICODE_DIGITS]
        numbers += [re.sub(r"[0-9]", digit, value) for digit in UNICODE_DIGITS[:6]]
        numbers += [re.sub(r"[0-9]+", big, value) for big in ("9" * 25, "-1", "0", str(2**63))]
    return added, numbers


TEXT = st.text(max_size=12)
# Low code points, NUL left to the lists above: every parameter with one is refused before a view
# runs (config.middleware), so a value in five with one would spend the budget there.
TEXT_CONTROL = st.text(st.characters(min_codepoint=1, max_codepoint=0x3F), max_size=8)
NUMBERS = st.integers(min_value=-(2**70), max_value=2**70).map(str)
HOSTILE: st.SearchStrategy[Value] = st.one_of(
    st.sampled_from([*HOSTILE_TEXT, *HOSTILE_BYTES]), TEXT, TEXT_CONTROL, NUMBERS
)


@dataclass(frozen=True)
class Strategies:
    mixed: st.SearchStrategy[Value]
    browser: st.SearchStrategy[Value]
    hostile: st.SearchStrategy[Value]
    numeric: bool


def strategies_for(name: str, values: Sequence[str]) -> Strategies:
    """How to draw a value for a parameter that pages offered `values` for (made once)."""
    numeric = name in NUMERIC_NAMES or any(re.search(r"[0-9]", value) for value in values[:8])
    valid = [value for value in values if len(value) < 5_000]
    if not valid:
        return Strategies(HOSTILE, HOSTILE, HOSTILE, numeric)
    added: list[str] = []
    numbers: list[str] = []
    for value in valid[:8]:
        more, other_digits = mutations(value)
        added += more
        numbers += other_digits
    made_hostile = st.sampled_from(added)
    if numbers:
        made_hostile = st.one_of(made_hostile, st.sampled_from(numbers))
    offered = st.sampled_from(valid)
    return Strategies(
        mixed=st.one_of(offered, offered, made_hostile, HOSTILE),
        browser=st.sampled_from([valid[0]] * 8 + valid[:8]),
        hostile=st.one_of(made_hostile, HOSTILE),
        numeric=numeric,
    )


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


UPLOAD_CONTENT = [
    b"",
    b"\x00" * 64,
    b"\xff\xfe\x00\x00garbage",
    "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Điện thoại;Email\n".encode()
    + "Lê Văn Tâm;1975;Thạch Đài;Hungary;Budapest;+36 20 123 4567;tam@example.org\n".encode(),
    "Họ và tên,Năm sinh,Quê quán\n²,①,ward:²\n\x00,9999999999999999999999,\n".encode(),
    "\ufeffHọ và tên;Năm sinh\n".encode("utf-16"),
    b"PK\x03\x04" + b"\x00" * 40,
    b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
]
UPLOADS = st.builds(
    Upload,
    st.sampled_from(["list.csv", "list.xlsx", "scan.pdf", "scan.png", "a\x00.csv", "²." * 40, ""]),
    st.sampled_from(UPLOAD_CONTENT),
)
