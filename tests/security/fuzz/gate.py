"""Requests sent as personas, each checked and rolled back; what went wrong kept once per cause."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from typing import Any

from django.core import mail
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.db import DatabaseError, connection, transaction
from django.test import Client

from tests.security.fuzz.checks import (
    Problem,
    Recorder,
    Writes,
    fingerprint,
    fingerprint_sql,
    last_frames,
    own_tables,
)
from tests.security.fuzz.requests import FuzzRequest
from tests.security.fuzz.routes import Route


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


@dataclass
class Finding:
    kind: str  # "server error", "exception", "database changed", "personal value logged"
    route: str
    persona: str
    request: str  # the smallest request found that still shows it
    detail: str
    first: str = ""  # the request generated, as it was
    count: int = 1


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
