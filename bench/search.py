"""Staff search benchmark (run on demand, not in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/search.py --members 100000 [--runs 5] [--only LABEL]
        [--json after.json] [--compare before.json]

Tops the database up to N synthetic members (`generate_members`), then times representative
staff queries through the search service (the 20 first ones unchanged since the search began,
then the text officers type since the relevance rewrite: names with cities, countries, typos,
partial diacritics, occupations in other languages), each cold (its counts not cached: the first officer
to ask) in three ways: the first page as the staff screen asks for it (a result PostgreSQL
expects to be large comes without its counts), the deferred counts the screen then fetches,
and page and counts at once (what a viewer or an alert waits); then --runs times warm (counts
cached: paging, sorting, asking again). p50 and p95 of each. With ELASTICSEARCH_URL set
it also measures the rebuild rate and the outbox throughput against that server (noida-db
figures are functional evidence only: it scans every document).

Before and after a change: `--json FILE` writes each query's figures, `--compare FILE` prints
them beside a previous run's, with the ratio. To time older code with this script, run it with
BENCH_ROOT=/path/to/the/old/checkout (the project it imports; this script's own by default): it
asks nothing of the search but `RegistryQuery`, `Place` and `search_members`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ.get("BENCH_ROOT") or str(Path(__file__).resolve().parent.parent))
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
from search.query import Place, Point, RegistryQuery  # noqa: E402
from search.services import search_members  # noqa: E402


def queries() -> list[tuple[str, RegistryQuery]]:
    budapest = find_cities("HU", "Budapest")[0]
    tokyo = find_cities("JP", "Tokyo")[0]
    thach_ha = LegacyCommune.objects.filter(district_name__contains="Thạch Hà").first()
    ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    assert thach_ha is not None and ward is not None
    osaka = find_cities("JP", "Osaka")[0]
    near_budapest = Point(budapest.latitude, budapest.longitude)
    in_osaka = Place(Point(osaka.latitude, osaka.longitude), None, "JP")
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
        # Since the relevance rewrite: what officers type in the box.
        ("name + city", RegistryQuery(text="nguyen van hung osaka")),
        ("given name + city", RegistryQuery(text="lan nagoya")),
        ("name + country in Vietnamese", RegistryQuery(text="tran thi mai nhat ban")),
        ("swapped letters, surname", RegistryQuery(text="pahm van duc")),
        ("swapped letters, given name", RegistryQuery(text="nguyen thi huogn")),
        ("partial diacritics", RegistryQuery(text="Trần Van Dũng")),
        ("whole name with marks", RegistryQuery(text="Lê Thị Mai")),
        ("given name first", RegistryQuery(text="Minh Pham")),
        ("half-typed last word", RegistryQuery(text="pham minh tr")),
        ("occupation in English + city", RegistryQuery(text="engineer osaka")),
        ("occupation in Vietnamese", RegistryQuery(text="y ta")),
        ("name near Osaka, no radius", RegistryQuery(text="nguyen van hung", places=[in_osaka])),
    ]  # fmt: skip


def timed(query: RegistryQuery, defer_counts: bool = False) -> float:
    started = time.perf_counter()
    search_members(query, defer_counts=defer_counts)
    return (time.perf_counter() - started) * 1000


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def measure(query: RegistryQuery, runs: int, cold: int) -> dict[str, Any]:
    """One query's figures in ms: cold (`cold` times, the median), then `runs` times warm."""
    search_members(query)  # the connection and PostgreSQL's buffers warm, not the counts
    first: list[float] = []
    later: list[float] = []
    whole: list[float] = []
    for _ in range(cold):
        cache.clear()
        whole.append(timed(query))
        cache.clear()
        first.append(timed(query, defer_counts=True))
        if search_members(query, defer_counts=True).total is None:  # deferred: count them
            later.append(timed(query))
    warm = [timed(query, defer_counts=True) for _ in range(runs)]
    return {
        "first": statistics.median(first),
        "counts": statistics.median(later) if later else None,
        "whole": statistics.median(whole),
        "warm": warm,
        "warm_p50": statistics.median(warm),
        "found": search_members(query).total,
    }


