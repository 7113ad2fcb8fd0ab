"""A request for a target: a browser's submission tampered with, or anything at all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

from tests.security.fuzz.pages import Param
from tests.security.fuzz.routes import Route
from tests.security.fuzz.values import HOSTILE, PARAM_NAMES, TEXT, UPLOADS, Upload, Value


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
