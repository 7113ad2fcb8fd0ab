"""Load the demo data once, then restore it before each browser test.

Browser tests run against a live server, so each one commits to the database and is followed by
a flush. Loading the demo site again after every flush took about 30 seconds a test; restoring a
copy taken after the first load takes well under one. PostgreSQL keeps the copy in a schema of
its own (`CREATE TABLE … AS TABLE`, then `INSERT … SELECT` with foreign-key triggers off);
SQLite copies the whole in-memory database with its backup API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection


class Snapshot:
    def __init__(self, name: str) -> None:
        self.schema = f"snapshot_{name}"
        self.copy: sqlite3.Connection | None = None
        self.tables: list[str] = []

    @property
    def taken(self) -> bool:
        return bool(self.tables) or self.copy is not None

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.copy)
            return
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
            cursor.execute(f'CREATE SCHEMA "{self.schema}"')
            for table in tables:
                cursor.execute(f'CREATE TABLE "{self.schema}"."{table}" AS TABLE "{table}"')
        self.tables = sorted(tables)

    def restore(self) -> None:
        connection.ensure_connection()
        if self.copy is not None:
            self.copy.backup(connection.connection)
            return
        quoted = ", ".join(f'"{table}"' for table in self.tables)
        models = apps.get_models(include_auto_created=True)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(f"TRUNCATE {quoted}")
                for table in self.tables:
                    source = f'"{self.schema}"."{table}"'
                    cursor.execute(f'INSERT INTO "{table}" SELECT * FROM {source}')  # noqa: S608
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


SNAPSHOTS: dict[str, Snapshot] = {}


def loaded(name: str, load: Callable[[], None]) -> None:
    """Run `load` the first time, restore what it left every later time."""
    snapshot = SNAPSHOTS.setdefault(name, Snapshot(name))
    if snapshot.taken:
        snapshot.restore()
        return
    load()
    snapshot.take()