def ms(value: float | None, width: int = 6) -> str:
    return f"{value:{width}.1f} ms" if value is not None else f"{'—':>{width}}   "


def summary(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """p50 and p95 of each kind of timing over the queries."""
    kinds = {
        "first page, cold (names shown; a large result's counts deferred)": [
            r["first"] for r in results.values()
        ],
        "deferred counts, cold": [r["counts"] for r in results.values() if r["counts"]],
        "page and counts at once, cold": [r["whole"] for r in results.values()],
        "warm (counts cached)": [t for r in results.values() for t in r["warm"]],
    }
    return {
        name: {
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "n": len(timings),
        }
        for name, timings in kinds.items()
        if timings
    }


def ratio(after: float | None, before: float | None) -> str:
    if after is None or not before:
        return "     "
    change = after / before
    return f"{change:4.2f}{'!' if change > 1.2 else ' '}"


def compare(results: dict[str, dict[str, Any]], previous: dict[str, Any]) -> None:
    """This run's figures beside a previous run's (`--json`), the ratio after/before; `!` marks
    a query more than 20 % slower."""
    before = previous["queries"]
    print(f"\ncompared with {previous.get('label', 'the previous run')} (before → after, ratio)")
    print(f"  {'query':<34} {'first page':^27} {'at once':^27} {'warm p50':^27} {'found':^19}")
    for label, after in results.items():
        old = before.get(label)
        if old is None:
            print(f"  {label:<34} (new) {ms(after['first'])}")
            continue
        cells = [
            f"{ms(old[kind])} → {ms(after[kind])} {ratio(after[kind], old[kind])}"
            for kind in ("first", "whole", "warm_p50")
        ]
        found = f"{old['found'] or 0:>8,} → {after['found'] or 0:<8,}"
        print(f"  {label:<34} {' '.join(cells)} {found}")
    old_summary = previous.get("summary", {})
    for name, figures in summary(results).items():
        was = old_summary.get(name)
        if was is None:
            continue
        print(
            f"{name}: p50 {was['p50']:.1f} → {figures['p50']:.1f} ms"
            f" ({ratio(figures['p50'], was['p50']).strip()}),"
            f" p95 {was['p95']:.1f} → {figures['p95']:.1f} ms"
            f" ({ratio(figures['p95'], was['p95']).strip()})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="warm searches per query")
    parser.add_argument("--cold", type=int, default=1, help="cold searches per query (median)")
    parser.add_argument("--only", help="only the queries whose label contains this")
    parser.add_argument("--json", type=Path, help="write each query's figures to this file")
    parser.add_argument("--compare", type=Path, help="a previous run's --json file")
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
    print(f"  {'query':<34} {'first page':>10} {'counts':>9} {'at once':>9} {'warm p50':>9}")
    results: dict[str, dict[str, Any]] = {}
    for label, query in queries():
        if args.only and args.only.lower() not in label.lower():
            continue
        figures = results[label] = measure(query, args.runs, args.cold)
        print(
            f"  {label:<34} {ms(figures['first'], 7)} {ms(figures['counts'])}"
            f" {ms(figures['whole'])} {ms(figures['warm_p50'])}   ({figures['found']:,} found)"
        )
    overall = summary(results)
    for name, figures in overall.items():
        print(
            f"{name}: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms"
            f" over {figures['n']} searches"
        )
    if args.json:
        label = f"{os.environ.get('BENCH_ROOT') or Path(__file__).resolve().parent.parent}"
        document = {"label": label, "queries": results, "summary": overall}
        args.json.write_text(json.dumps(document, indent=1, ensure_ascii=False))
    if args.compare:
        compare(results, json.loads(args.compare.read_text()))
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
