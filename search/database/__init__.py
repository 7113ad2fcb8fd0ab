"""The database engine: the embedded default, and the fallback when Elasticsearch is down.

One search (`search`) reads which members match (`filters`), their total and facet counts,
cached (`counts`), and the requested page in its order (`ranking`), on SQLite and PostgreSQL
alike; on PostgreSQL, indexes and shortcuts (each explained where it is, and tested against the
plain answer) keep it quick in a registry of a million members. `sql` holds the SQL helpers
they share.

Counting a large result is the slow part (every matching row is read). In a large registry the
staff screen defers it (`search(defer_counts=True)`) and shows the page first; the counts are
asked for separately, then cached.
"""

from __future__ import annotations

from typing import NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet

from registry.models import Member
from search.database.counts import (
    COUNTS_TTL,
    Counts,
    NotCounted,
    counted,
    counts_key,
    quick_to_count,
)
from search.database.filters import filtered, unknown_words
from search.database.ranking import PageRow, requested_page
from search.highlight import highlight
from search.query import RegistryQuery, SearchResult
from search.vocabulary import similar_words


def search(query: RegistryQuery, *, defer_counts: bool = False) -> SearchResult:
    """The page of `query`, with its total and facet counts.

    With `defer_counts`, in a large registry (`quick_to_count`), a search whose counts are not
    cached returns its page without them (`total` None): the officer reads the names at once
    while the counts, which read every match, are asked for separately (the staff screen
    fetches them) and then cached.
    """
    key = counts_key(query)
    counts: Counts | None = cache.get(key)
    if counts is not None:
        members = filtered(query, counts.mistyped)
    elif defer_counts and not quick_to_count():
        return search_before_counting(query, key)
    else:
        counts, members = counted(query)
        cache.set(key, counts, COUNTS_TTL)
    if counts.total == 0:  # known to match nobody: no page to read
        return search_result(query, [], counts)
    return search_result(query, requested_page(members, query, counts), counts)


def search_before_counting(query: RegistryQuery, key: str) -> SearchResult:
    """The page of `query`, its matches not counted; counted (and cached) only when there are
    none: that much is known."""
    found = matching(query)
    not_counted = NotCounted(found.mistyped if found is not None else frozenset())
    rows = requested_page(found.members, query, not_counted) if found is not None else []
    if rows or query.offset:
        return search_result(query, rows, not_counted)
    counts = Counts(0, {name: {} for name in query.facets})  # nothing: that much is counted
    cache.set(key, counts, COUNTS_TTL)
    return search_result(query, [], counts)


def search_result(
    query: RegistryQuery, rows: list[PageRow], counts: Counts | NotCounted
) -> SearchResult:
    """The engines' common answer: the page's members, and the counts when they are known."""
    known = counts if isinstance(counts, Counts) else None
    meant = [word for token in sorted(counts.mistyped) for word in similar_words(token)]
    marked = [*query.tokens, *meant]
    return SearchResult(
        ids=[row.pk for row in rows],
        total=known.total if known is not None else None,
        facets=known.facets if known is not None else {},
        highlights={row.pk: highlight(row.full_name, marked) for row in rows},
        distances={
            row.pk: round(row.distance_km, 1) for row in rows if row.distance_km is not None
        },
        engine="database",
        mistyped=[token for token in query.tokens if token in counts.mistyped],
    )


class Matches(NamedTuple):
    """The members a query matches, and the words taken as near misses to match them."""

    members: QuerySet[Member]
    mistyped: frozenset[str]


def matching(query: RegistryQuery) -> Matches | None:
    """The matches of `query`, not counted; None when its words match nothing, near misses or
    not (the near misses' page tells). Without words there is nothing to ask first: the page
    itself says whether anything matches (asking cost as much as the page: 4.7 ms of 8)."""
    members = filtered(query)
    if not query.tokens:  # no word can be a near miss: the page tells whether any match
        return Matches(members, frozenset())
    if members.exists():
        return Matches(members, frozenset())
    mistyped = unknown_words(query.tokens)
    if mistyped:
        return Matches(filtered(query, mistyped), mistyped)
    return None
