"""The database engine's own order by relevance: the shortcut through the name index gives the
same pages as scoring every match.

That order picks the best matches `search.relevance` then orders (when there are more than it
orders whole), and orders the pages past them; these tests read it alone (`own_order`). The
order of `search.relevance` is tested in test_relevance_classes.py.
"""

import pytest
from django.db import connection

from search import database
from search.database import ranking
from search.database.counts import counted, forget_counts
from search.database.filters import frequent_words, unknown_words
from search.query import Point, RegistryQuery
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Thị Chi",
    "Nguyễn Văn Bình",
    "Nguyen Van Dung",  # typed without marks: does not hold "Nguyễn" as typed
    "Trần Nguyễn Em",  # holds it, but does not start with it
    "Nguyễn",
    "Lê Văn Phúc",
]


# Matching by their occupation only (the lowest rank), with names before and after the others.
OCCUPIED = [
    ("Âu Thị Hoa", "nhân viên văn phòng"),
    ("Vũ Thị Lan", "nguyên liệu"),
    ("Đỗ Minh", "thiết kế"),
    ("Lý Thị Hoa", "trợ lý Nguyễn Văn Bình"),  # "nguyen van" in a row, outside the name
]


@pytest.fixture(autouse=True)
def own_order(monkeypatch):
    """Every page in the engine's own order, none reordered by `search.relevance`; a few
    matches, counted, go through the shortcuts too (not all scored at once)."""
    monkeypatch.setattr(ranking, "WINDOW", 0)
    monkeypatch.setattr(ranking, "SCORE_AT_ONCE_UP_TO", 0)


@pytest.fixture
def members() -> dict[int, str]:
    """Name by member id."""
    found = {make_member(name).pk: name for name in NAMES}
    found |= {make_member(name, occupation=job).pk: name for name, job in OCCUPIED}
    return found


def pages(
    members: dict[int, str], query_text: str, size: int, defer_counts: bool = False
) -> list[list[str]]:
    found = []
    for number in range(1, 8):
        query = RegistryQuery(text=query_text, page=number, page_size=size)
        found.append([members[pk] for pk in database.search(query, defer_counts=defer_counts).ids])
    return found


@pytest.mark.parametrize(
    "text", ["Nguyễn", "nguyen", "Nguyễn Văn", "nguyen van", "van", "an", "thi", "binh"]
)
@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_by_relevance_are_those_of_the_full_ranking(members, monkeypatch, text, size):
    shortcut = pages(members, text, size=size)
    assert any(shortcut)
    monkeypatch.setattr(ranking, "best_matches", lambda members, query, counts: None)
    assert shortcut == pages(members, text, size=size)


@pytest.mark.parametrize("text", ["Nguyễn", "nguyen van", "van", "thi"])
def test_few_matches_scored_at_once_give_the_pages_of_the_shortcuts(members, monkeypatch, text):
    shortcut = pages(members, text, size=2)
    monkeypatch.setattr(ranking, "SCORE_AT_ONCE_UP_TO", 1000)
    assert pages(members, text, size=2) == shortcut


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the shortcut is PostgreSQL's")
@pytest.mark.parametrize("text", ["thi", "binh", "van binh"])  # not as typed in any name
def test_the_rest_is_found_among_a_few_names_as_among_all(members, monkeypatch, text):
    """With room for only a few names, the rest of the page is looked for among them or not at
    all (the full ranking answers): the same pages."""
    answered = []
    rest = ranking.best_then_the_rest

    def spy(*args):
        found = rest(*args)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(ranking, "best_then_the_rest", spy)
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 0)  # as if the matches were many
    everything = pages(members, text, size=2)
    assert any(answered)  # the rest was found this way, not by the full ranking
    monkeypatch.setattr(ranking, "REST_ROWS_PER_ROW", 1)
    assert pages(members, text, size=2) == everything


@pytest.mark.parametrize("text", ["Nguyễn", "nguyen", "Nguyễn Văn", "van", "nguyen vam"])
def test_pages_before_counting_are_those_after(members, settings, text):
    """The staff screen shows a large result's page before its counts: the same page."""
    settings.SEARCH_DEFER_COUNTS_FROM = 0  # a "large" registry
    uncounted = pages(members, text, size=2, defer_counts=True)
    counted = pages(members, text, size=2)
    assert uncounted == counted
    assert any(counted)  # "nguyen vam": a near miss, on every database
    result = database.search(RegistryQuery(text=text, page=2, page_size=2), defer_counts=True)
    assert result.total is not None  # counted and cached by the searches before


