"""What a request is checked with: the rows of our tables, the statements that write, the log
records, and a problem told apart from another by its cause."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
# The apps whose rows a refused request must leave alone (plus Wagtail's pages).
OWN_APPS = ("accounts", "registry", "search", "cms")


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
