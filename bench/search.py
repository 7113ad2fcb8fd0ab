"""Staff search benchmark (run on demand, not in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/search.py --members 100000 [--runs 5]

Tops the database up to N synthetic members (`generate_members`), then times 20 representative
staff queries through the search service, each cold (its counts not cached: the first officer
to ask) in three ways: the first page as the staff screen asks for it (a result PostgreSQL
expects to be large comes without its counts), the deferred counts the screen then fetches,
and page and counts at once (what a viewer or an alert waits); then --runs times warm (counts
cached: paging, sorting, asking again). p50 and p95 of each. With ELASTICSEARCH_URL set
it also measures the rebuild rate and the outbox throughput against that server (noida-db
figures are functional evidence only: it scans every document).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from registry.admin_units import load_admin_units  # noqa: E402
from registry.demo.members import generate_members  # noqa: E402
from registry.gazetteer import find_cities  # noqa: E402
from registry.models import LegacyCommune, Member, Ward  # noqa: E402
from search.query import Point, RegistryQuery  # noqa: E402
from search.services import search_members  # noqa: E402


def queries() -> list[tuple[str, RegistryQuery]]:
    budapest = find_cities("HU", "Budapest")[0]
    tokyo = find_cities("JP", "Tokyo")[0]
    thach_ha = LegacyCommune.objects.filter(district_name__contains="Thạch Hà").first()
    ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    assert thach_ha is not None and ward is not None
    near_budapest = Point(budapest.latitude, budapest.longitude)
    return [
        ("name", RegistryQuery(text="nguyen van an")),
        ("name with diacritics", RegistryQuery(text="Nguyễn Văn An")),
        ("given name", RegistryQuery(text="hung")),
        ("surname prefix", RegistryQuery(text="ngu")),
        ("typo", RegistryQuery(text="nguyen van hungg")),
        ("country", RegistryQuery(countries=["HU"])),
        ("country + interest", RegistryQuery(countries=["JP"], interests=["investment"])),
        ("300 km of Budapest + investment", RegistryQuery(near=near_budapest, radius_km=300, interests=["investment"])),
        ("300 km of Budapest by distance", RegistryQuery(near=near_budapest, radius_km=300, sort="distance")),
        ("50 km of Tokyo", RegistryQuery(near=Point(tokyo.latitude, tokyo.longitude), radius_km=50)),
        ("old district", RegistryQuery(legacy_districts=[thach_ha.district_code])),
        ("name + old district", RegistryQuery(text="nguyen", legacy_districts=[thach_ha.district_code])),
        ("current ward", RegistryQuery(wards=[ward.pk])),
        ("sector + language", RegistryQuery(sectors=["it"], languages=["ja"])),
        ("age band", RegistryQuery(born_from=1980, born_to=1989, countries=["DE"])),
        ("verified + staff contact", RegistryQuery(verified=True, consents=["staff-contact"])),
        ("newest", RegistryQuery(sort="newest")),
        ("name sort, page 5", RegistryQuery(sort="name", page=5)),
        ("everyone", RegistryQuery()),
        ("name + country + interest", RegistryQuery(text="tran", countries=["KR"], interests=["trade"])),
    ]  # fmt: skip


def timed(query: RegistryQuery, defer_counts: bool = False) -> float:
    started = time.perf_counter()
    search_members(query, defer_counts=defer_counts)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_admin_units(settings.PROVINCE_CODE)
    have = Member.objects.count()
    if have < args.members:
        started = time.monotonic()
        generate_members(args.members - have, seed=have)
        print(f"generated {args.members - have:,} members in {time.monotonic() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    engine = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    print(f"{Member.objects.count():,} members, {connection.vendor}, engine: {engine}")
    first: list[float] = []  # what the staff screen waits for before the names show
    later: list[float] = []  # the deferred counts, fetched after (large results only)
    whole: list[float] = []  # page and counts at once (a viewer, an alert)
    warm: list[float] = []
    print(f"  {'query':<34} {'first page':>10} {'counts':>9} {'at once':>9} {'warm p50':>9}")
    for label, query in queries():
        search_members(query)  # the connection and PostgreSQL's buffers warm, not the counts
        cache.clear()
        whole.append(timed(query))
        cache.clear()
        first.append(timed(query, defer_counts=True))
        deferred = search_members(query, defer_counts=True).total is None
        counts = timed(query) if deferred else None
        if counts is not None:
            later.append(counts)
        runs = [timed(query, defer_counts=True) for _ in range(args.runs)]
        warm += runs
        result = search_members(query)
        print(
            f"  {label:<34} {first[-1]:7.1f} ms"
            f" {f'{counts:6.1f} ms' if counts is not None else '      —  '}"
            f" {whole[-1]:6.1f} ms {statistics.median(runs):6.1f} ms   ({result.total:,} found)"
        )
    for name, timings in (
        ("first page, cold (names shown; a large result's counts deferred)", first),
        ("deferred counts, cold", later),
        ("page and counts at once, cold", whole),
        ("warm (counts cached)", warm),
    ):
        if not timings:
            continue
        timings.sort()
        p95 = timings[max(0, math.ceil(len(timings) * 0.95) - 1)]
        print(
            f"{name}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
            f" over {len(timings)} searches"
        )
    if settings.ELASTICSEARCH_URL:
        from search import elastic, outbox
        from search.engine import elasticsearch_client
        from search.models import IndexTask

        client = elasticsearch_client()
        assert client is not None
        started = time.monotonic()
        count = elastic.rebuild(client)
        elapsed = time.monotonic() - started
        print(f"rebuild: {count:,} documents in {elapsed:.1f} s ({count / elapsed:,.0f}/s)")
        pks = list(Member.objects.values_list("pk", flat=True)[:5000])
        IndexTask.objects.bulk_create([IndexTask(member_id=pk) for pk in pks])
        started = time.monotonic()
        applied = outbox.drain_all(force=True)
        elapsed = time.monotonic() - started
        print(f"outbox: {applied:,} changes in {elapsed:.1f} s ({applied / elapsed:,.0f}/s)")


if __name__ == "__main__":
    main()
