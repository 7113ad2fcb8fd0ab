"""What a briefing pack says, gathered from the database (rendering is `trips.documents`).

For each destination: the registry's members there (within the leg's radius of its city, or the
whole country when the leg has no coordinates) counted by city, sector, age, old district and
ward, grouped into map clusters, and the associations there; then the people on the list who
accepted, each under the destination they live nearest (or "elsewhere"), with contact details
only where the reader may see them (`registry.permissions.can_see_contact`); the linked pages
and the delegation.

A destination may hold tens of thousands of members in a registry of a million: they are read
as plain rows (`values_list`, a box of indexed coordinates, then the exact distance here), never
as objects, and only counts are kept. Only the people who accepted are loaded as records.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from registry.gazetteer import EARTH_RADIUS_KM, distance_km
from registry.models import LegacyCommune, Member, Sector, Ward
from registry.permissions import can_see_contact
from registry.text import fold
from trips.associations import AssociationRow, associations_there, has_point
from trips.models import Leg, Shortlisted, Trip

# Rows read per round trip: memory stays flat whatever the number of members at a destination.
CHUNK = 5000
# Map clusters: the grid's cell is this fraction of the radius (a country's legs: CELL_KM).
CELLS_PER_RADIUS = 8
CELL_KM = 50
ACCEPTED = (Shortlisted.Status.ACCEPTED, Shortlisted.Status.ATTENDED)
# The first age of each band, with its label (computed in the active language).
AGE_BANDS = (
    (60, gettext_noop("60 and over")),
    (45, gettext_noop("45–59")),
    (30, gettext_noop("30–44")),
    (0, gettext_noop("under 30")),
)
DESCRIPTION_LENGTH = 300


@dataclass
class Row:
    """One line of a count table."""

    label: str
    count: int
    unknown: bool = False  # the row of those the registry does not know it of


@dataclass
class Cluster:
    """Members close together, drawn as one circle: where they are on average, how many, and the
    city most of them live in."""

    latitude: float
    longitude: float
    count: int
    city: str


@dataclass
class Person:
    """Someone on the list who accepted, as the pack shows them."""

    member_id: int
    name: str
    hometown: str
    city: str
    country: str
    occupation: str
    organisation: str
    role: str
    status: str
    reason: str
    email: str = ""
    phone: str = ""
    guests: int = 0
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Destination:
    leg: Leg
    total: int = 0
    by_city: list[Row] = field(default_factory=list)
    by_sector: list[Row] = field(default_factory=list)
    by_age: list[Row] = field(default_factory=list)
    by_district: list[Row] = field(default_factory=list)
    by_ward: list[Row] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    associations: list[AssociationRow] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def whole_country(self) -> bool:
        return not has_point(self.leg)


@dataclass
class LinkedPage:
    title: str
    kind: str
    description: str
    url: str


@dataclass
class Pack:
    trip: Trip
    destinations: list[Destination]
    elsewhere: list[Person]
    pages: list[LinkedPage]
    delegation: list[dict[str, str]]
    made_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def people(self) -> list[Person]:
        return [p for d in self.destinations for p in d.people] + self.elsewhere

    @property
    def subjects(self) -> list[int]:
        """The records the pack names (the counts name no one)."""
        return sorted({person.member_id for person in self.people})


def legs_of(trip: Trip) -> list[Leg]:
    return list(trip.legs.order_by("starts_on", "pk"))


# --- Members at a destination ---------------------------------------------------------------


def box(latitude: float, longitude: float, radius_km: float) -> Q:
    """The box of indexed coordinates around a circle (wider than the circle: the exact distance
    is checked after). Near the date line the box keeps every longitude."""
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    d_lon = min(math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)), 180)
    found = Q(latitude__gte=latitude - d_lat, latitude__lte=latitude + d_lat)
    if longitude - d_lon >= -180 and longitude + d_lon <= 180:
        found &= Q(longitude__gte=longitude - d_lon, longitude__lte=longitude + d_lon)
    return found


MemberRow = tuple[
    int, float | None, float | None, str, int | None, int | None, int | None, int | None
]
ROW_FIELDS = (
    "pk",
    "latitude",
    "longitude",
    "city_name",
    "sector_id",
    "birth_year",
    "hometown_legacy_id",
    "hometown_ward_id",
)


def rows_there(leg: Leg) -> Iterable[MemberRow]:
    """The registry's members at the destination, as plain rows, a chunk at a time."""
    # Around a city, whoever lives within the radius, across a border too (as the staff search
    # counts them: Győr is within 100 km of Bratislava); a whole country, those living there.
    members = Member.objects.in_registry()
    if not has_point(leg):
        members = members.filter(country=leg.country.code)
        yield from members.values_list(*ROW_FIELDS).order_by().iterator(chunk_size=CHUNK)
        return
    lat, lon, radius = float(leg.latitude or 0), float(leg.longitude or 0), leg.radius_km
    inside = members.filter(box(lat, lon, radius)).values_list(*ROW_FIELDS).order_by()
    for row in inside.iterator(chunk_size=CHUNK):
        if row[1] is not None and row[2] is not None:
            if distance_km(lat, lon, row[1], row[2]) <= radius:
                yield row


