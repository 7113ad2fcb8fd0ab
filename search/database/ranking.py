"""The requested page of a search on the database engine, in its order, and the PostgreSQL
shortcuts that find it without ordering every match.

By relevance, the order is `search.relevance`'s, over the best matches SQL finds: its own order
picks them (the first WINDOW) and orders the pages past them. That own order: the words in a
row (two or more) first; the name as typed, diacritics included; then a name that starts with
the words; then a name containing them together; then the rest by name.
Each shortcut is checked against that plain ranking (and the nearest first against sorting
every match by distance) in tests/search/test_ranking.py.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, NamedTuple

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from registry.models import Member
from search.database.counts import Counts, NotCounted
from search.database.filters import as_typed, as_typed_q, filtered, within
from search.database.sql import (
    OneOf,
    bitmap_scans,
    by_name,
    column,
    fetch_over,
    fetch_with,
    postgres,
)
from search.query import RegistryQuery
from search.relevance import WINDOW, Candidate, ranked
from search.vocabulary import similar_words

# How many names starting with the words the relevance shortcut reads: eight times the rows up
# to the end of the page, at most this many.
SHORTCUT_ROWS = 2000
# Up to this many matches, scoring them all is quicker than looking for the rest of a page among
# the first names (`best_then_the_rest`), which may not find it there (25 ms at 5,000).
RANK_ALL_UP_TO = 5000
# Up to this many matches, counted, they are scored at once (one statement), before any name is
# read in name order (two more statements, and Django's time to build each).
SCORE_AT_ONCE_UP_TO = 1000
# Up to this many counted matches, a page in name or newest order is found by finding them all,
# then sorting them (`sorted_apart`), not by walking the order's index until the page is full.
SORTED_APART_UP_TO = 300
# How many names, in name order, `best_then_the_rest` reads for the rest of the page: this many
# times the rows up to the end of the page, at most REST_ROWS.
REST_ROWS_PER_ROW, REST_ROWS = 64, 8000


class PageRow(NamedTuple):
    """A member on the page: what the result shows of them."""

    pk: int
    full_name: str
    distance_km: float | None  # from the nearest of the query's places; None without places


class NameRow(NamedTuple):
    """A member among the first names of a shortcut, with the fact it ranks them by: the name
    holds the text as typed (`best_matches`), or holds the words (`best_then_the_rest`)."""

    pk: int
    full_name: str
    distance_km: float | None
    ranks_higher: int  # a truth (0 or 1), or a level (best_then_the_rest)

    @property
    def on_page(self) -> PageRow:
        return PageRow(self.pk, self.full_name, self.distance_km)


def requested_page(
    members: QuerySet[Member], query: RegistryQuery, counts: Counts | NotCounted
) -> list[PageRow]:
    """The requested page of `members`, in the query's order: by relevance, the order of
    `search.relevance` over the first WINDOW matches in SQL's own order (every match when there
    are no more), the pages beyond in that order; otherwise ordered in SQL."""
    if query.sort != "relevance" or not query.tokens:
        return ordered_page(members, query, counts)
    if query.offset >= WINDOW:
        return ordered_page(members, query, counts)
    near = {token: similar_words(token) for token in counts.mistyped}
    end = query.offset + query.page_size
    first = ordered_page(members, dataclasses.replace(query, page=1, page_size=WINDOW), counts)
    best = ranked(query, candidates(first), near)
    rows = [page_row(c) for c in best]
    if end > len(rows) == WINDOW:  # the page runs past a full window: the rest in SQL's order
        rows += ordered_page(members, query, counts)[WINDOW - query.offset :]
    return rows[query.offset : end]


# What `candidates` reads of each member: fixed SQL, the ids its only parameters.
CANDIDATE_COLUMNS = "id, other_names, search_text, search_name, verified_at IS NOT NULL"


def candidates(rows: list[PageRow]) -> list[Candidate]:
    """What `search.relevance` reads of the members of `rows`: read by id alone (the rows
    already passed the query, and carry their distance), in one fixed statement (building it
    with the ORM took longer than running it: 0.45 of 0.75 ms a search)."""
    if not rows:
        return []
    ids = [int(row.pk) for row in rows]
    with connection.cursor() as cursor:
        table = column(Member._meta.db_table)
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            " ".join(
                ["SELECT", CANDIDATE_COLUMNS, "FROM", table, "WHERE id IN (", placeholders, ")"]
            ),
            ids,
        )
        found = {pk: (other, text, name, verified) for pk, other, text, name, verified in cursor}
    return [
        Candidate(row.pk, row.full_name, other, text, name, bool(verified), row.distance_km)
        for row in rows
        for other, text, name, verified in [found[row.pk]]
    ]


def page_row(candidate: Candidate) -> PageRow:
    return PageRow(candidate.pk, candidate.full_name, candidate.distance_km)


def ordered_page(
    members: QuerySet[Member], query: RegistryQuery, counts: Counts | NotCounted
) -> list[PageRow]:
    """The requested page of `members`, in the query's order, ordered in SQL."""
    name = by_name()
    if query.sort == "distance":
        nearest = nearest_first(members, query)
        if nearest is not None:
            return nearest
        ordered = members.order_by(F("distance").asc(nulls_last=True), "pk")
    elif query.sort == "newest":
        ordered = members.order_by("-created_at", "-pk")
    elif query.sort == "name" or not query.tokens:
        ordered = members.order_by(name, "pk")
    elif counts.mistyped and not postgres():
        ordered = members.order_by(name, "pk")  # the page is ordered by search.relevance
    elif counts.mistyped:
        closeness = TrigramSimilarity("search_name", " ".join(query.tokens))
        ordered = members.annotate(score=closeness).order_by("-score", name, "pk")
    else:
        best = best_matches(members, query, counts)
        if best is not None:
            return best
        ordered = members.annotate(score=own_score(query)).order_by("-score", name, "pk")
    by_name_or_newest = query.sort == "newest" or (
        query.sort != "distance" and (query.sort == "name" or not query.tokens)
    )
    if by_name_or_newest and rare(counts):
        return sorted_apart(ordered, query)
    return window(ordered, query)


