"""The rule for counts shown to people who may not see names (registry.disclosure), on its own.

Properties over every count and threshold, with Hypothesis: these are pure functions, so a few
hundred examples cost milliseconds and Hypothesis shrinks any counter-example to the smallest.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from registry.disclosure import ShownCount, cells, facets, rounded, shown, threshold_for
from tests.config.test_env import _settings_in_subprocess

counts = st.integers(min_value=0, max_value=100_000)
thresholds = st.integers(min_value=3, max_value=50)


@given(counts, thresholds)
def test_it_never_shows_a_count_under_the_threshold(count, k):
    value = rounded(count, k)
    assert value == 0 or value >= k
    assert value % k == 0


@given(counts, thresholds)
def test_what_it_shows_contains_the_true_count(count, k):
    told = shown(count, k)
    if told.suppressed:
        assert count < k
    else:
        assert told.low <= count <= told.high
        assert told.high - told.low == k - 1


@given(counts, counts, thresholds)
def test_two_shown_counts_never_differ_by_a_suppressed_amount(a, b, k):
    difference = abs(rounded(a, k) - rounded(b, k))
    assert difference == 0 or difference >= k


@given(st.lists(counts.map(lambda n: n % 40), min_size=1, max_size=8), thresholds)
def test_the_rest_of_a_breakdown_is_never_told_as_a_small_number(parts, k):
    """A total and its cells: what a viewer can compute for the cells not listed is a range,
    never a single value under k, whatever they know about how many cells are left."""
    total = sum(parts)
    listed = cells(dict(enumerate(parts)), k)
    told_total = shown(total, k)
    if told_total.suppressed:
        assert listed == {}  # no breakdown of a small total
        return
    rest_low = told_total.low - sum(shown(v, k).high for v in listed.values())
    rest_high = told_total.high - sum(listed.values())
    assert rest_low < rest_high
    assert rest_low <= total - sum(parts[key] for key in listed) <= rest_high


def other_cell(total: int, part: int, k: int) -> tuple[int, int]:
    """What a viewer can tell of the cell under k next to a shown one (verified or not)."""
    low = max(0, shown(total, k).low - shown(part, k).high)
    high = min(k - 1, shown(total, k).high - shown(part, k).low)
    return low, high


def test_two_cells_leave_the_other_one_unknown_from_three_on():
    """The one case a threshold of 2 gives away (why the setting refuses it), and 3 does not."""
    assert other_cell(4, 3, 2) == (1, 1)  # "4–5", "2–3" verified: exactly one is not
    for k in range(3, 12):
        for total in range(k, 10 * k):
            for part in range(max(k, total - k + 1), total + 1):  # the other cell is under k
                low, high = other_cell(total, part, k)
                assert low == 0 or low < high, (k, total, part)


def test_it_lists_only_cells_of_the_threshold_or_more_and_the_chosen_ones():
    found = {"JP": 12, "KR": 4, "DE": 5}
    assert cells(found, 5) == {"JP": 10, "DE": 5}
    assert cells(found, 5, chosen=["KR", "FR"]) == {"JP": 10, "DE": 5, "KR": 0, "FR": 0}
    assert cells({"JP": 4}, 5) == {}


def test_facets_keep_the_chosen_values_of_every_facet():
    found = {"country": {"JP": 1}, "languages": {"ja": 1, "ko": 1}}
    assert facets(found, 5, chosen={"sector": ["manufacturing"]}) == {
        "country": {},
        "languages": {},
        "sector": {"manufacturing": 0},
    }


def test_it_reads_in_the_page_language():
    with translation.override("vi"):
        assert str(shown(3, 5)) == "dưới 5"
        assert str(shown(1234, 5)) == "1.230–1.234"
    with translation.override("en"):
        assert str(shown(0, 5)) == "fewer than 5"
        assert str(shown(12, 5)) == "10–14"
        assert str(shown(1234, None)) == "1,234"


def test_officers_read_exact_counts_and_viewers_the_threshold(
    registry_officer, registry_viewer, settings
):
    settings.REGISTRY_MIN_CELL = 7
    assert threshold_for(registry_officer) is None
    assert threshold_for(registry_viewer) == 7
    assert shown(3, threshold_for(registry_officer)) == ShownCount(3)


def test_a_threshold_under_two_is_refused():
    with pytest.raises(ValueError):
        rounded(3, 1)


def test_the_setting_refuses_a_threshold_under_three():
    result = _settings_in_subprocess({"DEBUG": "true", "REGISTRY_MIN_CELL": "2"})
    assert result.returncode != 0
    assert "REGISTRY_MIN_CELL must be 3 or more" in result.stderr
