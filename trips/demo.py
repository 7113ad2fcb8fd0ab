"""The demo's trip (`manage.py load_demo`): the chairman's visit to Budapest, Prague and
Bratislava next spring, its list started from the demo members near Budapest."""

from __future__ import annotations

import datetime

from django.utils import timezone

from registry.gazetteer import find_cities
from registry.models import ConsentPurpose, Member
from trips.models import Leg, Shortlisted, Trip

TITLE = "Lãnh đạo tỉnh thăm Hungary, Séc và Slovakia"
LEGS = (("HU", "Budapest"), ("CZ", "Prague"), ("SK", "Bratislava"))
LISTED = 15


def ensure_demo_trip() -> Trip:
    """The demo trip, made once (a second load leaves it as it is)."""
    found = Trip.objects.filter(title=TITLE).first()
    if found is not None:
        return found
    trip = Trip.objects.create(
        title=TITLE,
        purpose=(
            "Gặp gỡ kiều bào Hà Tĩnh tại Trung Âu, giới thiệu các dự án kêu gọi đầu tư của tỉnh "
            "và thăm các hội đồng hương."
        ),
        delegation=[
            {"name": "Võ Trọng Hải", "title": "Chủ tịch UBND tỉnh Hà Tĩnh"},
            {"name": "Nguyễn Thị Thu Hà", "title": "Giám đốc Sở Ngoại vụ"},
        ],
        reply_by=timezone.localdate() + datetime.timedelta(days=45),
    )
    first = timezone.localdate() + datetime.timedelta(days=60)
    for number, (country, name) in enumerate(LEGS):
        city = find_cities(country, name, limit=1)[0]
        Leg.objects.create(
            trip=trip,
            country=country,
            city_name=city.name,
            city_geonameid=city.geonameid,
            latitude=city.latitude,
            longitude=city.longitude,
            radius_km=100,
            starts_on=first + datetime.timedelta(days=3 * number),
            ends_on=first + datetime.timedelta(days=3 * number + 1),
        )
    in_hungary = Member.objects.in_registry().filter(country="HU", interests__slug="investment")
    # Those approved agreed to be contacted by staff, so that the demo's invitations go out.
    contactable = set(
        in_hungary.filter(consented_purposes__slug=ConsentPurpose.STAFF_CONTACT).values_list(
            "pk", flat=True
        )
    )
    listed = list(
        dict.fromkeys(in_hungary.order_by("search_name", "pk").values_list("pk", flat=True))
    )
    approved = [pk for pk in listed if pk in contactable][:5]
    others = [pk for pk in listed if pk not in approved][: LISTED - len(approved)]
    Shortlisted.objects.bulk_create(
        [
            Shortlisted(
                trip=trip,
                member_id=pk,
                reason="Tìm kiếm: Hungary, quan tâm đầu tư",
                status=Shortlisted.Status.APPROVED
                if pk in approved
                else Shortlisted.Status.PROPOSED,
            )
            for pk in [*approved, *others]
        ]
    )
    return trip
