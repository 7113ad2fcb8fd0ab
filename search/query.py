"""The registry search contract: one query shape in, one result shape out, whatever the engine.

Both engines (Elasticsearch and the database) take a `RegistryQuery` and return a
`SearchResult`; the contract tests in `tests/search/` hold them to the same answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from registry.search_words import join_places
from registry.text import clean_typed, fold, split_words

PAGE_SIZE = 25
FACETS = ("country", "interests", "sector", "ward", "verified", "consents", "languages")
SORTS = ("relevance", "distance", "newest", "name")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    """A city to search around: members within `radius_km` of `point` (any distance if None).

    `country` is the city's country: among chosen countries, a country with a chosen city is
    searched around its cities, one without any is searched whole (`RegistryQuery.where`).
    """

    point: Point
    radius_km: float | None = None
    country: str = ""


@dataclass
class RegistryQuery:
    text: str = ""
    countries: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # near any of these cities
    # One place, the short way (tests, benchmarks): folded into `places`, then None.
    near: Point | None = None
    radius_km: float | None = None
    wards: list[int] = field(default_factory=list)  # current wards (ids)
    legacy_communes: list[int] = field(default_factory=list)  # pre-2025 communes (ids)
    legacy_districts: list[str] = field(default_factory=list)  # pre-2025 district codes
    interests: list[str] = field(default_factory=list)  # slugs
    sectors: list[str] = field(default_factory=list)  # slugs
    languages: list[str] = field(default_factory=list)  # codes
    born_from: int | None = None  # birth year, inclusive
    born_to: int | None = None
    verified: bool | None = None
    consents: list[str] = field(default_factory=list)  # purpose slugs, all required
    associations: list[int] = field(default_factory=list)
    updated_since: datetime.datetime | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: tuple[str, ...] = FACETS

    def __post_init__(self) -> None:
        # Hostile input is trimmed here, once, for both engines (as the site search trims it).
        self.text = clean_typed(self.text)
        self.page = max(1, int(self.page))
        self.page_size = max(1, min(int(self.page_size), 100))
        self.countries = [c.upper() for c in self.countries]
        if self.near is not None:
            self.places = [Place(self.near, self.radius_km), *self.places]
            self.near = self.radius_km = None
        self.places = [
            Place(place.point, place.radius_km, place.country.upper()) for place in self.places
        ]
        if self.sort not in SORTS or (self.sort == "distance" and not self.places):
            self.sort = "relevance"
        if self.sort == "relevance" and not self.tokens and self.places:
            # Without words there is nothing to rank by but the place: the nearest first.
            self.sort = "distance"

    @property
    def radius_limited(self) -> bool:
        """Whether the places limit where members live (each has a radius)."""
        return bool(self.places) and all(p.radius_km is not None for p in self.places)

    @property
    def where(self) -> tuple[list[str], list[str]]:
        """With countries and radius-limited places both chosen: the countries searched whole,
        and those searched only around the places.

        A chosen country with a chosen city in it counts around its cities; one without counts
        whole; the country of a city outside the chosen ones is added, around that city (Japan
        chosen, Seoul named: all of Japan, and Korea around Seoul). A place whose country is not
        known leaves every chosen country around the places. With no country chosen the engines
        search around the places across borders.
        """
        cities = {place.country for place in self.places}
        whole = [] if "" in cities else [c for c in self.countries if c not in cities]
        around = list(dict.fromkeys([*self.countries, *sorted(cities - {""})]))
        return whole, around

    @property
    def tokens(self) -> list[str]:
        """Folded words; punctuation (Lucene syntax included) is just a separator. Words that
        spell a Vietnamese place name of several syllables are one ("nhat ban" → "nhatban",
        as `Member.search_text` holds it)."""
        return list(tokens_of(self.text))

    @property
    def narrowed(self) -> bool:
        """Whether anything narrows the search (words, a filter): else it is every member."""
        left_out = {"sort", "page", "page_size", "facets"}
        return any(
            value is not None and value != [] and value != ""
            for name, value in vars(self).items()
            if name not in left_out
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@lru_cache(maxsize=256)
def tokens_of(text: str) -> tuple[str, ...]:
    """`RegistryQuery.tokens` of a text, worked out once: one search asks for them many times."""
    return tuple(join_places(split_words(fold(text)))[:10])


@dataclass
class SearchResult:
    ids: list[int]
    total: int | None  # None: not counted yet (the database engine, asked to defer its counts)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    highlights: dict[int, str] = field(default_factory=dict)  # member id → name with <mark>
    distances: dict[int, float] = field(default_factory=dict)  # member id → km from `near`
    engine: str = "database"
    fallback: bool = False  # the database answered because Elasticsearch did not
    # Words no record holds, matched by the words they may mean (a typo: "pahm" → Phạm).
    mistyped: list[str] = field(default_factory=list)
