"""The associations at a trip's destination, for the briefing pack: those of its country, the
ones in its city (by name, or placed within its radius by the gazetteer) first, each with how
many of its members live there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from registry.gazetteer import distance_km, find_cities
from registry.models import Association, Member
from registry.text import fold
from trips.models import Leg

CHUNK = 5000


@dataclass
class AssociationRow:
    name: str
    city: str
    in_destination: bool  # in the leg's city or within its radius
    members_there: int
    email: str
    phone: str
    website: str
    listed: bool


def associations_there(leg: Leg, ids: set[int]) -> list[AssociationRow]:
    """The associations in the destination's country, those in its city (by name, or placed
    within its radius by the gazetteer) first; with how many of their members live there."""
    associations = list(Association.objects.filter(country=leg.country.code))
    through = Member.associations.through.objects.filter(
        association_id__in=[a.pk for a in associations]
    )
    members_there: Counter[int] = Counter()
    for association_id, member_id in through.values_list("association_id", "member_id").iterator(
        chunk_size=CHUNK
    ):
        if member_id in ids:
            members_there[association_id] += 1
    rows = []
    for association in associations:
        rows.append(
            AssociationRow(
                name=association.name,
                city=association.city,
                in_destination=in_destination(leg, association.city),
                members_there=members_there[association.pk],
                email=association.contact_email,
                phone=str(association.contact_phone or ""),
                website=association.website,
                listed=association.listed_publicly,
            )
        )
    rows.sort(key=lambda row: (not row.in_destination, -row.members_there, fold(row.name)))
    return rows


def in_destination(leg: Leg, city: str) -> bool:
    if not has_point(leg):
        return True  # the whole country is the destination
    if not city:
        return False
    if fold(city) == fold(leg.city_name):
        return True
    for found in find_cities(leg.country.code, city, limit=1):
        lat, lon = float(leg.latitude or 0), float(leg.longitude or 0)
        return distance_km(lat, lon, found.latitude, found.longitude) <= leg.radius_km
    return False


def has_point(leg: Leg) -> bool:
    """Whether the leg is a city with its coordinates (else the whole country)."""
    return leg.latitude is not None and leg.longitude is not None
