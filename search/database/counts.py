"""The total and the facet counts of a search on the database engine, and their cache.

The total and the facets are counted over the one filtered query (on PostgreSQL the
single-valued facets and the total in one pass, with GROUPING SETS). Counting a large result is
the slow part (every matching row is read): in a large registry (`quick_to_count`) the staff
screen defers it and shows the page first, the search then `NotCounted`.

The total, the facet counts and the typo decision are cached per criteria (the page and the
sort left out) until the registry next changes: `forget_counts` moves the generation in the
cache key on every change of a member (search.signal_handlers). The key is a hash and the value
holds counts, codes and slugs only: no personal data reaches the cache. Pages of results are
always read fresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value

from registry.models import Member, Sector
from search.database.filters import as_typed, filtered, unknown_words
from search.database.sql import column, fetch_over, fetch_with, postgres, table_estimate, through
from search.query import RegistryQuery

# Single-valued facets: facet name → column (SQLite: one query each).
COLUMN_FACETS = {"country": "country", "sector": "sector__slug", "ward": "hometown_ward_id"}
# PostgreSQL: facet name → column of the grouping sets (`counts_postgres`).
GROUPED_COLUMNS = {
    "country": "country",
    "sector": "sector_id",
    "ward": "hometown_ward_id",
    "verified": "verified",
}
# Many-valued facets: facet name → (relation, what each link is counted under: the row's slug,
# or a language's code, which is its key).
RELATION_FACETS = {
    "interests": ("interests", "interest__slug"),
    "consents": ("consented_purposes", "consentpurpose__slug"),
    "languages": ("languages", "language_id"),
}

# Counts cached at most this long (seconds), in case a change reached the tables unannounced.
COUNTS_TTL = 600
GENERATION_KEY = "search:counts-generation"


@dataclasses.dataclass(frozen=True)
class Counts:
    """What is cached of a search: counts, and two facts about its matches (no personal data)."""

    total: int
    facets: dict[str, dict[str, int]]
    mistyped: frozenset[str] = frozenset()  # words matched as near misses
    typed: bool = False  # some match holds the text exactly as typed (PostgreSQL)


@dataclasses.dataclass(frozen=True)
class NotCounted:
    """A search whose matches are not counted yet (deferred, `quick_to_count`): neither their
    total nor whether one holds the text as typed is known; only the words taken as near
    misses."""

    mistyped: frozenset[str] = frozenset()


def quick_to_count() -> bool:
    """Whether counting a search's matches is quick: in a registry of fewer records than
    `SEARCH_DEFER_COUNTS_FROM` (PostgreSQL's estimate of the table; SQLite, for local use,
    counts it). Counting costs four passes over the matches whatever their number (some 40 ms
    for a thousand matches among 100,000 members), so a larger registry shows the page first."""
    limit = settings.SEARCH_DEFER_COUNTS_FROM
    if postgres():
        estimate = table_estimate()
        if estimate >= 0:  # -1: never analysed
            return bool(estimate < limit)
    return Member.objects.count() < limit


def counted(query: RegistryQuery) -> tuple[Counts, QuerySet[Member]]:
    """The counts of `query` and its matches, near misses allowed when nothing else matches."""
    members = filtered(query)
    counts = count_matches(members, query)
    if counts.total == 0 and query.tokens:
        # Nothing matches as typed: let the words no record has be near misses.
        mistyped = unknown_words(query.tokens)
        if mistyped:
            members = filtered(query, mistyped)
            counts = dataclasses.replace(count_matches(members, query), mistyped=mistyped)
    return counts, members


def count_matches(members: QuerySet[Member], query: RegistryQuery) -> Counts:
    """The total and the facet counts of the filtered members."""
    wanted = set(query.facets)
    # On PostgreSQL the matches of a narrowed search are found once for every count; every
    # member (nothing to find) is counted facet by facet, each reading an index or a link table.
    together = {name for name in RELATION_FACETS if name in wanted} if query.narrowed else set()
    if postgres():
        total, facets, any_typed = counts_postgres(members, wanted, query.text, together)
    else:
        total, any_typed = members.count(), False
        facets = grouped_counts(members, wanted, total)
    if total:  # else nothing to count by relation either
        for name, (relation, key) in RELATION_FACETS.items():
            if name in wanted and name not in facets:
                facets[name] = relation_counts(members, relation, key)
    if total == 0:
        return Counts(0, {name: {} for name in query.facets})
    chosen = {name: facets[name] for name in query.facets if name in facets}
    return Counts(total, chosen, typed=any_typed)


def relation_counts(members: QuerySet[Member], relation: str, key: str) -> dict[str, int]:
    """Members per `key` of a many-valued relation (interests, consented purposes, languages):
    one GROUP BY on its link table, which holds each member's link to a row once."""
    rows = (
        through(relation)
        .objects.filter(member_id__in=members.values("pk"))
        .values(key)
        .annotate(n=Count("*"))
    )
    return {row[key]: row["n"] for row in rows}


