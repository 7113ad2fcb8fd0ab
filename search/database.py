"""The database engine: the embedded default, and the fallback when Elasticsearch is down.

Words are matched as prefixes of the words of `Member.search_text`, text folded in Python when
the record is saved (no tone marks, đ → d), so the same rules hold on SQLite and PostgreSQL. On
PostgreSQL the words are looked up in a full-text (GIN) index of that text, and when nothing
matches, words that match nothing are compared by trigram similarity (pg_trgm), so that a typo
still finds the person; SQLite, for local use, scans the text.

Relevance: the name as typed, diacritics included, first; then a name that starts with the
words; then a name containing them together; then the rest by name. Radius: around each chosen
city a bounding box on the indexed coordinates, then the exact great-circle distance, both in
SQL; a member inside any of the circles is near, as far away as the nearest of the cities.

Filters on many-valued relations are EXISTS subqueries, so a member is one row whatever they
match; the total and the facets are counted over that one filtered query (on PostgreSQL the
single-valued facets and the total in one pass, with GROUPING SETS).

Counting a large result is the slow part (every matching row is read). In a large registry the
staff screen defers it (`search(defer_counts=True)`) and shows the page first. The total, the
facet counts and the typo decision are cached per criteria (the page and the sort left out)
until the registry next changes: `forget_counts` moves the generation in the cache key on every
change of a member (search.signal_handlers). The key is a hash and the value holds counts,
codes and slugs only: no personal data reaches the cache. Pages of results are always read
fresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Collate, Cos, Least, Power, Radians, Sin, Sqrt

from registry.gazetteer import EARTH_RADIUS_KM
from registry.models import ConsentPurpose, Interest, LegacyCommune, Member, Sector
from search.highlight import highlight
from search.query import Point, RegistryQuery, SearchResult

# How close a mistyped word must be to a word of the record (pg_trgm's word_similarity, 0–1).
TYPO_SIMILARITY = 0.5
# Single-valued facets: facet name → column.
COLUMN_FACETS = {"country": "country", "sector": "sector__slug", "ward": "hometown_ward_id"}
GROUPED_COLUMNS = {"country": "country", "sector": "sector_id", "ward": "hometown_ward_id"}
RELATION_FACETS = {"interests": "interests", "consents": "consented_purposes"}


def postgres() -> bool:
    return connection.vendor == "postgresql"


def searchable() -> QuerySet[Member]:
    """Who staff search: the records in the registry (a member leaves it by deleting the account,
    the only way to withdraw the registry consent)."""
    return Member.objects.in_registry()


FULL_TEXT_INDEX = "member_search_text"


class TextMatch(Func):
    """PostgreSQL full-text match of `search_text` against a tsquery, in the very expression the
    GIN index of migration registry 0010 is built on (keep them identical)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()

    def __init__(self, tsquery: str) -> None:
        super().__init__(F("search_text"), Value(tsquery))


class UnindexedTextMatch(TextMatch):
    """`TextMatch` in an expression the full-text index does not match (`|| ''`), so that the
    planner checks it on the rows another index found instead of gathering every record with
    the word: beside a near miss, whose trigram index finds fewer (5,000 records, where
    "nguyen" and "van" are in 115,000 together among a million members, 100 ms to gather)."""

    arg_joiner = " || '') @@ to_tsquery('simple'::regconfig, "


def word_matches(token: str) -> Q:
    """The record has a word starting with `token` (a folded word of letters and digits)."""
    if postgres():
        return Q(TextMatch(f"{token}:*"))
    return Q(search_text__startswith=token) | Q(search_text__contains=f" {token}")


