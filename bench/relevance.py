"""Search relevance report (issue 18), run on demand against the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/relevance.py [--noida] [--brief]

Stores the synthetic registry of the relevance tests (`tests/search/relevance/corpus.py`, 1,200
people) beside whatever the database holds, asks every graded query
(`tests/search/relevance/judgments.py`) of the database engine and, when ELASTICSEARCH_URL is
set (or with --noida, which starts the tests' stand-in), of Elasticsearch through a temporary
index, prints nDCG@10, recall@20 of grade ≥ 2, MRR of grade 3, zero-result queries and broken
orderings per engine (then each query, the worst first, unless --brief), writes the same to
var/relevance-report.txt, and deletes what it stored and indexed. Members already in the
database take part in the ranking, ungraded: on an empty database the figures are those of
the tests; on a large one they tell how the same people fare among many more.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from registry.models import Member  # noqa: E402
from search import database  # noqa: E402
from tests.search.relevance.corpus import registry  # noqa: E402
from tests.search.relevance.evaluation import (  # noqa: E402
    Outcome,
    evaluate,
    evaluate_on_elasticsearch,
    load,
    report,
    unload,
    write_report,
)
from tests.search.relevance.judgments import JUDGMENTS  # noqa: E402
from tests.search_engine import running_noida  # noqa: E402


@contextmanager
def elasticsearch_url(noida: bool) -> Iterator[str]:
    """The configured Elasticsearch, the stand-in (--noida), or "" for neither."""
    if settings.ELASTICSEARCH_URL or not noida:
        yield settings.ELASTICSEARCH_URL or ""
        return
    with running_noida() as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noida", action="store_true", help="start the Elasticsearch stand-in")
    parser.add_argument("--brief", action="store_true", help="only the per-engine table")
    args = parser.parse_args()
    people = registry()
    by_key = {person.key: person for person in people}
    others = Member.objects.count()
    print(f"{connection.vendor}: {len(people):,} synthetic members beside {others:,}")  # noqa: T201
    started = time.monotonic()
    runs: dict[str, list[Outcome]] = {}
    pks = load(people)
    try:
        cache.clear()
        runs["database"] = evaluate(database.search, JUDGMENTS, people, pks)
        with elasticsearch_url(args.noida) as url:
            if url:
                runs["elasticsearch"] = evaluate_on_elasticsearch(url, people, pks)
    finally:
        unload(pks.values())
        cache.clear()
    text = report(runs, by_key, detail=not args.brief)
    text += f"\n\n{time.monotonic() - started:.1f} s"
    print(text)  # noqa: T201
    print(f"written to {write_report(text)}")  # noqa: T201


if __name__ == "__main__":
    main()
