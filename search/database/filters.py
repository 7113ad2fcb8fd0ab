"""Which members a query matches, on the database engine: its words, where members live, and its
other criteria.

Words are matched as prefixes of the words of `Member.search_text`, text folded in Python when
the record is saved (no tone marks, đ → d), so the same rules hold on SQLite and PostgreSQL. On
PostgreSQL the words are looked up in a full-text (GIN) index of every beginning of every word
of that text (`Member.search_vector`); SQLite, for local use, scans the text. When nothing
matches, a word that matches nothing (`unknown_words`), and only that word, is matched by the
words it may mean (`search.vocabulary`), so that a typo still finds the person.

Radius: around each chosen city a bounding box on the indexed coordinates, then the exact
great-circle distance, both in SQL; a member inside any of the circles is near, as far away as
the nearest of the cities. Filters on many-valued relations are EXISTS subqueries, so a member
is one row whatever they match.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from registry.filters import in_legacy_districts
from registry.gazetteer import EARTH_RADIUS_KM
from registry.models import ConsentPurpose, Interest, Member
from search.database.sql import (
    FULL_TEXT_COLUMN,
    TextMatch,
    postgres,
    related,
    slug_id,
)
from search.query import Point, RegistryQuery
from search.vocabulary import similar_words


def searchable() -> QuerySet[Member]:
    """Who staff search: the records in the registry (a member leaves it by deleting the account,
    the only way to withdraw the registry consent)."""
    return Member.objects.in_registry()


def word_matches(token: str) -> Q:
    """The record has a word starting with `token` (a folded word of letters and digits)."""
    return words_match([token])


def words_match(tokens: list[str], mistyped: frozenset[str] = frozenset()) -> Q:
    """The record has a word starting with each of `tokens` (folded words of letters and
    digits), and, for each `mistyped` one, a word starting with one of the words it may mean
    (`search.vocabulary.similar_words`: whole words of the registry, the closest to the typo).

    On PostgreSQL, one lookup of the words' full-text index, which holds every beginning of
    every word (migration registry 0022): each word typed is one exact entry, a mistyped one
    the entries it may mean, and the index intersects them, rarest first."""
    alternatives = [
        sorted(similar_words(token)) if token in mistyped else [token] for token in tokens
    ]
    if not all(alternatives):
        return Q(pk__isnull=True)  # a mistyped word that may mean nothing: no record
    if postgres():
        return Q(TextMatch(" & ".join(f"({' | '.join(words)})" for words in alternatives)))
    found = Q()
    for words in alternatives:
        either = Q()
        for word in words:
            either |= Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        found &= either
    return found


def filtered(query: RegistryQuery, mistyped: frozenset[str] = frozenset()) -> QuerySet[Member]:
    """The members matching `query`, its `mistyped` words matched by the words they may mean
    (within the allowed edits, `search.vocabulary.similar_words`)."""
    members = searchable()
    if query.tokens:
        members = members.filter(words_match(query.tokens, mistyped))
    if query.places:
        members = with_distances(members, query)
    members = members.filter(located(query))
    if query.wards:
        members = members.filter(hometown_ward_id__in=query.wards)
    if query.legacy_communes:
        members = members.filter(hometown_legacy_id__in=query.legacy_communes)
    if query.legacy_districts:
        members = members.filter(in_legacy_districts(query.legacy_districts))
    for slug in query.interests:
        members = members.filter(related("interests", interest_id=slug_id(Interest, slug)))
    if query.sectors:
        members = members.filter(sector__slug__in=query.sectors)
    for code in query.languages:
        members = members.filter(related("languages", language_id=code))
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
    """`as_typed_q` as a value of each row (True or False)."""
    return Case(When(as_typed_q(text), then=Value(True)), default=Value(False))


# --- Near misses (PostgreSQL) --------------------------------------------------------------------


def unknown_words(tokens: list[str]) -> frozenset[str]:
    """The words no record has a word starting with.

    On PostgreSQL, asked of the full-text index only: for a word no record has, the planner
    would otherwise expect `EXISTS` to stop early in a sequential scan, and read the whole
    table (3.6 s at a million members, against 0.05 ms through the index).
    """
    if not postgres():
        return frozenset(
            token for token in tokens if not searchable().filter(word_matches(token)).exists()
        )
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
    """The words PostgreSQL's statistics of the stored words (`Member.search_vector`) find in
    many records: a word starting one of them is known without asking the index, where the
    index would gather every record holding it (100 ms for "nguyen" among a million members).
    The others are rare, or unknown, and cheap to ask about. None before the first ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[] FROM pg_stats WHERE schemaname ="
            " current_schema() AND tablename = %s AND attname = %s",
            [Member._meta.db_table, FULL_TEXT_COLUMN],
        )
        row = cursor.fetchone()
    return list(row[0]) if row and row[0] else []


# --- Where members live --------------------------------------------------------------------------


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
