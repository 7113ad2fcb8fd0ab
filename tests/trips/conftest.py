"""A Japan + Korea trip and people around Tokyo and Seoul (and elsewhere), in several languages,
some of whom agreed to be contacted by staff."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from registry.gazetteer import find_cities
from registry.models import Interest, Member
from tests.conftest import make_member
from tests.engagement.conftest import event, programme, project, published  # noqa: F401
from trips.models import Leg, Trip


def city(country: str, name: str):
    return find_cities(country, name, limit=1)[0]


def placed(name: str, country: str, city_name: str, **fields: object) -> Member:
    """A member living in `city_name` (its coordinates from the gazetteer)."""
    where = city(country, city_name)
    interests = fields.pop("interests", ())
    member = make_member(
        name,
        country=country,
        city_name=where.name,
        city_geonameid=where.geonameid,
        latitude=where.latitude,
        longitude=where.longitude,
        **fields,
    )
    member.interests.set(Interest.objects.filter(slug__in=interests))
    return member


@pytest.fixture
def trip(registry_officer) -> Trip:
    start = timezone.localdate() + datetime.timedelta(days=40)
    trip = Trip.objects.create(
        title="Đoàn lãnh đạo tỉnh thăm Nhật Bản và Hàn Quốc",
        purpose="Xúc tiến đầu tư, gặp gỡ kiều bào",
        delegation=[{"name": "Võ Trọng Hải", "title": "Chủ tịch UBND tỉnh"}],
        created_by=registry_officer,
    )
    for offset, (country, name) in enumerate((("JP", "Tokyo"), ("KR", "Seoul"))):
        where = city(country, name)
        Leg.objects.create(
            trip=trip,
            country=country,
            city_name=where.name,
            city_geonameid=where.geonameid,
            latitude=where.latitude,
            longitude=where.longitude,
            radius_km=100,
            starts_on=start + datetime.timedelta(days=3 * offset),
            ends_on=start + datetime.timedelta(days=3 * offset + 2),
        )
    return trip


STAFF_CONTACT = ("registry", "staff-contact", "matching")


@pytest.fixture
def people(db) -> dict[str, Member]:
    """Around Tokyo (Yokohama is 28 km away) and Seoul, and one in Osaka (400 km from Tokyo)."""
    return {
        "an": placed(
            "Nguyễn Văn An",
            "JP",
            "Tokyo",
            email="an@example.org",
            preferred_language="vi",
            consents=STAFF_CONTACT,
            interests=("investment",),
        ),
        "binh": placed(
            "Trần Thị Bình",
            "JP",
            "Yokohama",
            email="binh@example.org",
            preferred_language="en",
            consents=STAFF_CONTACT,
            interests=("investment",),
        ),
        "cuong": placed(
            "Lê Văn Cường",
            "KR",
            "Seoul",
            email="cuong@example.org",
            preferred_language="ko",
            consents=STAFF_CONTACT,
            interests=("investment",),
        ),
        "dung": placed(
            "Phạm Thị Dung",
            "KR",
            "Seoul",
            email="dung@example.org",
            preferred_language="vi",
            consents=("registry",),  # never agreed to staff contact
            interests=("investment",),
        ),
        "em": placed(
            "Hoàng Văn Em",
            "JP",
            "Osaka",
            email="em@example.org",
            consents=(*STAFF_CONTACT, "programmes"),
            interests=("investment",),
        ),
    }
