"""Ranking measures for the relevance test set: pure functions over ranked ids and grades.

Grades are 0–3 (`judgments`); ranked lists are what an engine returned, best first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

Id = TypeVar("Id")


def dcg(gains: Sequence[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains))


def ndcg(ranked: Sequence[Id], grades: Mapping[Id, int], k: int = 10) -> float:
    """nDCG@k with gain 2^g − 1; the ideal ranking is every judged person, best first. A query
    with nobody judged scores 1 (nothing could be ranked better)."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if not ideal:
        return 1.0
    return dcg([grades.get(item, 0) for item in ranked[:k]]) / ideal


def recall(
    ranked: Sequence[Id], grades: Mapping[Id, int], k: int = 20, at_least: int = 2
) -> float | None:
    """The share of people graded `at_least` found in the first `k`, out of as many as fit in
    k (a query with 50 equally good people can at best show 20 of them); None if nobody is."""
    relevant = {item for item, grade in grades.items() if grade >= at_least}
    if not relevant:
        return None
    return len(relevant & set(ranked[:k])) / min(len(relevant), k)


def reciprocal_rank(ranked: Sequence[Id], grades: Mapping[Id, int], grade: int = 3) -> float | None:
    """1 / the rank of the first person graded `grade` (0 if none shown); None if nobody is."""
    if grade not in grades.values():
        return None
    return next(
        (1 / (rank + 1) for rank, item in enumerate(ranked) if grades.get(item) == grade), 0.0
    )


def overlap(first: Sequence[Id], second: Sequence[Id], k: int = 10) -> int:
    """How many people the first k of two rankings share."""
    return len(set(first[:k]) & set(second[:k]))


def mean(values: Sequence[float | None]) -> float:
    """The mean of the values that are not None (1.0 for none: nothing to fail)."""
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else 1.0