class WordResembles(Func):
    """PostgreSQL: `token <% search_text`, pg_trgm's word similarity of at least the session's
    `pg_trgm.word_similarity_threshold`, as an operator so that the trigram index of migration
    registry 0011 answers it (the function `word_similarity()` would read every row)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, token: str) -> None:
        super().__init__(Value(token), F("search_text"))


def word_resembles(token: str) -> Q:
    """The record has a word close to `token` (PostgreSQL only: trigram similarity, at the
    threshold `use_typo_similarity` sets)."""
    return Q(WordResembles(token))


def use_typo_similarity() -> None:
    """Set the connection's word-similarity threshold, which `WordResembles`' operator reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(TYPO_SIMILARITY)],
        )


def through(relation: str) -> Any:
    """The table linking members to one of their many-valued relations."""
    return Member._meta.get_field(relation).remote_field.through  # type: ignore[union-attr]


def related(relation: str, **lookup: Any) -> Exists:
    return Exists(through(relation).objects.filter(member_id=OuterRef("pk"), **lookup))


def slug_id(model: type[Model], slug: str) -> Subquery:
    """The id of the reference row with `slug`, looked up once per query (an InitPlan), so that
    each member is checked by one probe of the link table's (member, row) index."""
    return Subquery(model._default_manager.filter(slug=slug).order_by().values("pk")[:1])


def filtered(query: RegistryQuery, mistyped: frozenset[str] = frozenset()) -> QuerySet[Member]:
    members = searchable()
    if mistyped:
        use_typo_similarity()
    for token in query.tokens:
        if token in mistyped:
            members = members.filter(word_resembles(token))
        elif mistyped:
            # Beside a near miss, the trigram index finds the records: the other words are
            # checked on them, and asked as substrings too (looser, so nothing changes), which
            # the same index scan narrows by, instead of the full-text test reading every
            # record near the miss (43,000 for "hungg" among a million members: 0.85 s,
            # against 0.19 s).
            members = members.filter(UnindexedTextMatch(f"{token}:*"))
            if len(token) >= 3:  # shorter words have no trigram of their own
                members = members.filter(search_text__contains=token)
        else:
            members = members.filter(word_matches(token))
    if query.places:
        members = with_distances(members, query)
    members = members.filter(located(query))
    if query.city:
        members = members.filter(city_name=query.city)
    if query.wards:
        members = members.filter(hometown_ward_id__in=query.wards)
    if query.legacy_communes:
        members = members.filter(hometown_legacy_id__in=query.legacy_communes)
    if query.legacy_districts:
        # Whoever named an old commune of the district, or only a ward that replaced one.
        # The communes' and wards' ids are looked up first (a few dozen), so that the member
        # table is read through its own indexes rather than joined row by row.
        communes = LegacyCommune.objects.filter(district_code__in=query.legacy_districts)
        ids = list(communes.values_list("pk", flat=True))
        successors = list(communes.values_list("ward_id", flat=True).distinct())
        members = members.filter(
            Q(hometown_legacy_id__in=ids) | Q(hometown_legacy=None, hometown_ward_id__in=successors)
        )
    for slug in query.interests:
        members = members.filter(related("interests", interest_id=slug_id(Interest, slug)))
    if query.sectors:
        members = members.filter(sector__slug__in=query.sectors)
    for code in query.languages:
        members = members.filter(
            Q(languages=code)
            | Q(languages__startswith=f"{code} ")
            | Q(languages__endswith=f" {code}")
            | Q(languages__contains=f" {code} ")
        )
    if query.born_from is not None:
        members = members.filter(birth_year__gte=query.born_from)
    if query.born_to is not None:
        members = members.filter(birth_year__lte=query.born_to)
    if query.verified is not None:
        members = members.filter(verified_at__isnull=not query.verified)
    for slug in query.consents:
        members = members.filter(
            related("consented_purposes", consentpurpose_id=slug_id(ConsentPurpose, slug))
        )
    for association in query.associations:
        members = members.filter(related("associations", association_id=association))
    if query.updated_since is not None:
        members = members.filter(updated_at__gte=query.updated_since)
    return members


