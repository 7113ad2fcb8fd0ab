"""SQL helpers of the database engine: which database answers, the expressions PostgreSQL's
search indexes are built on, the link tables of many-valued relations, and raw SQL composed from
parts.

Raw SQL is only ever the ORM's own SQL of a query (its values passed as parameters), wrapped in
fixed text and identifiers quoted by the connection (`column`): no typed text ever reaches the
text of a statement, only its parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Collate
from django.db.models.sql.compiler import SQLCompiler

from registry.models import Member

# The column of the searched words on PostgreSQL (migration registry 0022: a trigger writes
# every beginning of every word of `Member.search_text`, a full-text index holds them), whose
# statistics tell the frequent words.
FULL_TEXT_COLUMN = "search_vector"


def postgres() -> bool:
    return connection.vendor == "postgresql"


class TextMatch(Func):
    """PostgreSQL: the member's searched words (`Member.search_vector`: every beginning of
    every word of `search_text`, indexed) match a tsquery of exact words: a word typed whole or
    half is one entry."""

    template = "(%(expressions)s))"
    arg_joiner = " @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()

    def __init__(self, tsquery: str) -> None:
        super().__init__(F(FULL_TEXT_COLUMN), Value(tsquery))


def by_name() -> Any:
    """Names in code-point order, whatever the database's collation: the order Elasticsearch
    gives its keyword field, and SQLite's own. On PostgreSQL an index of migration registry 0012
    holds it (with the id, the tie-break)."""
    return Collate("search_name", "C") if postgres() else F("search_name")


def through(relation: str) -> Any:
    """The table linking members to one of their many-valued relations."""
    return Member._meta.get_field(relation).remote_field.through  # type: ignore[union-attr]


def related(relation: str, **lookup: Any) -> Exists:
    return Exists(through(relation).objects.filter(member_id=OuterRef("pk"), **lookup))


def slug_id(model: type[Model], slug: str) -> Subquery:
    """The id of the reference row with `slug`, looked up once per query (an InitPlan), so that
    each member is checked by one probe of the link table's (member, row) index."""
    return Subquery(model._default_manager.filter(slug=slug).order_by().values("pk")[:1])


class OneOf(Func):
    """PostgreSQL: `id = ANY(%s::bigint[])`, the ids one parameter (an array). `pk__in` of a
    list makes a parameter of each: 6,400 ids take Django and psycopg 20 ms to bind, PostgreSQL
    5 ms to plan, where the rows are found in 9."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]) -> None:
        super().__init__(F("pk"))
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::bigint[])", [*params, self.ids]


@contextmanager
def bitmap_scans() -> Iterator[None]:
    """On PostgreSQL, the statements inside read the table through bitmaps of its indexes only.

    For a query whose rows are a list of ids and whose words the full-text index answers, the
    planner prefers the primary key's index and tests the words on every row: `to_tsvector` of
    each record's text, 10 µs a row (63 ms for 6,400 names with "hung" among 100,000 members),
    where the full-text index's bitmap, ANDed with the ids', reads the answer (9 ms).
    """
    if not postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        yield


def table_estimate() -> float:
    """PostgreSQL's estimate of the members in the table (-1 before it was ever analysed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Member._meta.db_table]
        )
        row = cursor.fetchone()
    return float(row[0]) if row else -1.0


def column(name: str) -> str:
    """A column's name, quoted as the database quotes identifiers."""
    return connection.ops.quote_name(name)


def fetch_over(
    rows: QuerySet[Any], select: str, tail: str = "", tail_params: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """`SELECT select FROM (rows) AS filtered tail`: the ORM's SQL of `rows` as a subquery, with
    its values as parameters, read by fixed SQL around it (`select` and `tail` are made of
    fixed words and `column` names only; `tail_params` are the tail's own parameters)."""
    sql, params = rows.query.sql_with_params()
    statement = " ".join(["SELECT", select, "FROM (", sql, ") AS filtered", tail])
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *tail_params])
        return list(cursor.fetchall())


def fetch_with(
    rows: QuerySet[Any], statement: str, statement_params: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """`WITH filtered AS MATERIALIZED (rows) statement`: the ORM's SQL of `rows` run once, its
    rows read by fixed SQL as often as `statement` names `filtered` (`statement` is made of fixed
    words and `column` names only; `statement_params` are its own parameters)."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            " ".join(["WITH filtered AS MATERIALIZED (", sql, ")", statement]),
            [*params, *statement_params],
        )
        return list(cursor.fetchall())