def rare(counts: Counts | NotCounted) -> bool:
    """Counted, and so few that sorting them apart is quicker than walking the order's index to
    find them (PostgreSQL). Walking reads about (end of the page) × (members) / (matches) rows:
    more matches are found at once along it (833 of 100,000: 2.9 ms walked, 6.5 sorted apart;
    81: 55 ms walked, 3 apart)."""
    return postgres() and isinstance(counts, Counts) and 0 < counts.total <= SORTED_APART_UP_TO


def sorted_apart(ordered: QuerySet[Member], query: RegistryQuery) -> list[PageRow]:
    """The requested page of few matches in name or newest order: the matches found first, then
    sorted (a materialised WITH). In the order's index PostgreSQL would walk every member to find
    them when they are rare (81 members of a sector with an interest among 100,000: 55 ms, where
    finding then sorting them takes 3)."""
    rows = (
        ordered.annotate(distance_km=distance_from_places(query), name_c=by_name())
        .order_by()
        .values("pk", "full_name", "distance_km", "name_c", "created_at")
    )
    order = (
        f"{column('name_c')}, {column('pk')}"
        if query.sort != "newest"
        else f"{column('created_at')} DESC, {column('pk')} DESC"
    )
    found = fetch_with(
        rows,
        " ".join(
            [
                "SELECT",
                ", ".join(column(name) for name in ("pk", "full_name", "distance_km")),
                "FROM filtered ORDER BY",
                order,
                "LIMIT %s OFFSET %s",
            ]
        ),
        (query.page_size, query.offset),
    )
    return [PageRow(*row) for row in found]


def own_score(query: RegistryQuery) -> Any:
    """SQL's own order by relevance, highest first (then by name): the words in a row (8), the
    name as typed (4), a name starting with the words (2), a name holding them (1)."""
    folded = " ".join(query.tokens)
    return (
        Case(When(phrase_q(query), then=Value(8)), default=Value(0))
        + Case(When(as_typed_q(query.text), then=Value(4)), default=Value(0))
        + Case(When(search_name__startswith=folded, then=Value(2)), default=Value(0))
        + Case(When(search_name__contains=folded, then=Value(1)), default=Value(0))
    )