def located(query: RegistryQuery) -> Q:
    """Where members live: the chosen countries and the circles around the chosen cities, as
    `RegistryQuery.where` combines them."""
    if not query.radius_limited:
        return Q(country__in=query.countries) if query.countries else Q()
    near = within(query, [place.radius_km or 0 for place in query.places])
    if not query.countries:
        return near
    whole, around = query.where
    found = Q(country__in=around) & near
    return found | Q(country__in=whole) if whole else found


def within(query: RegistryQuery, radii: list[float]) -> Q:
    """Within `radii[i]` km of the i-th place, for some i: each circle as the box of indexed
    coordinates around it, then its exact distance."""
    found = Q()
    for number, (place, radius) in enumerate(zip(query.places, radii, strict=True)):
        found |= Q(**bounding_box(place.point, radius, distance_field(query, number)))
    return found


def distance_field(query: RegistryQuery, number: int) -> str:
    """The annotation holding the distance from the `number`-th place (`with_distances`)."""
    return "distance" if len(query.places) == 1 else f"distance_{number}"


def with_distances(members: QuerySet[Member], query: RegistryQuery) -> QuerySet[Member]:
    """`distance`: km from the nearest of `query.places`; with several, each place's as well
    (`distance_field`), which its circle is checked against."""
    if len(query.places) == 1:
        return members.annotate(distance=haversine(query.places[0].point))
    each = {distance_field(query, n): haversine(p.point) for n, p in enumerate(query.places)}
    members = members.annotate(**each)
    return members.annotate(distance=Least(*(F(name) for name in each)))


def haversine(point: Point) -> Any:
    """Great-circle distance in km from `point`, as `registry.gazetteer.distance_km`."""
    lat, lon = math.radians(point.latitude), math.radians(point.longitude)
    a = Power(Sin((Radians(F("latitude")) - lat) / 2), 2) + math.cos(lat) * Cos(
        Radians(F("latitude"))
    ) * Power(Sin((Radians(F("longitude")) - lon) / 2), 2)
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(Least(a, Value(1.0))), output_field=FloatField())


def bounding_box(point: Point, radius_km: float, distance: str = "distance") -> dict[str, Any]:
    """Within `radius_km` of `point`: the box of indexed coordinates, then the distance (the
    annotation named `distance`)."""
    lat, lon = point.latitude, point.longitude
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    d_lon = min(math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)), 180)
    box = {
        "latitude__gte": lat - d_lat,
        "latitude__lte": lat + d_lat,
        f"{distance}__lte": radius_km,
    }
    if lon - d_lon >= -180 and lon + d_lon <= 180:
        box.update(longitude__gte=lon - d_lon, longitude__lte=lon + d_lon)
    return box


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
        found = matching(query)
        rows = page(found[0], query, Counts(UNCOUNTED, {}, found[1], typed=None)) if found else []
        if rows or query.offset:
            return result(query, rows, None)
        counts = Counts(0, {name: {} for name in query.facets})  # nothing: that much is counted
        cache.set(key, counts, COUNTS_TTL)
        return result(query, [], counts)
    else:
        counts, members = counted(query)
        cache.set(key, counts, COUNTS_TTL)
    return result(query, page(members, query, counts), counts)


def result(
    query: RegistryQuery, rows: list[tuple[int, str, float | None]], counts: Counts | None
) -> SearchResult:
    return SearchResult(
        ids=[row[0] for row in rows],
        total=counts.total if counts is not None else None,
        facets=counts.facets if counts is not None else {},
        highlights={row[0]: highlight(row[1], query.tokens) for row in rows},
        distances={row[0]: round(row[2], 1) for row in rows if row[2] is not None},
        engine="database",
    )


def quick_to_count() -> bool:
    """Whether counting a search's matches is quick: in a registry of fewer records than
    `SEARCH_DEFER_COUNTS_FROM` (PostgreSQL's estimate of the table; SQLite, for local use,
    counts it). Counting costs four passes over the matches whatever their number (some 40 ms
    for a thousand matches among 100,000 members), so a larger registry shows the page first."""
    limit = settings.SEARCH_DEFER_COUNTS_FROM
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Member._meta.db_table]
            )
            estimate = cursor.fetchone()[0]
        if estimate >= 0:  # -1: never analysed
            return bool(estimate < limit)
    return Member.objects.count() < limit


