"""Briefing pack benchmark (run on demand, not in CI): the `write_document` job writing a trip's
pack (PDF and XLSX) over a large registry, timed, with the peak memory of the process that runs
it.

    createdb -h 127.0.0.1 -U postgres quehuong_bench_trips
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench_trips .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench_trips \\
        .venv/bin/python bench/trips.py [--members 1000000] [--there 20000] [--accepted 300]

Tops the registry up to --members synthetic members: --generated (100,000) from
`generate_members` (COPY on PostgreSQL: names, hometowns, cities of the real diaspora with
coordinates, sectors, birth years, consents, staff contact for some; about 100,000 in three
minutes), the rest as copies of those made in SQL (`copy_members`: new ids, coordinates moved
up to 3 km, their interests, languages and consents with them), then makes exactly --there of them live within 100 km of Tokyo: the
generator's own people there, and others moved from outside Japan onto the cities around
Tokyo (each near a real city of the gazetteer, its name and coordinates, a little apart), or
moved away when there are too many. A trip with one leg (Tokyo, 100 km), the demo's
associations and pages, and --accepted people on its list who accepted (two in three living
there) is made once and kept.

Then a child process (so that the set-up's memory is not counted) asks for the pack with the
immediate task backend, the job running inside `queue_document` as the worker would run it,
and prints the time, the files' sizes and the process's peak RSS (`ru_maxrss`) before and
after. Target: under 60 s and 500 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
if "--child" in sys.argv:
    os.environ["TASKS_BACKEND"] = "immediate"  # the job runs here, as the worker runs it

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from cms.demo.content import load_site  # noqa: E402
from cms.models import CharityProgrammePage, InvestmentProjectPage  # noqa: E402
from registry.admin_units import load_admin_units  # noqa: E402
from registry.demo.associations import ensure_demo_associations  # noqa: E402
from registry.demo.members import generate_members  # noqa: E402
from registry.gazetteer import City, distance_km, find_cities, largest_cities  # noqa: E402
from registry.models import Member  # noqa: E402
from trips import documents, pack  # noqa: E402
from trips.models import Document, Leg, Shortlisted, Trip  # noqa: E402

TITLE = "Benchmark: Tokyo, 100 km"
RADIUS = 100
OFFICER = "bench.officer@example.org"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def top_up(members: int, generated: int) -> None:
    """`generated` members from the generator (about 100,000 in three minutes here), then
    copies of them (`copy_members`) up to `members`."""
    have = Member.objects.count()
    if have < generated:
        started = time.perf_counter()
        generate_members(
            generated - have,
            seed=have,
            batch_size=10_000,
            progress=lambda done: print(f"  {have + done:,} members", end="\r", flush=True),
        )
        print(f"  {generated - have:,} members generated in {time.perf_counter() - started:.0f} s")
    while (have := Member.objects.count()) < members:
        started = time.perf_counter()
        copied = copy_members(min(have, members - have))
        print(f"  {copied:,} members copied in {time.perf_counter() - started:.0f} s")


def copy_members(count: int) -> int:
    """Copy the first `count` members (PostgreSQL, in SQL): new ids, no login, coordinates
    moved up to 3 km; their interests, languages and current consents copied with them.
    (Their consent history is not: nothing the pack reads.)"""
    fields = [f.column for f in Member._meta.concrete_fields if f.column not in ("id", "user_id")]
    moved = {
        "latitude": "latitude + (random() - 0.5) * 0.05",
        "longitude": "longitude + (random() - 0.5) * 0.05",
    }
    chosen = ", ".join(moved.get(name, name) for name in fields)
    names = ", ".join(fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM registry_member")
        offset = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM registry_member ORDER BY id OFFSET %s LIMIT 1", [count - 1])
        last = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO registry_member (id, user_id, {names}) "  # noqa: S608 - column names
            f"SELECT id + %s, NULL, {chosen} FROM registry_member WHERE id <= %s",
            [offset, last],
        )
        copied = cursor.rowcount
        for relation in ("interests", "languages", "consented_purposes"):
            through = getattr(Member, relation).through._meta
            member = through.get_field("member").column
            other = next(f.column for f in through.local_fields if f.column not in ("id", member))
            cursor.execute(
                f"INSERT INTO {through.db_table} ({member}, {other}) "  # noqa: S608 - names
                f"SELECT {member} + %s, {other} FROM {through.db_table} WHERE {member} <= %s",
                [offset, last],
            )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('registry_member', 'id'), "
            "(SELECT max(id) FROM registry_member))"
        )
    return copied


def near(tokyo: City) -> list[City]:
    """The gazetteer's cities within the radius of Tokyo, where moved members go."""
    return [
        city
        for city in largest_cities("JP", 400)
        if distance_km(tokyo.latitude, tokyo.longitude, city.latitude, city.longitude) <= RADIUS - 5
    ]


