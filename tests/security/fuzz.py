"""The fuzzing gate's machinery (`test_fuzz.py`): every URL the resolver knows, the parameters each
one reads, hostile values for them, and one request sent and checked.

A request is checked for three things: no server error (the view's exception and its last frames
are kept, with the request that raised it), no change to the database when a POST is refused
(4xx), and no personal value in any log record. Each request runs inside a savepoint that is
rolled back, with the persona's cookies and the cache as they were before it: every request meets
the same data, so any one of them replays alone from the report.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, quote_from_bytes, urlsplit

from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.db import DatabaseError, connection, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
# The apps whose rows a refused request must leave alone (plus Wagtail's pages).
OWN_APPS = ("accounts", "registry", "search", "cms")
OWN_MODULES = ("accounts.", "registry.", "search.", "cms.", "config.", "allauth.")
LANGUAGES = ("vi", "en")

# --- Routes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A variable part of a path: a converter's (`<int:pk>`) or a regular expression's group."""

    name: str
    kind: str  # the converter's name, or "regex"
    regex: str = ""


@dataclass(frozen=True)
class Route:
    """One URL pattern, its language prefix chosen, as literal text and slots."""

    name: str  # the reversible name, namespaced ("registry:claim"), or the view's dotted path
    pieces: tuple[str | Slot, ...]
    view: Callable[..., Any] = field(compare=False, hash=False)

    @property
    def module(self) -> str:
        view = getattr(self.view, "view_class", self.view)
        return f"{view.__module__}.{getattr(view, '__qualname__', type(view).__name__)}"

    @property
    def ours(self) -> bool:
        """The project's own views (and allauth's, which our accounts configure)."""
        return self.module.startswith(OWN_MODULES)

    @property
    def admin(self) -> bool:
        return self.template.startswith("/admin/")

    @property
    def slots(self) -> list[Slot]:
        return [piece for piece in self.pieces if isinstance(piece, Slot)]

    @property
    def template(self) -> str:
        return "/" + "".join(p if isinstance(p, str) else f"<{p.name}>" for p in self.pieces)

    def path(self, values: dict[str, str]) -> str:
        """The path with each slot filled (values already percent-encoded where need be)."""
        return "/" + "".join(p if isinstance(p, str) else values[p.name] for p in self.pieces)

    def model(self) -> Any:
        """The model a Wagtail class-based view works on, when it says (for real ids)."""
        initkwargs = getattr(self.view, "view_initkwargs", {}) or {}
        view_class = getattr(self.view, "view_class", None)
        model = initkwargs.get("model") or getattr(view_class, "model", None)
        return model if isinstance(model, type) and issubclass(model, models.Model) else None


_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def route_pieces(route: str) -> list[str | Slot]:
    pieces: list[str | Slot] = []
    position = 0
    for match in _ROUTE_PARAMETER.finditer(route):
        pieces.append(route[position : match.start()])
        pieces.append(Slot(match["parameter"], match["converter"] or "str"))
        position = match.end()
    pieces.append(route[position:])
    return [piece for piece in pieces if piece != ""]