def matching(query: RegistryQuery) -> tuple[QuerySet[Member], frozenset[str]] | None:
    """The matches of `query`, not counted, and the words taken as near misses; None when
    nothing matches, near misses or not (the near misses' page tells)."""
    members = filtered(query)
    if members.exists():
        return members, frozenset()
    if query.tokens and postgres():
        mistyped = unknown_words(query.tokens)
        if mistyped:
            return filtered(query, mistyped), mistyped
    return None


@dataclasses.dataclass(frozen=True)
class Counts:
    """What is cached of a search: counts, and two facts about its matches (no personal data)."""

    total: int
    facets: dict[str, dict[str, int]]
    mistyped: frozenset[str] = frozenset()  # words matched as near misses (PostgreSQL)
    typed: bool | None = False  # some match holds the text exactly as typed (PostgreSQL);
    # None when not known: the counts were deferred, and `total` is UNCOUNTED


UNCOUNTED = -1


def counted(query: RegistryQuery) -> tuple[Counts, QuerySet[Member]]:
    members = filtered(query)
    counts = count(members, query)
    if counts.total == 0 and query.tokens and postgres():
        # Nothing matches as typed: let the words no record has be near misses.
        mistyped = unknown_words(query.tokens)
        if mistyped:
            members = filtered(query, mistyped)
            counts = dataclasses.replace(count(members, query), mistyped=mistyped)
    return counts, members


def unknown_words(tokens: list[str]) -> frozenset[str]:
    """The words no record has a word starting with (PostgreSQL).

    Asked of the full-text index only: for a word no record has, the planner would otherwise
    expect `EXISTS` to stop early in a sequential scan, and read the whole table (3.6 s at a
    million members, against 0.05 ms through the index).
    """
    frequent = frequent_words()
    rare = [token for token in tokens if not any(word.startswith(token) for word in frequent)]
    if not rare:
        return frozenset()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        return frozenset(
            token for token in rare if not searchable().filter(word_matches(token)).exists()
        )


def frequent_words() -> list[str]:
    """The words PostgreSQL's statistics of the full-text index (migration registry 0010) find
    in many records: a word starting one of them is known without asking the index, where the
    index would gather every record holding it (100 ms for "nguyen" among a million members).
    The others are rare, or unknown, and cheap to ask about. None before the first ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[] FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s",
            [FULL_TEXT_INDEX],
        )
        row = cursor.fetchone()
    return list(row[0]) if row and row[0] else []


# Counts cached at most this long (seconds), in case a change reached the tables unannounced.
COUNTS_TTL = 600
GENERATION_KEY = "search:counts-generation"


def counts_key(query: RegistryQuery) -> str:
    """The cache key of a query's counts: its criteria (not its page or sort), hashed."""
    criteria = dataclasses.asdict(query)
    for name in ("page", "page_size", "sort"):
        criteria.pop(name)
    generation = cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
    digest = hashlib.sha256(repr(sorted(criteria.items())).encode()).hexdigest()
    return f"search:counts:v2:{connection.vendor}:{generation}:{digest}"


