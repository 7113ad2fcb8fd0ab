"""Matching benchmark (run on demand, not in CI): the staff's "who may be interested" list of a
project, and a member's "For you", over the registry in DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/engagement.py [--members 100000] [--runs 30]

Tops the registry up to --members synthetic members (`generate_members`: four in ten agree to
matching) and loads the demo site if it has no pages. Then, inside a transaction rolled back at
the end, points the demo's energy project at Japan and Korea and times, through the staff
search's engine (the database unless ELASTICSEARCH_URL is set):
- `people_for` on that project and on a charity programme, cold (the counts cache cleared) and
  warm;
- `for_member` for --runs members drawn at random (seeded) among those who agreed to matching.
Prints p50 and p95 of each, and the queries one call costs. Target: p95 ≤ 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.search import percentile  # noqa: E402 - the search benchmark's own
from cms.demo.content import load_site  # noqa: E402
from cms.models import CharityProgrammePage, InvestmentProjectPage  # noqa: E402
from engagement import matching  # noqa: E402
from registry.admin_units import load_admin_units  # noqa: E402
from registry.demo.members import generate_members  # noqa: E402
from registry.models import ConsentPurpose, Member  # noqa: E402


def timed(call: Callable[[], object]) -> tuple[float, int]:
    statements: list[str] = []

    def counting(execute: Any, sql: str, *args: Any) -> Any:
        statements.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(statements)


def report(label: str, timings: list[float], queries: int) -> None:
    print(
        f"  {label:<40} p50 {statistics.median(timings):6.1f} ms   "
        f"p95 {percentile(timings, 0.95):6.1f} ms   {queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    load_admin_units(settings.PROVINCE_CODE)
    have = Member.objects.count()
    if have < args.members:
        generate_members(args.members - have, seed=have)
    if not InvestmentProjectPage.objects.exists():
        load_site()
    agreed = Member.objects.in_registry().filter(consented_purposes__slug=ConsentPurpose.MATCHING)
    print(
        f"{Member.objects.count():,} members ({agreed.count():,} agree to matching), "
        f"{connection.vendor}"
    )
    with transaction.atomic():
        project = InvestmentProjectPage.objects.get(
            slug="dien-gio-ven-bien", locale__language_code="vi"
        )
        project.target_countries = ["JP", "KR"]
        project.save()
        programme = CharityProgrammePage.objects.get(
            slug="nha-chong-lu", locale__language_code="vi"
        )
        programme.target_countries = ["HU", "CZ", "DE"]
        programme.save()
        pages: list[InvestmentProjectPage | CharityProgrammePage] = [project, programme]
        for page in pages:
            cold, warm = [], []
            queries = 0
            for _run in range(max(3, args.runs // 5)):
                cache.clear()
                elapsed, queries = timed(partial(matching.people_for, page))
                cold.append(elapsed)
            for _run in range(args.runs):
                warm.append(timed(partial(matching.people_for, page))[0])
            found = matching.people_for(page)
            print(
                f"{page.title} ({len(found)} listed; first: {found[0].reasons if found else '—'})"
            )
            report("who may be interested, cold", cold, queries)
            report("who may be interested, warm", warm, queries)
        rng = random.Random(7)  # noqa: S311 - a fixed draw, not a secret
        ids = list(agreed.values_list("pk", flat=True)[:5000])
        members = Member.objects.filter(pk__in=rng.sample(ids, min(args.runs, len(ids))))
        timings = []
        queries = 0
        for member in members:
            elapsed, queries = timed(partial(matching.for_member, member, "vi"))
            timings.append(elapsed)
        report("for you (a member's suggestions)", timings, queries)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