def age_band(birth_year: int | None, year: int) -> str:
    if not birth_year:
        return _("unknown")
    age = year - birth_year
    for first, label in AGE_BANDS:
        if age >= first:
            return _(label)
    return _("under 30")


class _Grid:
    """Points counted into cells of about `cell_km` a side, each cell's mean and cities kept."""

    def __init__(self, latitude: float, cell_km: float) -> None:
        self.step_lat = math.degrees(cell_km / EARTH_RADIUS_KM)
        self.step_lon = self.step_lat / max(math.cos(math.radians(latitude)), 0.05)
        self.cells: dict[tuple[int, int], list[Any]] = {}

    def add(self, lat: float, lon: float, city: str) -> None:
        key = (round(lat / self.step_lat), round(lon / self.step_lon))
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = [0, 0.0, 0.0, Counter()]
        cell[0] += 1
        cell[1] += lat
        cell[2] += lon
        cell[3][city] += 1

    def clusters(self) -> list[Cluster]:
        found = [
            Cluster(lat / n, lon / n, n, cities.most_common(1)[0][0] if cities else "")
            for n, lat, lon, cities in self.cells.values()
        ]
        return sorted(found, key=lambda c: (-c.count, c.city))


def rows_of(counter: Counter[Any], names: dict[Any, str], unknown: str) -> list[Row]:
    """A count table, largest first; keys without a name (None, or gone) count as `unknown`."""
    named: Counter[str] = Counter()
    for key, count in counter.items():
        named[names.get(key) or unknown] += count
    rows = [Row(label, count) for label, count in named.items() if label != unknown]
    rows.sort(key=lambda row: (-row.count, fold(row.label)))
    if named[unknown]:
        rows.append(Row(unknown, named[unknown], unknown=True))
    return rows


def destination(leg: Leg) -> Destination:
    """The counts, clusters and associations of one destination (its people come after)."""
    year = timezone.localdate().year
    cities: Counter[str] = Counter()
    sectors: Counter[int | None] = Counter()
    ages: Counter[str] = Counter()
    districts: Counter[int | None] = Counter()
    wards: Counter[int | None] = Counter()
    centre = leg.latitude if leg.latitude is not None else 0.0
    cell_km = leg.radius_km / CELLS_PER_RADIUS if has_point(leg) else CELL_KM
    grid = _Grid(centre, max(cell_km, 1))
    ids: set[int] = set()
    for pk, lat, lon, city, sector, born, legacy, ward in rows_there(leg):
        ids.add(pk)
        cities[city] += 1
        sectors[sector] += 1
        ages[age_band(born, year)] += 1
        districts[legacy] += 1
        wards[ward] += 1
        if lat is not None and lon is not None:
            grid.add(lat, lon, city)
    unknown = _("unknown")
    found = Destination(leg=leg, total=len(ids))
    found.by_city = rows_of(cities, {name: name for name in cities if name}, unknown)
    found.by_sector = rows_of(sectors, {s.pk: str(s) for s in Sector.objects.all()}, unknown)
    bands = [_(label) for _first, label in reversed(AGE_BANDS)] + [unknown]
    found.by_age = [Row(band, ages[band], unknown=band == unknown) for band in bands]
    found.by_district = rows_of(districts, _district_names(districts), unknown)
    found.by_ward = rows_of(
        wards, dict(Ward.objects.filter(pk__in=list(wards)).values_list("pk", "name")), unknown
    )
    found.clusters = grid.clusters()
    found.associations = associations_there(leg, ids)
    return found


