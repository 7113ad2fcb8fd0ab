"""The database engine: the embedded default, and the fallback when Elasticsearch is down.

Words are matched as prefixes of the words of `Member.search_text`, text folded in Python when
the record is saved (no tone marks, đ → d), so the same rules hold on SQLite and PostgreSQL.
Relevance: the name as typed, diacritics included, first; then a name that starts with the
words; then a name containing them together; then the rest by name. Radius: a bounding box in
SQL, then the exact great-circle distance.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When

from registry.gazetteer import EARTH_RADIUS_KM, distance_km
from registry.models import Member
from search.highlight import highlight
from search.query import RegistryQuery, SearchResult

FACET_FIELDS = {
    "country": "country",
    "interests": "interests__slug",
    "sector": "sector__slug",
    "ward": "hometown_ward_id",
    "consents": "consented_purposes__slug",
}


def searchable() -> QuerySet[Member]:
    """Who staff search: the records in the registry (a member leaves it by deleting the account,
    the only way to withdraw the registry consent)."""
    return Member.objects.in_registry()


def filtered(query: RegistryQuery) -> QuerySet[Member]:
    members = searchable()
    for token in query.tokens:
        members = members.filter(
            Q(search_text__startswith=token) | Q(search_text__contains=f" {token}")
        )
    if query.countries:
        members = members.filter(country__in=query.countries)
    if query.city:
        members = members.filter(city_name=query.city)
    if query.wards:
        members = members.filter(hometown_ward_id__in=query.wards)
    if query.legacy_communes:
        members = members.filter(hometown_legacy_id__in=query.legacy_communes)
    if query.legacy_districts:
        members = members.filter(
            Q(hometown_legacy__district_code__in=query.legacy_districts)
            | Q(
                hometown_legacy=None,
                hometown_ward__legacy_communes__district_code__in=query.legacy_districts,
            )
        )
    for slug in query.interests:
        members = members.filter(interests__slug=slug)
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
        members = members.filter(consented_purposes__slug=slug)
    for association in query.associations:
        members = members.filter(associations=association)
    if query.updated_since is not None:
        members = members.filter(updated_at__gte=query.updated_since)
    if query.near is not None and query.radius_km is not None:
        members = members.filter(**bounding_box(query))
    # Joins on many-valued relations above may repeat a member: keep one row each.
    return Member.objects.filter(pk__in=members.values("pk"))


def bounding_box(query: RegistryQuery) -> dict[str, Any]:
    assert query.near is not None and query.radius_km is not None  # noqa: S101
    lat, lon = query.near.latitude, query.near.longitude
    d_lat = math.degrees(query.radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    d_lon = min(math.degrees(query.radius_km / (EARTH_RADIUS_KM * cos_lat)), 180)
    box = {"latitude__gte": lat - d_lat, "latitude__lte": lat + d_lat}
    if lon - d_lon >= -180 and lon + d_lon <= 180:
        box.update(longitude__gte=lon - d_lon, longitude__lte=lon + d_lon)
    return box


def search(query: RegistryQuery) -> SearchResult:
    members = filtered(query)
    rows = list(members.values_list("pk", "latitude", "longitude"))
    if query.near is not None and query.radius_km is not None:
        near = query.near
        rows = [
            row
            for row in rows
            if row[1] is not None
            and row[2] is not None
            and distance_km(near.latitude, near.longitude, row[1], row[2]) <= query.radius_km
        ]
    wanted = [row[0] for row in rows]
    distances: dict[int, float] = {}
    if query.near is not None:
        near = query.near
        distances = {
            pk: distance_km(near.latitude, near.longitude, lat, lon)
            for pk, lat, lon in rows
            if lat is not None and lon is not None
        }
    ordered = order(Member.objects.filter(pk__in=wanted), query, distances)
    page_ids = ordered[query.offset : query.offset + query.page_size]
    names = dict(Member.objects.filter(pk__in=page_ids).values_list("pk", "full_name"))
    return SearchResult(
        ids=page_ids,
        total=len(wanted),
        facets=facets(Member.objects.filter(pk__in=wanted), query),
        highlights={pk: highlight(names[pk], query.tokens) for pk in page_ids},
        distances={pk: round(distances[pk], 1) for pk in page_ids if pk in distances},
        engine="database",
    )


def order(
    members: QuerySet[Member], query: RegistryQuery, distances: dict[int, float]
) -> list[int]:
    if query.sort == "distance":
        ids = list(members.values_list("pk", flat=True))
        return sorted(ids, key=lambda pk: (distances.get(pk, math.inf), pk))
    if query.sort == "newest":
        return list(members.order_by("-created_at", "-pk").values_list("pk", flat=True))
    if query.sort == "name" or not query.tokens:
        return list(members.order_by("search_name", "pk").values_list("pk", flat=True))
    folded = " ".join(query.tokens)
    score = (
        Case(When(full_name__icontains=query.text, then=Value(4)), default=Value(0))
        + Case(When(search_name__startswith=folded, then=Value(2)), default=Value(0))
        + Case(When(search_name__contains=folded, then=Value(1)), default=Value(0))
    )
    ranked = members.annotate(score=score).order_by("-score", "search_name", "pk")
    return list(ranked.values_list("pk", flat=True))


def facets(members: QuerySet[Member], query: RegistryQuery) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name in query.facets:
        if name == "verified":
            verified = members.filter(verified_at__isnull=False).count()
            both = {"true": verified, "false": members.count() - verified}
            counts[name] = {key: n for key, n in both.items() if n}
        elif name == "languages":
            tally: dict[str, int] = {}
            for languages in members.values_list("languages", flat=True):
                for code in set(languages.split()):
                    tally[code] = tally.get(code, 0) + 1
            counts[name] = tally
        elif name in FACET_FIELDS:
            column = FACET_FIELDS[name]
            rows = (
                members.exclude(**{f"{column}__isnull": True})
                .values(column)
                .annotate(n=Count("pk", distinct=True))
            )
            counts[name] = {str(row[column]): row["n"] for row in rows if row[column] != ""}
    return counts