def phrase_q(query: RegistryQuery) -> Q:
    """The record holds the words, two or more, in a row (the last one as a beginning): "y ta"
    in an occupation, not Tạ Thị Yến. A name starting with or holding the words holds them in
    a row too, so this adds to its score without reordering the names (the shortcuts below
    rely on that); it lifts a phrase found outside the names above records whose words are
    scattered. None with one word."""
    if len(query.tokens) < 2:
        return Q(pk__isnull=True)
    folded = " ".join(query.tokens)
    return Q(search_text__startswith=folded) | Q(search_text__contains=f" {folded}")


def distance_from_places(query: RegistryQuery) -> Any:
    """Each row's distance from the nearest place (annotated by `filtered`), or none."""
    return F("distance") if query.places else Value(None, output_field=FloatField())


def window(ordered: QuerySet[Member], query: RegistryQuery) -> list[PageRow]:
    """The requested page of `ordered`."""
    rows = ordered.annotate(distance_km=distance_from_places(query)).values_list(
        "pk", "full_name", "distance_km"
    )
    return [PageRow(*row) for row in rows[query.offset : query.offset + query.page_size]]


def name_rows(members: QuerySet[Member], query: RegistryQuery, ranks_higher: Any) -> list[NameRow]:
    """`members` in name order, each with `ranks_higher` (an expression) read."""
    rows = (
        members.alias(name_c=by_name())
        .annotate(distance_km=distance_from_places(query), ranks_higher=ranks_higher)
        .order_by("name_c", "pk")
        .values_list("pk", "full_name", "distance_km", "ranks_higher")
    )
    return [NameRow(*row) for row in rows]


def best_matches(
    members: QuerySet[Member], query: RegistryQuery, counts: Counts | NotCounted
) -> list[PageRow] | None:
    """The page by relevance when it lies among the best matches (PostgreSQL), else None.

    The best matches start with the words (2 + 1 of `requested_page`'s score) and, if any match
    holds the text as typed (4, `Counts.typed`), hold it too. The page is then among the first
    names, in name order, that start with the words: read through the name index, a few
    thousand at most, where scoring every match reads them all (408,000 for "ngu" among a
    million members). Counted and few (SCORE_AT_ONCE_UP_TO), every match is scored at once
    instead (`all_scored`). When fewer best matches are there than the page needs: these names
    ranked whole if they are every match (counted); else every match scored, if they are few
    (`all_scored`); else the rest looked for among the first names (`best_then_the_rest`);
    else None (the full ranking answers).
    """
    if not postgres():
        return None
    if isinstance(counts, Counts) and counts.total <= SCORE_AT_ONCE_UP_TO:
        return all_scored(members, query)
    # The first names starting with the words that pass the other filters (the words' own
    # full-text match is left to the outer query: the index range of names is the cheap way in).
    folded = " ".join(query.tokens)
    end = query.offset + query.page_size
    enough = min(SHORTCUT_ROWS, 8 * end)
    first = list(others_by_name(query, folded).values_list("pk", flat=True)[:enough])
    # Their ids as a list, so that PostgreSQL reads these few rows by id and tests the words on
    # each, rather than gather every record holding the words from their index (9 ms for the
    # 205 holding "le thi mai" among 100,000 members, where its 81 names take 1 ms).
    candidates = name_rows(members.filter(OneOf(first)), query, as_typed(query.text))

    @cache
    def any_typed() -> bool:
        """Whether any match holds the text as typed: counted, known; else asked, if needed."""
        if isinstance(counts, Counts):
            return counts.typed
        typed = any(row.ranks_higher for row in candidates)
        return typed or members.filter(as_typed_q(query.text)).exists()

    typed = [row.on_page for row in candidates if row.ranks_higher]
    every = [row.on_page for row in candidates]
    if len(typed) >= end:  # as typed (7): the best
        return typed[query.offset : end]
    if len(every) >= end and not any_typed():  # none as typed: starting with the words (3)
        return every[query.offset : end]
    # Ranked whole when these are every match: as typed (7), then the others (3).
    whole = typed + [row.on_page for row in candidates if not row.ranks_higher]
    if isinstance(counts, Counts) and len(candidates) == counts.total:
        return whole[query.offset : end]
    if not isinstance(counts, Counts) or counts.total <= RANK_ALL_UP_TO:
        scored = all_scored(members, query)
        if scored is not None:
            return scored
    if not any_typed() and len(first) < enough:
        # `every` is every match that starts with the words: the rest follows.
        return best_then_the_rest(members, query, every)
    return None