def _district_names(communes: Counter[int | None]) -> dict[int | None, str]:
    rows = LegacyCommune.objects.filter(pk__in=[pk for pk in communes if pk])
    return dict(rows.values_list("pk", "district_name"))


# --- The people who accepted ----------------------------------------------------------------


def accepted_lines(trip: Trip) -> Any:
    return (
        Shortlisted.objects.filter(trip=trip, status__in=ACCEPTED, member__isnull=False)
        .select_related("member", "member__hometown_ward", "member__hometown_legacy")
        .prefetch_related("member__consented_purposes")
        .order_by("member__search_name", "pk")
    )


def hometown(member: Member) -> str:
    """The ward, and the pre-2025 commune the member named it by (the PDF's font has no
    arrow, which `Member.hometown_label` puts between them)."""
    ward, legacy = member.hometown_ward, member.hometown_legacy
    if ward and legacy:
        return _("%(ward)s (before 2025: %(commune)s)") % {"ward": ward, "commune": legacy}
    return str(ward or legacy or "")


def person(line: Shortlisted, user: User) -> Person:
    member = line.member
    assert member is not None  # noqa: S101 - accepted_lines leaves erased lines out
    shown = can_see_contact(user, member)
    return Person(
        member_id=member.pk,
        name=member.full_name,
        hometown=hometown(member),
        city=member.city_name,
        country=member.country.name if member.country else "",
        occupation=member.occupation,
        organisation=member.organisation,
        role=line.get_role_display(),
        status=line.get_status_display(),
        reason=line.reason,
        email=member.email if "email" in shown else "",
        phone=str(member.phone) if "phone" in shown and member.phone else "",
        guests=line.guests,
        latitude=member.latitude,
        longitude=member.longitude,
    )


def nearest(destinations: list[Destination], member: Member) -> Destination | None:
    """The destination the member lives at: the nearest whose circle holds them; a whole
    country's leg holds everyone living there; no coordinates: a leg in their city."""
    best: tuple[float, Destination] | None = None
    for found in destinations:
        leg = found.leg
        same_country = leg.country.code == member.country.code
        if not has_point(leg):
            if not same_country:
                continue
            distance = math.inf
        elif member.latitude is None or member.longitude is None:
            if not same_country or fold(member.city_name) != fold(leg.city_name):
                continue
            distance = 0.0
        else:
            lat, lon = float(leg.latitude or 0), float(leg.longitude or 0)
            distance = distance_km(lat, lon, member.latitude, member.longitude)
            if distance > leg.radius_km:
                continue
        if best is None or distance < best[0]:
            best = (distance, found)
    return best[1] if best else None


def place_people(trip: Trip, user: User, destinations: list[Destination]) -> list[Person]:
    """Put each person who accepted under their destination; those under none, returned."""
    elsewhere: list[Person] = []
    for line in accepted_lines(trip):
        assert line.member is not None  # noqa: S101 - see accepted_lines
        found = nearest(destinations, line.member)
        (found.people if found else elsewhere).append(person(line, user))
    return elsewhere


# --- The rest -------------------------------------------------------------------------------


def linked_pages(trip: Trip) -> list[LinkedPage]:
    pages = []
    for page in trip.pages.order_by("title", "pk"):
        specific = page.specific
        description = " ".join(str(getattr(specific, "search_excerpt", "") or "").split())
        if len(description) > DESCRIPTION_LENGTH:
            description = description[: DESCRIPTION_LENGTH - 1].rstrip() + "…"
        pages.append(
            LinkedPage(
                title=specific.title,
                kind=str(specific._meta.verbose_name),
                description=description,
                url=specific.full_url or "",
            )
        )
    return pages


def delegation(trip: Trip) -> list[dict[str, str]]:
    found = []
    for entry in trip.delegation or []:
        if isinstance(entry, dict) and entry.get("name"):
            found.append({"name": str(entry["name"]), "title": str(entry.get("title") or "")})
    return found


def gather(trip: Trip, user: User) -> Pack:
    """The whole pack at once (`trips.documents` gathers it a destination at a time)."""
    destinations = [destination(leg) for leg in legs_of(trip)]
    return finish(trip, user, destinations)


def finish(trip: Trip, user: User, destinations: list[Destination]) -> Pack:
    elsewhere = place_people(trip, user, destinations)
    return Pack(trip, destinations, elsewhere, linked_pages(trip), delegation(trip))