def test_a_deferred_search_leaves_the_counts_for_later(members, settings):
    settings.SEARCH_DEFER_COUNTS_FROM = 0
    result = database.search(RegistryQuery(text="Nguyễn", page_size=2), defer_counts=True)
    assert len(result.ids) == 2 and result.total is None and result.facets == {}
    nobody = database.search(RegistryQuery(text="zzzz"), defer_counts=True)
    assert nobody.ids == [] and nobody.total == 0  # nothing to count
    settings.SEARCH_DEFER_COUNTS_FROM = 1000  # a small registry: counted at once
    assert database.search(RegistryQuery(text="Nguyễn"), defer_counts=True).total == 8


def test_the_best_matches_come_first_in_name_order(members):
    first, second, *_ = pages(members, "Nguyễn", size=2)
    # Names starting with the words and holding them as typed, in code-point order; then the rest.
    assert first == ["Nguyễn", "Nguyễn Thị Chi"]
    assert second[0] == "Nguyễn Văn An"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the shortcut is PostgreSQL's")
def test_the_shortcut_answers_when_the_page_is_all_best_matches(members, monkeypatch):
    first = RegistryQuery(text="Nguyễn", page_size=2)
    counts, members = counted(first)
    assert ranking.best_matches(members, first, counts) is not None
    # Past the four best matches, with other matches left: every match is scored, when few,
    # in one statement; when many, the full ranking answers.
    third = RegistryQuery(text="Nguyễn", page=3, page_size=2)
    counts, members = counted(third)
    scored = ranking.all_scored(members, third)
    assert scored and ranking.best_matches(members, third, counts) == scored
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 1)
    assert ranking.all_scored(members, third) is None
    assert ranking.best_matches(members, third, counts) is None


# Around Budapest: 2, 10, 40, 120 and 250 km east, and one beyond the radius.
KM_EAST = [2, 10, 40, 120, 250, 400]


@pytest.fixture
def around_budapest():
    for km in KM_EAST:
        make_member(f"Người cách {km} km", latitude=47.4979, longitude=19.0402 + km / 75.2)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_by_distance_are_those_of_sorting_every_match(around_budapest, monkeypatch, size):
    def pages() -> list[list[float]]:
        found = []
        for number in range(1, 7):
            query = RegistryQuery(
                near=Point(47.4979, 19.0402),
                radius_km=300,
                sort="distance",
                page=number,
                page_size=size,
            )
            result = database.search(query)
            found.append([round(result.distances[pk]) for pk in result.ids])
        return found

    shortcut = pages()
    assert [km for page in shortcut for km in page] == [2, 10, 40, 120, 250]
    monkeypatch.setattr(ranking, "nearest_first", lambda members, query: None)
    assert shortcut == pages()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="near misses are PostgreSQL's")
def test_a_near_miss_is_found_once_the_statistics_know_the_frequent_words(settings):
    """Frequent words are known from the full-text index's statistics, without asking it; the
    mistyped word is still found to be unknown, and forgiven, counted or deferred."""
    for n in range(40):
        make_member(f"Nguyễn Văn {n:02}")
    hung = make_member("Nguyễn Văn Hùng")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_member")
    assert "nguyen" in frequent_words()
    assert unknown_words(["nguyen", "van", "hungg"]) == {"hungg"}
    query = RegistryQuery(text="nguyen van hungg")
    assert database.search(query).ids[0] == hung.pk
    settings.SEARCH_DEFER_COUNTS_FROM = 0
    forget_counts()
    assert database.search(query, defer_counts=True).ids[0] == hung.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's shortcut")
@pytest.mark.parametrize("sort", ["name", "newest", "relevance"])
def test_few_counted_matches_sorted_apart_give_the_pages_of_the_orders_index(
    members, monkeypatch, sort
):
    # With their count known and small, matches are found first, then sorted (`sorted_apart`),
    # instead of walking the whole index of the order: the same pages, every one of them.
    for name in ("Nguyễn Văn Hải", "Nguyễn Thị Hà", "Nguyễn Hữu Hạnh"):
        make_member(name, country="JP")
    for page in (1, 2, 3):
        query = RegistryQuery(countries=["JP", "HU"], sort=sort, page=page, page_size=2)
        forget_counts()
        database.search(query)  # counted: the next search of these criteria knows how many
        apart = database.search(query).ids
        monkeypatch.setattr(ranking, "SORTED_APART_UP_TO", 0)  # never apart: the index's order
        forget_counts()
        database.search(query)
        along = database.search(query).ids
        monkeypatch.setattr(ranking, "SORTED_APART_UP_TO", 300)
        assert apart == along, (sort, page)
