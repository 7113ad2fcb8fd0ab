"""Loading the synthetic registry, running the graded queries on an engine, and the report.

Shared by the relevance tests (`test_relevance.py`) and the on-demand benchmark
(`bench/relevance.py`), so that both measure the same thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.test import override_settings
from django.utils import timezone
from elasticsearch import Elasticsearch

from registry.models import Member
from search import elastic, vocabulary
from search.query import Place, Point, RegistryQuery, SearchResult
from tests.search.relevance import metrics
from tests.search.relevance.corpus import CITIES, Person
from tests.search.relevance.judgments import JUDGMENTS, grades
from tests.search.relevance.rules import Judgment, Order

PAGE_SIZE = 20
REPORT = Path(__file__).resolve().parents[3] / "var" / "relevance-report.txt"

Engine = Callable[[RegistryQuery], SearchResult]


def load(people: Sequence[Person]) -> dict[str, int]:
    """Store `people` as imported registry records (no consents needed to be searched), with
    what `Member.save()` derives; bulk, so no signal queues them for the index. Returns their
    primary keys by key."""
    now = timezone.now()
    records = []
    for person in people:
        given = {
            "full_name": person.full_name,
            "other_names": person.other_names,
            "hometown_village": "",
            "city_name": person.city_name,
            "occupation": person.occupation,
            "skills": "",
            "organisation": person.organisation,
            "country": person.country,
        }
        records.append(
            Member(
                **Member.derived(given),
                gender=person.gender,
                birth_year=person.birth_year,
                country=person.country,
                latitude=person.latitude,
                longitude=person.longitude,
                source=Member.Source.IMPORT,
                profile_completed_at=now,
            )
        )
    created = Member.objects.bulk_create(records, batch_size=500)
    vocabulary.remember([record.pk for record in created])  # as bulk writers' signal does
    return {person.key: record.pk for person, record in zip(people, created, strict=True)}


def unload(pks: Iterable[int]) -> None:
    Member.objects.filter(pk__in=list(pks)).delete()
    vocabulary.refresh()


def registry_query(judgment: Judgment) -> RegistryQuery:
    places = []
    if judgment.near:
        city = CITIES[judgment.near]
        places = [Place(Point(city.latitude, city.longitude), judgment.radius_km, city.country)]
    return RegistryQuery(text=judgment.text, places=places, page_size=PAGE_SIZE, facets=())


@dataclass
class Outcome:
    """One graded query on one engine."""

    judgment: Judgment
    ranked: list[str]  # keys, best first (people outside the corpus as "pk<n>")
    grades: dict[str, int]
    total: int | None

    @property
    def ndcg(self) -> float:
        return metrics.ndcg(self.ranked, self.grades)

    @property
    def recall(self) -> float | None:
        return metrics.recall(self.ranked, self.grades)

    @property
    def reciprocal_rank(self) -> float | None:
        return metrics.reciprocal_rank(self.ranked, self.grades)

    @property
    def zero_result(self) -> bool:
        """Nothing found while someone graded 3 exists."""
        return not self.ranked and 3 in self.grades.values()

    def broken(self, order: Order, people: dict[str, Person]) -> list[str]:
        """Pairs shown in the wrong order ("later ≻ first"), or someone shown who should come
        later while nobody who should come first is shown."""
        shown = [key for key in self.ranked if key in people]
        first = [key for key in shown if order.before(people[key])]
        later = [key for key in shown if order.after(people[key]) and key not in first]
        wanted = [key for key in people if order.before(people[key])]
        if later and wanted and not first:
            return [f"{later[0]} shown, none of {wanted[:4]} is"]
        position = {key: shown.index(key) for key in shown}
        return [
            f"{b} (#{position[b] + 1}) above {a} (#{position[a] + 1})"
            for a in first
            for b in later
            if position[b] < position[a]
        ]


def evaluate_on_elasticsearch(
    url: str, people: Sequence[Person], pks: dict[str, int]
) -> list[Outcome]:
    """Every judgment asked of Elasticsearch at `url`, in an index of its own built for it and
    dropped after."""
    with override_settings(SEARCH_INDEX=f"relevance-{uuid.uuid4().hex[:8]}"):
        client = Elasticsearch(url, request_timeout=60)
        try:
            elastic.rebuild(client)

            def on_elasticsearch(query: RegistryQuery) -> SearchResult:
                return elastic.search(client, query)

            return evaluate(on_elasticsearch, JUDGMENTS, people, pks)
        finally:
            elastic.drop(client)


def evaluate(
    engine: Engine, judgments: Sequence[Judgment], people: Sequence[Person], pks: dict[str, int]
) -> list[Outcome]:
    """Every judgment asked of `engine`, its results named by corpus key."""
    by_pk = {pk: key for key, pk in pks.items()}
    outcomes = []
    for judgment in judgments:
        result = engine(registry_query(judgment))
        ranked = [by_pk.get(pk, f"pk{pk}") for pk in result.ids]
        outcomes.append(Outcome(judgment, ranked, grades(judgment, list(people)), result.total))
    return outcomes


@dataclass
class Summary:
    engine: str
    ndcg: float
    recall: float
    mrr: float
    zero_results: int
    broken_orders: int
    queries: int


def summarise(engine: str, outcomes: Sequence[Outcome], people: dict[str, Person]) -> Summary:
    return Summary(
        engine=engine,
        ndcg=metrics.mean([o.ndcg for o in outcomes]),
        recall=metrics.mean([o.recall for o in outcomes]),
        mrr=metrics.mean([o.reciprocal_rank for o in outcomes]),
        zero_results=sum(o.zero_result for o in outcomes),
        broken_orders=sum(
            bool(o.broken(order, people)) for o in outcomes for order in o.judgment.orders
        ),
        queries=len(outcomes),
    )


def report(
    runs: dict[str, list[Outcome]], people: dict[str, Person], *, detail: bool = True
) -> str:
    """The per-engine table, then (with `detail`) each query's nDCG@10 per engine, the worst
    first, and the agreement of the engines' first ten."""
    summaries = [summarise(name, outcomes, people) for name, outcomes in runs.items()]
    outcomes = next(iter(runs.values()))
    lines = [
        f"{'engine':<15}{'queries':>8}{'nDCG@10':>9}{'R@20≥2':>8}{'MRR(3)':>8}"
        f"{'zero':>6}{'orders✗':>9}"
    ]
    lines += [
        f"{s.engine:<15}{s.queries:>8}{s.ndcg:>9.3f}{s.recall:>8.3f}{s.mrr:>8.3f}"
        f"{s.zero_results:>6}{s.broken_orders:>9}"
        for s in summaries
    ]
    if not detail:
        return "\n".join(lines)
    lines += ["", "nDCG@10 by class (a query counts in each of its classes)"]
    lines += [f"{'class':<8}{'queries':>8}" + "".join(f"{n[:12]:>13}" for n in runs)]
    for number in range(1, 11):
        indices = [i for i, o in enumerate(outcomes) if number in o.judgment.classes]
        lines.append(
            f"{number:<8}{len(indices):>8}"
            + "".join(f"{metrics.mean([runs[n][i].ndcg for i in indices]):>13.3f}" for n in runs)
        )
    names = list(runs)
    lines += ["", f"{'query':<36}{'classes':<10}" + "".join(f"{n[:12]:>13}" for n in names)]
    lines[-1] += "  top-10 shared of found" if len(names) == 2 else ""
    rows = []
    for index, outcome in enumerate(runs[names[0]]):
        scores = [runs[name][index].ndcg for name in names]
        row = f"{outcome.judgment.label[:35]:<36}{','.join(map(str, outcome.judgment.classes)):<10}"
        row += "".join(f"{score:>13.3f}" for score in scores)
        if len(names) == 2:
            a, b = (runs[name][index].ranked for name in names)
            row += f"  {metrics.overlap(a, b)}/{min(10, len(a), len(b))} of {len(a)}|{len(b)}"
        rows.append((min(scores), row))
    lines += [row for _score, row in sorted(rows, key=lambda r: r[0])]
    lines += ["", "broken orders"]
    for name, outcomes_of in runs.items():
        for outcome in outcomes_of:
            for order in outcome.judgment.orders:
                broken = outcome.broken(order, people)
                if broken:
                    lines.append(
                        f"{name:<15}{outcome.judgment.label!r} ({order.why}): {broken[0]}"
                        + (f" (+{len(broken) - 1})" if len(broken) > 1 else "")
                    )
    return "\n".join(lines)


def write_report(text: str) -> Path:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    return REPORT
