"""Search relevance as officers type (issue 18), on both engines, over a synthetic registry.

The registry (`corpus`, 1,200 people) and the graded queries (`judgments`) are written from what
an officer means, not from what an engine returns. The registry is stored once for the module,
each query asked once per engine, and the rows deleted again before any test runs: the tests
only read the outcomes. The report (nDCG@10, recall@20 of grade ≥ 2, MRR of grade 3, zero
results, broken orders) is printed at the end of the run and written to
var/relevance-report.txt.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from search import database
from tests.search.relevance import metrics
from tests.search.relevance.conftest import REPORTS
from tests.search.relevance.corpus import Person, registry
from tests.search.relevance.evaluation import (
    Outcome,
    evaluate,
    evaluate_on_elasticsearch,
    load,
    report,
    unload,
    write_report,
)
from tests.search.relevance.judgments import JUDGMENTS

# The tests only read outcomes, but the registry needs the test database set up (pytest-django
# sets up only the databases that marked tests use).
pytestmark = pytest.mark.django_db

ENGINES = ("database", "elasticsearch")
TARGET_NDCG = 0.95
AGREEMENT = 8  # of the first ten


@pytest.fixture(scope="module")
def people() -> dict[str, Person]:
    return {person.key: person for person in registry()}


@pytest.fixture(scope="module")
def outcomes(
    people: dict[str, Person], django_db_setup: None, django_db_blocker, elasticsearch_url: str
) -> Iterator[dict[str, list[Outcome]]]:
    """Every graded query asked of each engine, over the registry stored for the occasion."""
    started = time.perf_counter()
    everyone = list(people.values())
    runs: dict[str, list[Outcome]] = {}
    with django_db_blocker.unblock():
        pks = load(everyone)
        try:
            cache.clear()
            runs["database"] = evaluate(database.search, JUDGMENTS, everyone, pks)
            runs["elasticsearch"] = evaluate_on_elasticsearch(elasticsearch_url, everyone, pks)
        finally:
            unload(pks.values())
            cache.clear()
    seconds = time.perf_counter() - started
    text = report(runs, people) + f"\n\nstored, indexed, asked and deleted in {seconds:.1f} s"
    write_report(text)
    REPORTS.append(text)
    yield runs


QUERIES = [pytest.param(index, id=judgment.label) for index, judgment in enumerate(JUDGMENTS)]
ORDERED = [
    pytest.param(index, id=judgment.label)
    for index, judgment in enumerate(JUDGMENTS)
    if judgment.orders
]


@pytest.mark.parametrize("engine", ENGINES)
def test_it_ranks_what_officers_mean_first(engine: str, outcomes, people) -> None:
    mean = metrics.mean([outcome.ndcg for outcome in outcomes[engine]])
    worst = sorted(outcomes[engine], key=lambda o: o.ndcg)[:5]
    assert mean >= TARGET_NDCG, f"nDCG@10 {mean:.3f}; worst: " + ", ".join(
        f"{o.judgment.label!r} {o.ndcg:.2f}" for o in worst
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_it_finds_someone_whenever_the_person_meant_exists(engine: str, outcomes) -> None:
    empty = [o.judgment.label for o in outcomes[engine] if o.zero_result]
    assert not empty


@pytest.mark.parametrize("index", ORDERED)
@pytest.mark.parametrize("engine", ENGINES)
def test_it_keeps_each_ordering(engine: str, index: int, outcomes, people) -> None:
    outcome = outcomes[engine][index]
    broken = {
        order.why: outcome.broken(order, people)
        for order in outcome.judgment.orders
        if outcome.broken(order, people)
    }
    assert not broken, f"shown: {outcome.ranked[:10]}"


@pytest.mark.parametrize("index", QUERIES)
def test_both_engines_agree_on_the_first_ten(index: int, outcomes) -> None:
    on_database, on_elasticsearch = (outcomes[engine][index].ranked for engine in ENGINES)
    needed = min(AGREEMENT, len(on_database), len(on_elasticsearch))
    assert metrics.overlap(on_database, on_elasticsearch) >= needed, (
        on_database[:10],
        on_elasticsearch[:10],
    )
    assert bool(on_database) == bool(on_elasticsearch)