def all_scored(members: QuerySet[Member], query: RegistryQuery) -> list[PageRow] | None:
    """The page by relevance from scoring every match, when there are no more than
    RANK_ALL_UP_TO (else None): one statement reads the matches, one more at most, scores and
    orders them, and says how many it read. Counting them first, then scoring, read the
    words' index twice (each word's postings gathered, 10 ms for "nguyen van hung osaka" among
    100,000 members)."""
    read = (
        members.order_by()
        .annotate(
            score=own_score(query),
            name_c=by_name(),
            distance_km=distance_from_places(query),
        )
        .values_list("pk", "full_name", "distance_km", "score", "name_c")[: RANK_ALL_UP_TO + 1]
    )
    pk, score, name = column("pk"), column("score"), column("name_c")
    rows = fetch_over(
        read,
        f"{pk}, {column('full_name')}, {column('distance_km')}, COUNT(*) OVER ()",
        f"ORDER BY {score} DESC, {name}, {pk} LIMIT %s OFFSET %s",
        (query.page_size, query.offset),
    )
    if not rows:
        return [] if query.offset == 0 else None
    if rows[0][3] > RANK_ALL_UP_TO:
        return None
    return [PageRow(pk, full_name, distance) for pk, full_name, distance, _count in rows]


def others_by_name(query: RegistryQuery, starting: str = "") -> QuerySet[Member]:
    """The records passing `query`'s filters other than its words, in name order (those whose
    name is `starting` with the text given)."""
    names = filtered(dataclasses.replace(query, text="")).alias(name_c=by_name())
    if starting:
        names = names.filter(name_c__startswith=starting)
    return names.order_by("name_c", "pk")


def best_then_the_rest(
    members: QuerySet[Member], query: RegistryQuery, best: list[PageRow]
) -> list[PageRow] | None:
    """The page by relevance when no match holds the text as typed and `best` are all those
    starting with the words (3): after them come the names holding the words elsewhere (1),
    then the other matches (0), each in name order. Both are looked for among the first names
    passing the other filters, in name order (a few thousand), where scoring every match reads
    them all (21,500 with "hung" among a million members, 130 ms). None when these names hold
    too few of them and are not all the names.
    """
    folded = " ".join(query.tokens)
    end = query.offset + query.page_size
    size = min(REST_ROWS, REST_ROWS_PER_ROW * end)
    names = list(others_by_name(query).values_list("pk", flat=True)[:size])
    # 2: the name holds the words; 1: the record holds them in a row elsewhere; 0: neither.
    holds_words = Case(
        When(search_name__contains=folded, then=Value(2)),
        When(phrase_q(query), then=Value(1)),
        default=Value(0),
    )
    rest = members.filter(OneOf(names)).exclude(search_name__startswith=folded)
    with bitmap_scans():  # the words from their index, not tested on every name
        rows = name_rows(rest, query, holds_words)
    inside = [row.on_page for row in rows if row.ranks_higher == 2]
    if len(names) < size:  # every name: every match
        others = [row.on_page for level in (1, 0) for row in rows if row.ranks_higher == level]
        return (best + inside + others)[query.offset : end]
    if len(best) + len(inside) >= end:  # names further on come after these
        return (best + inside)[query.offset : end]
    return None


def nearest_first(members: QuerySet[Member], query: RegistryQuery) -> list[PageRow] | None:
    """The page by distance when it lies within an eighth, then half, of the radius, else None.

    Sorting by distance computes it for every match (54,000 within 300 km of Budapest among a
    million members); the nearest page usually lies much closer, in a smaller box of the
    coordinates index. If smaller circles hold the page in full, no match outside them can
    come before. With several places (of different radii), the circles share the smallest
    radius: a match outside all of them is farther from every place than any match inside.
    """
    if not query.radius_limited:
        return None
    smallest = min(place.radius_km or 0 for place in query.places)
    for fraction in (8, 2):
        inner = members.filter(within(query, [smallest / fraction] * len(query.places)))
        rows = window(inner.order_by("distance", "pk"), query)
        if len(rows) == query.page_size:
            return rows
    return None