def place_crowd(tokyo: City, there: int) -> None:
    """Exactly `there` members in the registry within RADIUS km of Tokyo."""
    leg = Leg(country="JP", latitude=tokyo.latitude, longitude=tokyo.longitude, radius_km=RADIUS)
    ids = [row[0] for row in pack.rows_there(leg)]
    rng = random.Random(20)  # noqa: S311 - a fixed draw, not a secret
    if len(ids) > there:
        extra = rng.sample(ids, len(ids) - there)
        Member.objects.filter(pk__in=extra).update(
            country="KR", city_name="Busan", latitude=35.1, longitude=129.04
        )
        print(f"  moved {len(extra):,} of the {len(ids):,} members around Tokyo to Busan")
        return
    missing = there - len(ids)
    if not missing:
        return
    cities = near(tokyo)
    chosen = list(
        Member.objects.in_registry()
        .exclude(country="JP")
        .order_by("?")
        .values_list("pk", flat=True)[:missing]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE registry_member SET country = 'JP', city_name = %s, latitude = %s,"
            " longitude = %s WHERE id = %s",
            [
                (
                    city.name,
                    round(city.latitude + rng.uniform(-0.03, 0.03), 5),
                    round(city.longitude + rng.uniform(-0.03, 0.03), 5),
                    pk,
                )
                for pk, city in ((pk, rng.choice(cities)) for pk in chosen)
            ],
        )
    print(f"  moved {missing:,} members to {len(cities)} cities around Tokyo")


def officer() -> User:
    user = User.objects.filter(email=OFFICER).first()
    if user is None:
        user = User.objects.create_user(email=OFFICER, password=None)
        user.groups.add(Group.objects.get(name=roles.REGISTRY_OFFICERS))
    return user


def make_trip(tokyo: City, accepted: int, user: User) -> Trip:
    trip = Trip.objects.filter(title=TITLE).first()
    if trip is not None:
        return trip
    start = timezone.localdate()
    trip = Trip.objects.create(
        title=TITLE,
        purpose="Xúc tiến đầu tư, gặp gỡ kiều bào",
        delegation=[{"name": "Võ Trọng Hải", "title": "Chủ tịch UBND tỉnh"}],
        created_by=user,
    )
    Leg.objects.create(
        trip=trip,
        country="JP",
        city_name=tokyo.name,
        city_geonameid=tokyo.geonameid,
        latitude=tokyo.latitude,
        longitude=tokyo.longitude,
        radius_km=RADIUS,
        starts_on=start,
        ends_on=start,
    )
    leg = trip.legs.get()
    rng = random.Random(300)  # noqa: S311 - a fixed draw, not a secret
    there = rng.sample([row[0] for row in pack.rows_there(leg)], accepted * 2 // 3)
    elsewhere = list(
        Member.objects.in_registry().exclude(country="JP").values_list("pk", flat=True)[:5000]
    )
    chosen = there + rng.sample(elsewhere, accepted - len(there))
    Shortlisted.objects.bulk_create(
        Shortlisted(
            trip=trip,
            member_id=pk,
            status=rng.choice([Shortlisted.Status.ACCEPTED, Shortlisted.Status.ATTENDED]),
            role=rng.choice(Shortlisted.Role.values),
            reason="Doanh nhân tiêu biểu, hội viên tích cực của hội đồng hương",
            added_by=user,
        )
        for pk in chosen
    )
    trip.pages.add(
        *InvestmentProjectPage.objects.filter(locale__language_code="vi")[:3],
        *CharityProgrammePage.objects.filter(locale__language_code="vi")[:2],
    )
    return trip


def prepare(args: argparse.Namespace) -> tuple[int, int]:
    load_admin_units(settings.PROVINCE_CODE)
    if not InvestmentProjectPage.objects.exists():
        load_site()
    ensure_demo_associations()
    top_up(args.members, args.generated)
    tokyo = find_cities("JP", "Tokyo", limit=1)[0]
    place_crowd(tokyo, args.there)
    user = officer()
    trip = make_trip(tokyo, args.accepted, user)
    return trip.pk, user.pk


def child(trip_id: int, user_id: int) -> None:
    """Ask for the pack; the immediate backend runs the job now, in this process."""
    trip, user = Trip.objects.get(pk=trip_id), User.objects.get(pk=user_id)
    before = peak_mb()
    started = time.perf_counter()
    document = documents.queue_document(trip, Document.Kind.PACK, user)
    elapsed = time.perf_counter() - started
    document.refresh_from_db()
    if document.status != Document.Status.DONE:
        print(f"  the job did not finish: {document.status} ({document.step})")
        sys.exit(1)
    pdf, xlsx = (documents.document_file(document, kind) for kind in ("pdf", "xlsx"))
    print(f"  pack written in {elapsed:.1f} s")
    print(f"  PDF {pdf.stat().st_size / 1e6:.1f} MB, XLSX {xlsx.stat().st_size / 1e6:.2f} MB")
    print(f"  peak RSS {peak_mb():.0f} MB (after Django's start: {before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--generated", type=int, default=100_000)
    parser.add_argument("--there", type=int, default=20_000)
    parser.add_argument("--accepted", type=int, default=300)
    parser.add_argument("--child", nargs=2, type=int, metavar=("TRIP", "USER"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    trip_id, user_id = prepare(args)
    leg = Trip.objects.get(pk=trip_id).legs.get()
    counted = sum(1 for _row in pack.rows_there(leg))
    print(
        f"{Member.objects.count():,} members, {counted:,} within {RADIUS} km of Tokyo, "
        f"{Shortlisted.objects.filter(trip_id=trip_id).count()} accepted; {connection.vendor}"
    )
    subprocess.run(  # noqa: S603 - this script, again
        [sys.executable, __file__, "--child", str(trip_id), str(user_id)], check=True
    )


if __name__ == "__main__":
    main()
