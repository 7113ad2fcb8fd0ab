"""The measuring stick itself: the synthetic registry is what issue 18 asks for, every judgment
names people who exist, and the measures compute what they say. No database needed."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.search.relevance import metrics
from tests.search.relevance.corpus import registry
from tests.search.relevance.judgments import JUDGMENTS, grades
from tests.search.relevance.rules import NAMED_KEYS

PEOPLE = registry()
BY_KEY = {person.key: person for person in PEOPLE}


def test_it_builds_the_same_registry_each_time() -> None:
    assert registry() == PEOPLE
    assert len(PEOPLE) >= 1000
    assert len(BY_KEY) == len(PEOPLE)


def test_surnames_come_at_their_vietnamese_frequencies() -> None:
    share = Counter(person.surname for person in PEOPLE)
    assert 0.33 < share["nguyen"] / len(PEOPLE) < 0.43
    assert share["nguyen"] > share["tran"] > share["pham"] > share["vo"] > share["ly"] > 0


def test_it_plants_the_collisions() -> None:
    names = Counter(person.full_name for person in PEOPLE)
    assert names["Nguyễn Văn Hùng"] >= 30
    assert names["Lê Thị Mai"] >= 3 and names["Lê Thị Mai Anh"] >= 3
    assert names["Trần Văn Dũng"] and names["Trần Văn Dung"]
    assert names["Võ Thị Thuý"] and names["Võ Thị Thúy"] and names["Võ Thị Thùy"]
    assert names["Nguyễn Thị Hoà"] and names["Nguyễn Thị Hòa"]
    assert {"Praha", "Prague"} <= {p.city_name for p in PEOPLE if p.city == "Prague"}


def test_every_named_key_is_somebody() -> None:
    assert NAMED_KEYS <= set(BY_KEY)


def test_there_are_enough_queries_for_each_class() -> None:
    assert len(JUDGMENTS) >= 55
    per_class = Counter(number for judgment in JUDGMENTS for number in judgment.classes)
    assert all(per_class[number] >= 3 for number in range(1, 11)), per_class
    assert len({judgment.label for judgment in JUDGMENTS}) == len(JUDGMENTS)


@pytest.mark.parametrize("judgment", JUDGMENTS, ids=[j.label for j in JUDGMENTS])
def test_each_query_means_somebody(judgment) -> None:
    assert grades(judgment, PEOPLE)
    for order in judgment.orders:
        assert any(order.before(person) for person in PEOPLE), order.why
        assert any(order.after(person) for person in PEOPLE), order.why


def test_the_measures() -> None:
    judged = {"a": 3, "b": 2, "c": 1}
    assert metrics.ndcg(["a", "b", "c"], judged) == 1
    assert 0 < metrics.ndcg(["c", "b", "a"], judged) < 1
    assert metrics.ndcg(["x"], judged) == 0
    assert metrics.recall(["b", "x"], judged) == 0.5
    assert metrics.recall(["a"], {"a": 1}) is None
    assert metrics.reciprocal_rank(["x", "b", "a"], judged) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["x"], judged) == 0
    assert metrics.overlap(["a", "b", "c"], ["c", "b", "x"]) == 2