def forget_counts() -> None:
    """The registry changed: no cached count is read again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or never set): a value no earlier key used
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def by_name() -> Any:
    """Names in code-point order, whatever the database's collation: the order Elasticsearch
    gives its keyword field, and SQLite's own. On PostgreSQL an index of migration registry 0012
    holds it (with the id, the tie-break)."""
    return Collate("search_name", "C") if postgres() else F("search_name")


def page(
    members: QuerySet[Member], query: RegistryQuery, counts: Counts
) -> list[tuple[int, str, float | None]]:
    """(id, name, km or None) of the requested page, ordered in SQL."""
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
    elif counts.mistyped:
        closeness = TrigramSimilarity("search_name", " ".join(query.tokens))
        ordered = members.annotate(score=closeness).order_by("-score", name, "pk")
    else:
        best = best_matches(members, query, counts)
        if best is not None:
            return best
        folded = " ".join(query.tokens)
        score = (
            Case(When(as_typed_q(query.text), then=Value(4)), default=Value(0))
            + Case(When(search_name__startswith=folded, then=Value(2)), default=Value(0))
            + Case(When(search_name__contains=folded, then=Value(1)), default=Value(0))
        )
        ordered = members.annotate(score=score).order_by("-score", name, "pk")
    return window(ordered, query)


def km(query: RegistryQuery) -> Any:
    """Each row's distance from the nearest place (annotated by `filtered`), or none."""
    return F("distance") if query.places else Value(None, output_field=FloatField())


def window(ordered: QuerySet[Member], query: RegistryQuery) -> list[tuple[int, str, float | None]]:
    rows = ordered.annotate(km=km(query)).values_list("pk", "full_name", "km")
    return list(rows[query.offset : query.offset + query.page_size])


# How many names starting with the words the relevance shortcut reads: eight times the rows up
# to the end of the page, at most this many.
SHORTCUT_ROWS = 2000


def best_matches(
    members: QuerySet[Member], query: RegistryQuery, counts: Counts
) -> list[tuple[int, str, float | None]] | None:
    """The page by relevance when it lies among the best matches (PostgreSQL), else None.

    The best matches start with the words (2 + 1 of `page`'s score) and, if any match holds the
    text as typed (4, `counts.typed`), hold it too. The page is then among the first names, in
    name order, that start with the words: read through the name index, a few thousand at most,
    where scoring every match reads them all (408,000 for "ngu" among a million members). When
    fewer best matches are there than the page needs but these names are every match, they are
    ranked whole; otherwise the full ranking answers instead.
    """
    if not postgres():
        return None
    # The first names starting with the words that pass the other filters (the words' own
    # full-text match is left to the outer query: the index range of names is the cheap way in).
    folded = " ".join(query.tokens)
    end = query.offset + query.page_size
    enough = min(SHORTCUT_ROWS, 8 * end)
    first = others_by_name(query, folded).values("pk")[:enough]
    rows = list(
        members.filter(pk__in=first)
        .alias(name_c=by_name())
        .annotate(km=km(query), typed=as_typed(query.text))
        .order_by("name_c", "pk")
        .values_list("pk", "full_name", "km", "typed")
    )
    typed = counts.typed
    if typed is None:  # counts deferred: ask
        typed = any(row[3] for row in rows) or members.filter(as_typed_q(query.text)).exists()
    best = [row[:3] for row in rows if row[3] or not typed]
    if len(best) >= end:
        return best[query.offset : end]
    # Ranked whole when these are every match: as typed (7), then the others (3). Counted, that
    # is known at once; uncounted, it takes a count, after the cheaper way in below.
    whole = [row for row in rows if row[3]] + [row for row in rows if not row[3]]
    if counts.total != UNCOUNTED and len(rows) == counts.total:
        return [row[:3] for row in whole[query.offset : end]]
    if not typed and many(members, counts.total) and first.count() < enough:
        # `best` is every match that starts with the words: the rest follows.
        found = best_then_the_rest(members, query, best)
        if found is not None:
            return found
    if counts.total == UNCOUNTED and every_match(members, rows):
        return [row[:3] for row in whole[query.offset : end]]
    return None


# Up to this many matches, scoring them all is quicker than looking for the rest of a page among
# the first names (`best_then_the_rest`), which may not find it there (25 ms at 5,000).
RANK_ALL_UP_TO = 5000


def many(members: QuerySet[Member], total: int) -> bool:
    """More matches than RANK_ALL_UP_TO: by the total, or, UNCOUNTED, counting no further."""
    if total != UNCOUNTED:
        return total > RANK_ALL_UP_TO
    return more_than(members, RANK_ALL_UP_TO)