def regex_pieces(regex: str) -> list[str | Slot] | None:
    """A regular expression as literal text and one slot per top-level group; None when it is
    more than that (a pattern we cannot write a path for)."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    pieces: list[str | Slot] = []
    literal, depth, group_start, count, i = "", 0, 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            if depth == 0:
                if text[i + 1].isalnum():
                    return None  # \d, \w… outside a group: not a literal
                literal += text[i + 1]
            i += 2
            continue
        if char == "(":
            if depth == 0:
                pieces.append(literal)
                literal, group_start = "", i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                group = text[group_start : i + 1]
                named = re.match(r"\(\?P<(\w+)>", group)
                count += 1
                pieces.append(Slot(named[1] if named else f"group{count}", "regex", group))
        elif depth == 0:
            if char in ".*+?[]{}|":
                return None
            literal += char
        i += 1
    pieces.append(literal)
    return [piece for piece in pieces if piece != ""]


def pattern_pieces(pattern: Any) -> list[str | Slot] | None:
    if isinstance(pattern, RoutePattern):
        return route_pieces(str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return regex_pieces(str(pattern._regex))
    return None


def all_routes() -> tuple[list[Route], list[str]]:
    """Every URL pattern of the site, recursively, each i18n pattern once per language in
    LANGUAGES; and the patterns no path could be written for (to be reported)."""
    routes: list[Route] = []
    skipped: list[str] = []

    def walk(
        patterns: Iterable[Any], prefix: tuple[str | Slot, ...], namespace: tuple[str, ...]
    ) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    for language in LANGUAGES:
                        walk(entry.url_patterns, (*prefix, f"{language}/"), namespace)
                    continue
                pieces = pattern_pieces(entry.pattern)
                if pieces is None:
                    skipped.append(str(entry.pattern))
                    continue
                inner = (*namespace, entry.namespace) if entry.namespace else namespace
                walk(entry.url_patterns, (*prefix, *pieces), inner)
            elif isinstance(entry, URLPattern):
                pieces = pattern_pieces(entry.pattern)
                if pieces is None:
                    skipped.append(str(entry.pattern))
                    continue
                view = entry.callback
                name = ":".join((*namespace, entry.name)) if entry.name else entry.lookup_str
                routes.append(Route(name, (*prefix, *pieces), view))

    walk(get_resolver().url_patterns, (), ())
    return routes, skipped


# --- Forms and links of a page -------------------------------------------------------------------


@dataclass
class Param:
    """A parameter a view reads, with the values a person could send (from its forms and links,
    or from the view's code)."""

    name: str
    values: list[str] = field(default_factory=list)
    kind: str = "text"  # an <input> type, "select", "textarea", "file", "submit" or "code"
    _made: Strategies | None = field(default=None, repr=False, compare=False)

    def add(self, value: str, *, current: bool = False) -> None:
        """A value offered; the one a page shows chosen (`current`) first."""
        if value in self.values:
            if not current:
                return
            self.values.remove(value)
        if current:
            self.values.insert(0, value)
        elif len(self.values) < 60:
            self.values.append(value)
        self._made = None

    @property
    def made(self) -> Strategies:
        if self._made is None:
            self._made = strategies_for(self.name, self.values)
        return self._made

    def strategy(self) -> st.SearchStrategy[Value]:
        """Half the time a value the page offered, else a hostile one."""
        return self.made.mixed

    def browser(self) -> st.SearchStrategy[Value]:
        """What a browser sends: the value shown chosen (listed first) half the time."""
        return self.made.browser

    def hostile(self) -> st.SearchStrategy[Value]:
        """A value the page offered made hostile, or any hostile value."""
        return self.made.hostile

    @property
    def numeric(self) -> bool:
        """Whether it holds a number (its name says so, or a value offered has a digit)."""
        return self.made.numeric


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    params: dict[str, Param] = field(default_factory=dict)

    def param(self, name: str, kind: str) -> Param:
        return self.params.setdefault(name, Param(name, kind=kind))


class PageParser(HTMLParser):
    """The forms of a page (fields, their values and options) and the query strings of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Param | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text = ""
        self._textarea: Param | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "a" and "?" in attr.get("href", ""):
            self.links.append(attr["href"])
        for key in ("hx-get", "hx-post", "data-url", "data-counts-url"):
            if "?" in attr.get(key, ""):
                self.links.append(attr[key])
        if tag == "form":
            self._form = Form(
                action=attr.get("action", ""),
                method=attr.get("method", "get").lower(),
                multipart="multipart" in attr.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._option, self._option_text = dict(attrs), ""
            return
        form = self._form
        name = attr.get("name", "")
        if form is None or not name:
            return
        if tag == "input":
            kind = attr.get("type", "text").lower()
            param = form.param(name, kind)
            if kind == "file":
                form.multipart = True
            elif kind in {"checkbox", "radio"}:
                param.add(attr.get("value", "on"), current="checked" in attr)
            else:
                param.add(attr.get("value", ""))
        elif tag == "button":
            form.param(name, "submit").add(attr.get("value", ""))
        elif tag == "select":
            self._select = form.param(name, "select")
        elif tag == "textarea":
            self._textarea, self._textarea_text = form.param(name, "textarea"), ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None and self._option is not None:
            value = self._option.get("value")
            self._select.add(
                self._option_text.strip() if value is None else value,
                current="selected" in self._option,
            )
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.add(self._textarea_text.strip())
            self._textarea = None


def page_parts(html: str, path: str) -> tuple[list[Form], dict[str, Param]]:
    """The page's forms (their actions made absolute) and the parameters its links to itself
    carry (pagination, facets, filters)."""
    parser = PageParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # a page the parser cannot read: what it found so far
        pass
    for form in parser.forms:
        target = urlsplit(form.action)
        form.action = target.path or path
        for name, value in parse_qsl(target.query, keep_blank_values=True):
            form.param(name, "hidden").add(value)
    linked: dict[str, Param] = {}
    for href in parser.links:
        target = urlsplit(href)
        if target.path in {"", path}:
            for name, value in parse_qsl(target.query, keep_blank_values=True):
                linked.setdefault(name, Param(name, kind="link")).add(value)
    return parser.forms, linked


# --- Hostile values ------------------------------------------------------------------------------

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


# --- Requests ------------------------------------------------------------------------------------


@dataclass
class Target:
    """A route with real ids in its slots, what it reads (as any persona was shown), and who
    asks it: each request generated for it is sent as one of `personas` (drawn; those the
    route lets in are listed more than once, so that most requests reach its view)."""

    route: Route
    path: str  # with the first real id in each slot: the path the discovery opened
    personas: tuple[str, ...] = ()
    post: bool = False  # a form on the site posts to it, or its code reads POST
    get: bool = False  # a form on the site sends its fields to it in a query string
    multipart: bool = False
    params: dict[str, Param] = field(default_factory=dict)
    slots: dict[str, list[str]] = field(default_factory=dict)  # real ids, per slot
    hostile_slots: dict[str, list[str]] = field(default_factory=dict)
    sent: set[tuple[FuzzRequest, str]] = field(default_factory=set)  # no request twice


@dataclass(frozen=True)
class FuzzRequest:
    method: str
    path: str
    query: str
    body: bytes
    content_type: str

    def describe(self) -> str:
        query = f"?{self.query}" if self.query else ""
        body = f" body={self.body[:600]!r}" if self.body else ""
        more = f" ({len(self.body)} bytes)" if len(self.body) > 600 else ""
        return f"{self.method} {self.path}{query}"[:900] + body + more


def encode_pair(name: str, value: Value, *, raw_bytes: bool) -> bytes:
    key = quote(name, safe="").encode()
    if isinstance(value, bytes):
        return key + b"=" + (value if raw_bytes else quote_from_bytes(value, safe="").encode())
    return key + b"=" + quote(value, safe="").encode()


BOUNDARY = "FuzzBoundaryHqE3mZ"


def multipart_body(pairs: Sequence[tuple[str, Value | Upload]]) -> bytes:
    lines: list[bytes] = []
    for name, value in pairs:
        lines.append(f"--{BOUNDARY}".encode())
        if isinstance(value, Upload):
            lines.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{value.name}"'.encode()
            )
            lines.append(b"Content-Type: application/octet-stream")
            lines += [b"", value.content]
        else:
            lines.append(f'Content-Disposition: form-data; name="{name}"'.encode())
            lines += [b"", value if isinstance(value, bytes) else value.encode()]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(lines)


# Hypothesis caches strategies by their arguments, yet building the key costs: made once here.
TENTHS = st.integers(0, 9)
QUARTERS = st.integers(0, 3)
SIXTHS = st.integers(0, 5)
REPEATS = st.integers(2, 3)
UNKNOWN_NAMES = st.one_of(st.sampled_from(PARAM_NAMES), TEXT)
RAW_QUERIES = ["%", "%G1", "%FF%FE=%FF", "&&&", "=", "==x", ";;", "a=1;b=2", "%00=%00", "+=+"]
RAW_QUERY = st.sampled_from(RAW_QUERIES)
NOT_A_FORM = st.binary(max_size=64)


def pressed_button(draw: st.DrawFn, params: list[Param]) -> list[Param]:
    """The parameters without the submit buttons not pressed: a browser sends the one pressed
    (or none, Enter in a field); now and then several are sent."""
    buttons = [p for p in params if p.kind == "submit"]
    if not buttons:
        return params
    pressed = draw(TENTHS)
    if pressed == 9:
        return [p for p in params if p.kind != "submit" or draw(st.booleans())]
    one = draw(st.sampled_from(buttons)) if pressed > 0 else None
    return [p for p in params if p.kind != "submit" or p is one]


# Sent by a browser only when ticked (checkboxes), or read by the view without a form.
QUIET_KINDS = frozenset({"checkbox", "link", "code"})


@st.composite
def tampered(
    draw: st.DrawFn, params: Iterable[Param], *, files: bool
) -> list[tuple[str, Value | Upload]]:
    """What a browser would send (each field with a value its page offered, boxes ticked or not,
    one button), with one or two parameters tampered with: a hostile value, left out or
    repeated. The view gets past its other checks to the one tampered with."""
    params = pressed_button(draw, list(params))
    # Numbers are where parsing goes wrong: a parameter with one in its values is chosen more.
    weighted = [p for p in params for _ in range(3 if p.numeric else 1)]
    chosen = {draw(st.sampled_from(weighted)).name for _ in range(draw(st.integers(1, 2)))}
    pairs: list[tuple[str, Value | Upload]] = []
    for param in params:
        if param.name in chosen:
            how = draw(TENTHS)
            if how == 0:
                continue  # left out
            for _ in range(1 if how < 9 else draw(REPEATS)):
                pairs.append(
                    (param.name, draw(UPLOADS if param.kind == "file" else param.hostile()))
                )
        elif param.kind == "file":
            if files:
                pairs.append((param.name, draw(UPLOADS)))
        elif param.values and (param.kind not in QUIET_KINDS or draw(st.booleans())):
            pairs.append((param.name, draw(param.browser())))
    return pairs


@st.composite
def pairs_for(
    draw: st.DrawFn, params: Iterable[Param], *, files: bool
) -> list[tuple[str, Value | Upload]]:
    """Each parameter missing, once or repeated, any value; one submit button (the one pressed);
    sometimes an unknown parameter."""
    pairs: list[tuple[str, Value | Upload]] = []
    for param in pressed_button(draw, list(params)):
        if param.kind == "submit":
            pairs.append((param.name, draw(param.strategy())))
            continue
        presence = draw(TENTHS)
        if presence < 2:
            continue  # missing
        times = 1 if presence < 9 else draw(REPEATS)  # repeated
        for _ in range(times):
            if param.kind == "file":
                if files:
                    pairs.append((param.name, draw(UPLOADS)))
            else:
                pairs.append((param.name, draw(param.strategy())))
    if draw(TENTHS) == 0:
        pairs.append((draw(UNKNOWN_NAMES), draw(HOSTILE)))
    return pairs


def parameters(
    draw: st.DrawFn, params: list[Param], *, files: bool
) -> list[tuple[str, Value | Upload]]:
    """Most often a browser's submission tampered with, else anything at all."""
    if not params:
        return draw(pairs_for(params, files=files))
    if draw(TENTHS) < 6:
        return draw(tampered(params, files=files))
    return draw(pairs_for(params, files=files))


def urlencoded(pairs: Iterable[tuple[str, Value | Upload]], *, raw_bytes: bool) -> bytes:
    return b"&".join(
        encode_pair(name, value, raw_bytes=raw_bytes)
        for name, value in pairs
        if not isinstance(value, Upload)
    )


@st.composite
def requests(draw: st.DrawFn, target: Target) -> tuple[FuzzRequest, str]:
    """A request for `target`, and the persona who sends it."""
    slots = {  # a real id five times in six
        name: draw(st.sampled_from(values if draw(SIXTHS) else target.hostile_slots[name]))
        for name, values in target.slots.items()
    }
    path = target.route.path(slots)
    persona = draw(st.sampled_from(target.personas))
    if target.post:  # mostly POST; half the time when a form GETs it too (a search)
        post = draw(st.booleans()) if target.get else draw(QUARTERS) > 0
    else:
        post = draw(TENTHS) == 0
    params = list(target.params.values())
    in_query = [] if post else params
    if post and draw(TENTHS) < 2:  # what the view reads from the query string, with a POST
        in_query = [p for p in params if p.kind in {"link", "code"}]
    query = urlencoded(parameters(draw, in_query, files=False), raw_bytes=False).decode("ascii")
    if draw(TENTHS) == 0:
        query = "&".join(filter(None, [query, draw(RAW_QUERY)]))
    if not post:
        return FuzzRequest("GET", path, query, b"", ""), persona
    pairs = parameters(draw, params, files=target.multipart)
    if target.multipart and draw(QUARTERS) > 0:
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        return FuzzRequest("POST", path, query, multipart_body(pairs), content_type), persona
    body = draw(NOT_A_FORM) if draw(TENTHS) == 0 else urlencoded(pairs, raw_bytes=True)
    return FuzzRequest("POST", path, query, body, "application/x-www-form-urlencoded"), persona


class LeanClient(Client):
    """The test client without its copy of every template context a response renders (the gate
    reads none, and the copies cost more than many views). A view's exception is kept on the
    response (`exc_info`) instead of raised, so that the gate reports it with its request."""

    def __init__(self) -> None:
        super().__init__(raise_request_exception=False)

    def request(self, **request: Any) -> Any:
        environ = self._base_environ(**request)
        uid = f"fuzz-exception-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        response.exc_info, self.exc_info = self.exc_info, None
        return response


# --- Checks --------------------------------------------------------------------------------------


def own_tables() -> list[str]:
    """The tables of our apps (many-to-many ones included) and Wagtail's page table."""
    models = [
        model
        for config in apps.get_app_configs()
        if config.name in OWN_APPS
        for model in config.get_models(include_auto_created=True)
        if not model._meta.proxy and not model._meta.parents  # a page type's rows: its page's
    ]
    models.append(apps.get_model("wagtailcore", "Page"))
    return sorted({model._meta.db_table for model in models})


def fingerprint_sql() -> str:
    """One query: the row count of each of `own_tables`."""
    quote_name = connection.ops.quote_name
    # Table names from the models, quoted: nothing of a request's.
    counts = [f"(SELECT COUNT(*) FROM {quote_name(table)})" for table in own_tables()]  # noqa: S608
    return "SELECT " + ", ".join(counts)


def fingerprint(sql: str) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


WRITE = re.compile(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE)
# Writes a refused request may make: its session (the message saying why it was refused).
HARMLESS_WRITES = frozenset({"django_session"})


class Writes:
    """The statements that change data while a request runs (counting rows would miss a row
    changed in place); an `execute_wrapper`."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        found = WRITE.match(sql)
        if found and found[2] not in HARMLESS_WRITES:
            self.seen.append(f"{found[1].split()[0].upper()} {found[2]}")
        return execute(sql, params, many, context)


class Recorder(logging.Handler):
    """Every log record of every logger, while the gate runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> Iterator[str]:
        for record in self.records:
            try:
                yield self.format(record)
            except Exception as error:  # noqa: BLE001 - a record that cannot be formatted
                yield f"{record.name} {record.msg!r} {record.args!r} ({error})"


@dataclass
class Finding:
    kind: str  # "server error", "exception", "database changed", "personal value logged"
    route: str
    persona: str
    request: str  # the smallest request found that still shows it
    detail: str
    first: str = ""  # the request generated, as it was
    count: int = 1


@dataclass(frozen=True)
class Problem:
    kind: str
    detail: str

    @property
    def cause(self) -> str:
        """What tells one problem from another: the frame that raised and the exception's type
        (not its message, which carries the value sent)."""
        if self.kind in {"server error", "exception"}:
            *frames, error = self.detail.split("\n")
            return f"{frames[-1] if frames else ''} {error.split(':', 1)[0]}"
        if self.kind == "personal value logged":
            return self.detail.split(" in: ", 1)[0]
        return self.detail.split(";", 1)[0]


def last_frames(exc_info: Any, n: int = 4) -> str:
    frames = traceback.extract_tb(exc_info[2])[-n:]
    lines = []
    for frame in frames:
        where = frame.filename
        if where.startswith(str(ROOT)):
            where = where[len(str(ROOT)) + 1 :]
        elif "site-packages/" in where:
            where = where.split("site-packages/", 1)[1]
        lines.append(f"{where}:{frame.lineno} in {frame.name}: {frame.line}")
    error = exc_info[1]
    lines.append(f"{type(error).__module__}.{type(error).__qualname__}: {str(error)[:300]}")
    return "\n".join(lines)


def without(request: FuzzRequest, part: str, index: int) -> FuzzRequest | None:
    """The request with one query or urlencoded body parameter left out (None: no such one)."""
    if part == "query":
        pairs = request.query.split("&") if request.query else []
        if index >= len(pairs):
            return None
        return replace(request, query="&".join(pairs[:index] + pairs[index + 1 :]))
    if not request.content_type.startswith("application/x-www-form-urlencoded"):
        return None
    items = request.body.split(b"&") if request.body else []
    if index >= len(items):
        return None
    return replace(request, body=b"&".join(items[:index] + items[index + 1 :]))


@dataclass
class Gate:
    """Sends requests as personas and keeps what went wrong, once per distinct cause."""

    clients: dict[str, Client]
    cookies: dict[str, dict[str, str]]  # each persona's, restored before every request
    personal: list[str]  # values that must never be logged (casefolded)
    recorder: Recorder
    sql: str = ""
    baseline: tuple[Any, ...] = ()
    findings: dict[tuple[str, ...], Finding] = field(default_factory=dict)
    per_persona: Counter[str] = field(default_factory=Counter)
    per_route: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)  # per route, for the budget
    harness: Counter[str] = field(default_factory=Counter)  # the gate's own, per task
    replays: int = 0  # requests sent again to find a problem's smallest request
    # What GET requests wrote, per route (staff viewing a record is audited: not a finding).
    get_writes: dict[str, set[str]] = field(default_factory=dict)

    def start(self) -> None:
        self.sql = fingerprint_sql()
        self.baseline = fingerprint(self.sql)

    @property
    def requests(self) -> int:
        return sum(self.per_persona.values())

    @property
    def sending(self) -> float:
        """Seconds spent sending requests and checking their answers, so far."""
        return sum(self.seconds.values())

    def send(self, route: Route, persona: str, request: FuzzRequest) -> Any:
        """One request, checked; returns the response (its content read)."""
        self.per_persona[persona] += 1
        self.per_route[route.name] += 1
        began = time.monotonic()
        response, problems = self.exchange(route.name, persona, request)
        self.seconds[route.name] += time.monotonic() - began
        if response is not None:
            self.statuses[response.status_code] += 1
        for problem in problems:
            key = (problem.kind, route.name, problem.cause)
            if key in self.findings:
                self.findings[key].count += 1
                continue
            began = time.monotonic()
            smallest = self.minimise(route.name, persona, request, problem)
            self.harness["minimising"] += time.monotonic() - began
            self.findings[key] = Finding(
                problem.kind,
                route.name,
                persona,
                smallest.describe(),
                problem.detail,
                first=request.describe() if smallest != request else "",
            )
        return response

    def exchange(
        self, route_name: str, persona: str, request: FuzzRequest
    ) -> tuple[Any, list[Problem]]:
        """The request as `persona`, in a savepoint rolled back after it, with the persona's
        cookies and an empty cache: the same data for every request."""
        client = self.clients[persona]
        client.cookies = SimpleCookie(self.cookies[persona])
        cache.clear()
        mail.outbox = []
        self.recorder.records.clear()
        problems: list[Problem] = []
        response = None
        writes = Writes()
        with transaction.atomic():
            try:
                extra: dict[str, Any] = {"QUERY_STRING": request.query}
                if request.method == "POST":
                    extra["CONTENT_TYPE"] = request.content_type
                with connection.execute_wrapper(writes):
                    response = client.generic(request.method, request.path, request.body, **extra)
                    if response.streaming:
                        # Read to the end: the test client's wrapper then closes the response
                        # (a close of ours would fire `request_finished`, closing the connection).
                        b"".join(response.streaming_content)
            except Exception as error:  # noqa: BLE001 - the finding: an exception escaped
                problems.append(
                    Problem("exception", last_frames((type(error), error, error.__traceback__)))
                )
            if response is not None:
                status = response.status_code
                if status >= 500:
                    problems.append(
                        Problem(
                            "server error",
                            last_frames(response.exc_info)
                            if getattr(response, "exc_info", None)
                            else f"HTTP {status} without an exception",
                        )
                    )
                elif request.method == "POST" and 400 <= status < 500 and writes.seen:
                    problems.append(self.refused_but_written(status, writes.seen))
                elif request.method == "GET" and writes.seen:
                    self.get_writes.setdefault(route_name, set()).update(writes.seen)
            transaction.set_rollback(True)
        problems += self.logged_personal_values()
        return response, problems

    def minimise(
        self, route_name: str, persona: str, request: FuzzRequest, problem: Problem
    ) -> FuzzRequest:
        """The request with every parameter left out that the problem does not need."""
        for part in ("query", "body"):
            index = 0
            while (smaller := without(request, part, index)) is not None and self.replays < 5_000:
                self.replays += 1
                _response, problems = self.exchange(route_name, persona, smaller)
                if any(p.kind == problem.kind and p.cause == problem.cause for p in problems):
                    request = smaller
                else:
                    index += 1
        return request

    def refused_but_written(self, status: int, writes: list[str]) -> Problem:
        """A refused request that wrote: which statements, and the rows it left changed."""
        try:
            now = fingerprint(self.sql)
        except DatabaseError as error:  # PostgreSQL: the view left the transaction failed
            rows = f"the transaction failed: {error}"
        else:
            tables = own_tables()
            rows = ", ".join(
                f"{table} {old} → {new}"
                for table, old, new in zip(tables, self.baseline, now, strict=True)
                if old != new
            )
        detail = f"HTTP {status}; {', '.join(sorted(set(writes)))}; rows: {rows or 'as before'}"
        return Problem("database changed", detail)

    def logged_personal_values(self) -> list[Problem]:
        problems = []
        for text in self.recorder.texts():
            folded = text.casefold()
            leaked = [value for value in self.personal if value in folded]
            if leaked:
                problems.append(Problem("personal value logged", f"{leaked[0]!r} in: {text[:500]}"))
        self.recorder.records.clear()
        return problems