def grouped_counts(
    members: QuerySet[Member], wanted: set[str], total: int
) -> dict[str, dict[str, int]]:
    """The single-valued facets, one query each (SQLite)."""
    facets: dict[str, dict[str, int]] = {}
    for name, field in COLUMN_FACETS.items():
        if name in wanted:
            rows = members.exclude(**{f"{field}__isnull": True}).values(field)
            rows = rows.annotate(n=Count("pk")).order_by()
            facets[name] = {str(row[field]): row["n"] for row in rows if row[field] != ""}
    if "verified" in wanted:
        verified = members.filter(verified_at__isnull=False).count()
        both = {"true": verified, "false": total - verified}
        facets["verified"] = {key: n for key, n in both.items() if n}
    return facets


class GroupRow(NamedTuple):
    """A row of `counts_postgres`: for each column, whether the row is NOT grouped by it
    (PostgreSQL's GROUPING(), 1 or 0), then the columns' values, then the row's count and whether
    any of its members holds the text as typed. The row grouped by none is the total. A row of
    a many-valued facet names it (`relation`) and the key counted (`key`), its columns aside."""

    country_aside: int
    sector_aside: int
    ward_aside: int
    verified_aside: int
    country: str | None
    sector_id: int | None
    ward_id: int | None
    verified: bool | None
    members: int
    any_typed: bool | None
    relation: str | None
    key: str | None

    @property
    def is_total(self) -> bool:
        return self.relation is None and bool(
            self.country_aside and self.sector_aside and self.ward_aside and self.verified_aside
        )


def relation_select(name: str) -> str:
    """The SELECT counting the filtered members per key of the many-valued facet `name`, in the
    columns of `GroupRow`: its link table joined to the filtered rows (and to the rows linked,
    for a slug). Fixed words and quoted names only."""
    relation, key = RELATION_FACETS[name]
    link = through(relation)
    table = column(link._meta.db_table)
    member = column(link._meta.get_field("member").column)
    joins = [f"JOIN filtered ON filtered.{column('pk')} = link.{member}"]
    if "__" in key:  # a slug of the rows linked
        target_name, target_field = key.split("__")
        target = link._meta.get_field(target_name)
        model = target.related_model
        target_key = f"target.{column(model._meta.pk.column)}"
        joins.append(
            f"JOIN {column(model._meta.db_table)} AS target"
            f" ON {target_key} = link.{column(target.column)}"
        )
        counted = f"target.{column(model._meta.get_field(target_field).column)}"
    else:  # the link's own column (a language's code)
        counted = f"link.{column(key)}"
    return " ".join(
        [
            "SELECT 1, 1, 1, 1, NULL, NULL, NULL, NULL, COUNT(*), NULL,",
            f"'{name}', {counted}::text FROM {table} AS link",
            *joins,
            f"GROUP BY {counted}",
        ]
    )