def more_than(members: QuerySet[Member], n: int) -> bool:
    """Whether there are more than `n` members, counting no further than one more."""
    return members.order_by().values("pk")[: n + 1].count() > n


def others_by_name(query: RegistryQuery, starting: str = "") -> QuerySet[Member]:
    """The records passing `query`'s filters other than its words, in name order (those whose
    name is `starting` with the text given)."""
    names = filtered(dataclasses.replace(query, text="")).alias(name_c=by_name())
    if starting:
        names = names.filter(name_c__startswith=starting)
    return names.order_by("name_c", "pk")


# How many names, in name order, `best_then_the_rest` reads for the rest of the page: this many
# times the rows up to the end of the page, at most REST_ROWS.
REST_ROWS_PER_ROW, REST_ROWS = 64, 8000


def best_then_the_rest(
    members: QuerySet[Member], query: RegistryQuery, best: list[tuple[int, str, float | None]]
) -> list[tuple[int, str, float | None]] | None:
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
    rows = list(
        members.filter(pk__in=names)
        .exclude(search_name__startswith=folded)
        .alias(name_c=by_name())
        .annotate(
            km=km(query),
            inside=Case(When(search_name__contains=folded, then=Value(True)), default=False),
        )
        .order_by("name_c", "pk")
        .values_list("pk", "full_name", "km", "inside")
    )
    inside = [row[:3] for row in rows if row[3]]
    if len(names) < size:  # every name: every match
        return (best + inside + [row[:3] for row in rows if not row[3]])[query.offset : end]
    if len(best) + len(inside) >= end:  # names further on come after these
        return (best + inside)[query.offset : end]
    return None


def every_match(members: QuerySet[Member], rows: list[Any]) -> bool:
    """Whether `rows` (some of `members`) are all of them."""
    return not more_than(members, len(rows))


def nearest_first(
    members: QuerySet[Member], query: RegistryQuery
) -> list[tuple[int, str, float | None]] | None:
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


def as_typed_q(text: str) -> Q:
    """The name holds the text exactly as typed, as whole words, diacritics included (case
    aside): what Elasticsearch's phrase on the unfolded name (`name.exact`) finds, so "Trần"
    is as typed in "Trần Văn An" and "tran" is not in "Nguyễn Thị Trang". On PostgreSQL the
    trigram index of names (migration registry 0012) answers the three patterns, whose spaces
    make their trigrams selective, and an index of the upper-cased name (0013) the equality."""
    return (
        Q(full_name__iexact=text)
        | Q(full_name__istartswith=f"{text} ")
        | Q(full_name__iendswith=f" {text}")
        | Q(full_name__icontains=f" {text} ")
    )


def as_typed(text: str) -> Case:
    return Case(When(as_typed_q(text), then=Value(True)), default=Value(False))


def count(members: QuerySet[Member], query: RegistryQuery) -> Counts:
    """The total and the facet counts of the filtered members."""
    wanted = set(query.facets)
    counts: dict[str, dict[str, int]] = {}
    typed = False
    if postgres():
        total, single, typed = grouped_counts_postgres(members, wanted, query.text)
        counts.update(single)
    else:
        total = members.count()
        counts.update(grouped_counts(members, wanted, total))
    if total == 0:  # nothing to count by relation either
        return Counts(0, {name: {} for name in query.facets})
    for name, relation in RELATION_FACETS.items():
        if name in wanted:
            slug = f"{Member._meta.get_field(relation).m2m_reverse_field_name()}__slug"  # type: ignore[union-attr]
            rows = (
                through(relation)
                .objects.filter(member_id__in=members.values("pk"))
                .values(slug)
                .annotate(n=Count("*"))
            )
            counts[name] = {row[slug]: row["n"] for row in rows}
    if "languages" in wanted:
        counts["languages"] = language_counts(members)
    facets = {name: counts[name] for name in query.facets if name in counts}
    return Counts(total, facets, typed=typed)


def grouped_counts(
    members: QuerySet[Member], wanted: set[str], total: int
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name, column in COLUMN_FACETS.items():
        if name in wanted:
            rows = members.exclude(**{f"{column}__isnull": True}).values(column)
            rows = rows.annotate(n=Count("pk")).order_by()
            counts[name] = {str(row[column]): row["n"] for row in rows if row[column] != ""}
    if "verified" in wanted:
        verified = members.filter(verified_at__isnull=False).count()
        both = {"true": verified, "false": total - verified}
        counts["verified"] = {key: n for key, n in both.items() if n}
    return counts


def grouped_counts_postgres(
    members: QuerySet[Member], wanted: set[str], text: str
) -> tuple[int, dict[str, dict[str, int]], bool]:
    """The total and the single-valued facets in one pass over the filtered rows, and whether
    any of them holds the text as typed (for `best_matches`)."""
    inner = (
        members.order_by()
        .annotate(typed=as_typed(text) if text else Value(False))
        .values("country", "sector_id", "hometown_ward_id", "verified_at", "typed")
    )
    sql, params = inner.query.sql_with_params()
    columns = [column for name, column in GROUPED_COLUMNS.items() if name in wanted]
    if "verified" in wanted:
        columns.append("verified")
    sets = ", ".join(["()", *(f"({column})" for column in columns)])
    # GROUPING() is 1 where a row does not group by the column; a column that is in no grouping
    # set may not be named in it, so those read as a constant 1.
    every = (*GROUPED_COLUMNS.values(), "verified")
    flags = ", ".join(f"GROUPING({c})" if c in columns else "1" for c in every)
    values = ", ".join(c if c in columns else "NULL" for c in every)
    # The ORM's SQL with its values as parameters, grouped by the wanted facets' columns.
    template = (
        "SELECT {}, {}, COUNT(*), bool_or(typed) FROM (SELECT country, sector_id,"
        " hometown_ward_id, verified_at IS NOT NULL AS verified, typed"
        " FROM ({}) AS filtered) AS m GROUP BY GROUPING SETS ({})"
    )
    with connection.cursor() as cursor:
        cursor.execute(template.format(flags, values, sql, sets), params)  # noqa: S608
        rows = cursor.fetchall()
    total, typed = 0, False
    counts: dict[str, dict[Any, int]] = {name: {} for name in (*COLUMN_FACETS, "verified")}
    for row in rows:
        g_country, g_sector, g_ward, g_verified, country, sector, ward, verified, n, as_typed_ = row
        if g_country and g_sector and g_ward and g_verified:
            total, typed = n, bool(as_typed_)
        elif not g_country and country:
            counts["country"][country] = n
        elif not g_sector and sector is not None:
            counts["sector"][sector] = n
        elif not g_ward and ward is not None:
            counts["ward"][str(ward)] = n
        elif not g_verified:
            counts["verified"]["true" if verified else "false"] = n
    if counts["sector"]:
        slugs = dict(Sector.objects.filter(pk__in=counts["sector"]).values_list("pk", "slug"))
        counts["sector"] = {slugs[pk]: n for pk, n in counts["sector"].items()}
    return total, {name: values for name, values in counts.items() if name in wanted}, typed


def language_counts(members: QuerySet[Member]) -> dict[str, int]:
    """Members per language (codes space-separated on the record, each once)."""
    if postgres():
        sql, params = members.order_by().values("languages").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code, COUNT(*) FROM (" + sql + ") AS m,"  # noqa: S608 (the ORM's SQL)
                " unnest(string_to_array(m.languages, ' ')) AS code"
                " WHERE code <> '' GROUP BY code",
                params,
            )
            return dict(cursor.fetchall())
    tally: dict[str, int] = {}
    for languages in members.values_list("languages", flat=True):
        for code in set(languages.split()):
            tally[code] = tally.get(code, 0) + 1
    return tally