def counts_postgres(
    members: QuerySet[Member], wanted: set[str], text: str, together: set[str]
) -> tuple[int, dict[str, dict[str, int]], bool]:
    """The total, the single-valued facets and the many-valued facets `together` in one
    statement, and whether any match holds the text as typed (for `ranking.best_matches`).

    The single-valued facets and the total are counted in one pass over the matches (GROUPING
    SETS). With facets `together`, the matches are found once (a materialised WITH) and each
    many-valued facet joins its link table to them: finding the matches again for each took
    40–55 ms at 100,000 members, more than the joins. Every member is better counted facet by
    facet (`together` empty): the joins of 100,000 rows cost more than reading the link tables
    with the index of what is counted (migration registry 0023)."""
    verified = ExpressionWrapper(Q(verified_at__isnull=False), output_field=BooleanField())
    rows = (
        members.order_by()
        .annotate(verified=verified, typed=as_typed(text) if text else Value(False))
        .values("pk", *GROUPED_COLUMNS.values(), "typed")
    )
    grouped = [column(name) for facet, name in GROUPED_COLUMNS.items() if facet in wanted]
    every = [column(name) for name in GROUPED_COLUMNS.values()]
    # GROUPING() is 1 where a row does not group by the column; a column that is in no grouping
    # set may not be named in it, so those read as a constant 1.
    flags = [f"GROUPING({name})" if name in grouped else "1" for name in every]
    values = [name if name in grouped else "NULL" for name in every]
    sets = ", ".join(["()", *(f"({name})" for name in grouped)])
    select = ", ".join([*flags, *values, "COUNT(*)", f"bool_or({column('typed')})", "NULL, NULL"])
    grouping = f"GROUP BY GROUPING SETS ({sets})"
    if together:
        statements = [
            " ".join(["SELECT", select, "FROM filtered", grouping]),
            *(relation_select(name) for name in RELATION_FACETS if name in together),
        ]
        found = fetch_with(rows, " UNION ALL ".join(statements))
    else:
        found = fetch_over(rows, select, grouping)
    total, any_typed = 0, False
    by_country: dict[str, int] = {}
    by_sector_id: dict[int, int] = {}
    by_ward: dict[str, int] = {}
    by_verified: dict[str, int] = {}
    by_relation: dict[str, dict[str, int]] = {name: {} for name in together}
    for row in map(GroupRow._make, found):
        if row.relation is not None:
            by_relation[row.relation][str(row.key)] = row.members
        elif row.is_total:
            total, any_typed = row.members, bool(row.any_typed)
        elif not row.country_aside and row.country:
            by_country[row.country] = row.members
        elif not row.sector_aside and row.sector_id is not None:
            by_sector_id[row.sector_id] = row.members
        elif not row.ward_aside and row.ward_id is not None:
            by_ward[str(row.ward_id)] = row.members
        elif not row.verified_aside:
            by_verified["true" if row.verified else "false"] = row.members
    by_sector: dict[str, int] = {}
    if by_sector_id:
        slugs = dict(Sector.objects.filter(pk__in=by_sector_id).values_list("pk", "slug"))
        by_sector = {slugs[pk]: n for pk, n in by_sector_id.items()}
    facets = {
        "country": by_country,
        "sector": by_sector,
        "ward": by_ward,
        "verified": by_verified,
        **by_relation,
    }
    return total, {name: counts for name, counts in facets.items() if name in wanted}, any_typed


# --- The cache -----------------------------------------------------------------------------------


def counts_key(query: RegistryQuery) -> str:
    """The cache key of a query's counts: its criteria (not its page or sort), hashed."""
    criteria: dict[str, Any] = dataclasses.asdict(query)
    for name in ("page", "page_size", "sort"):
        criteria.pop(name)
    generation = cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
    digest = hashlib.sha256(repr(sorted(criteria.items())).encode()).hexdigest()
    return f"search:counts:v3:{connection.vendor}:{generation}:{digest}"


def forget_counts() -> None:
    """The registry changed: no cached count is read again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or never set): a value no earlier key used
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
