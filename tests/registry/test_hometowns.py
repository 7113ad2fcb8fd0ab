import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.admin_units import load_admin_units
from registry.hometowns import find_hometowns, search_hometowns
from registry.text import fold

pytestmark = pytest.mark.django_db

KINDS = ("xa ", "phuong ", "thi tran ")


@pytest.fixture
def ha_tinh():
    load_admin_units("42")


def own_name(match) -> str:
    """ "Xã Cẩm Xuyên" → "cam xuyen"."""
    name = fold((match.legacy_commune or match.ward).name)
    for kind in KINDS:
        name = name.removeprefix(kind)
    return name


def test_a_pre_2025_commune_typed_without_diacritics_is_found_with_its_ward_today(ha_tinh):
    matches = find_hometowns("thach dai", "42")
    assert matches
    first = matches[0]
    assert first.legacy_commune is not None
    assert first.legacy_commune.name == "Xã Thạch Đài"
    # It had moved into Hà Tĩnh city before 2025 and is now part of Hà Huy Tập ward.
    assert first.legacy_commune.district_name == "Thành phố Hà Tĩnh"
    assert first.ward.name == "Phường Hà Huy Tập"
    assert "→" in first.label


@pytest.mark.parametrize(
    ("typed", "ward"),
    [("cam xuyen", "Xã Cẩm Xuyên"), ("ky anh", "Xã Kỳ Anh"), ("Hương Sơn", "Xã Hương Sơn")],
)
def test_the_current_ward_named_as_typed_comes_first(ha_tinh, typed, ward):
    # These are also old districts: dozens of communes hold the words in their district's name.
    first = find_hometowns(typed, "42")[0]
    assert first.legacy_commune is None
    assert first.ward.name == ward


def test_the_old_commune_of_the_same_name_follows_todays_ward(ha_tinh):
    matches = find_hometowns("cam xuyen", "42")
    assert [str(m.legacy_commune or m.ward) for m in matches[:2]] == [
        "Xã Cẩm Xuyên",
        "Thị trấn Cẩm Xuyên, Huyện Cẩm Xuyên",
    ]


def test_the_kind_typed_is_optional_and_prefers_units_of_that_kind(ha_tinh):
    assert own_name(find_hometowns("xa thach dai", "42")[0]) == "thach dai"
    first, second = find_hometowns("thị trấn cẩm xuyên", "42")[:2]
    assert first.legacy_commune.name == "Thị trấn Cẩm Xuyên"
    assert second.ward.name == "Xã Cẩm Xuyên" and second.legacy_commune is None


def test_a_name_followed_by_its_old_district_is_understood(ha_tinh):
    for typed in ["Thạch Đài, Thành phố Hà Tĩnh", "xa thach dai ha tinh"]:
        assert find_hometowns(typed, "42")[0].legacy_commune.name == "Xã Thạch Đài"


def test_own_names_come_before_communes_found_through_their_old_district(ha_tinh):
    matches = find_hometowns("cam xuyen", "42", limit=100)
    by_own_name = ["cam xuyen" in own_name(m) for m in matches]
    assert by_own_name == sorted(by_own_name, reverse=True)
    assert by_own_name.count(True) == 2
    # The others are the communes of the old Cẩm Xuyên district, in alphabetical order.
    rest = matches[2:]
    assert {m.legacy_commune.district_name for m in rest} == {"Huyện Cẩm Xuyên"}
    assert [own_name(m) for m in rest] == sorted(own_name(m) for m in rest)


def test_names_starting_with_what_was_typed_come_next_with_todays_ward_first(ha_tinh):
    matches = find_hometowns("cam", "42", limit=100)
    starting = [m for m in matches if own_name(m).startswith("cam")]
    assert matches[: len(starting)] == starting
    names = [own_name(m) for m in starting]
    assert names == sorted(names)
    for name in set(names):
        same = [m for m in starting if own_name(m) == name]
        kinds = [m.legacy_commune is None for m in same]
        assert kinds == sorted(kinds, reverse=True), name


def test_each_word_typed_starts_a_word_of_the_name(ha_tinh):
    # "huong son" is inside "Phường Sông Trí": not a match.
    matches = find_hometowns("huong son", "42", limit=100)
    assert matches
    assert all("Sông Trí" not in str(m.legacy_commune or m.ward) for m in matches)
    for m in matches:
        words = fold(str(m.legacy_commune or m.ward)).replace(",", "").split()
        assert all(any(w.startswith(typed) for w in words) for typed in ["huong", "son"])


def test_exact_diacritics_rank_first(ha_tinh):
    # "Thạch Hà" (a ward today, an old town and district) and "Thạch Hạ" (an old ward of Hà Tĩnh
    # city) fold alike; the marks typed decide.
    assert find_hometowns("Thạch Hạ", "42")[0].legacy_commune.name == "Phường Thạch Hạ"
    matches = find_hometowns("Thạch Hà", "42")
    assert matches[0].ward.name == "Xã Thạch Hà" and matches[0].legacy_commune is None
    assert matches[1].legacy_commune.name == "Thị trấn Thạch Hà"
    assert matches[2].legacy_commune.name == "Phường Thạch Hạ"


def test_a_current_ward_is_found(ha_tinh):
    matches = find_hometowns("Thành Sen", "42")
    assert matches[0].legacy_commune is None
    assert matches[0].ward.name == "Phường Thành Sen"


def test_decomposed_input_is_understood(ha_tinh):
    assert find_hometowns("Tha\u0323ch Đa\u0300i", "42")[0].legacy_commune.name == "Xã Thạch Đài"


def test_a_cut_list_says_how_many_more_matched(ha_tinh):
    everything = search_hometowns("ky anh", "42", limit=1000)
    assert everything.more == 0 and len(everything.matches) > 20
    cut = search_hometowns("ky anh", "42", limit=20)
    assert cut.matches == everything.matches[:20]
    assert cut.more == len(everything.matches) - 20
    assert search_hometowns("thach dai", "42").more == 0


def test_other_provinces_are_not_offered(ha_tinh):
    load_admin_units("79")
    assert all(m.ward.province_code == "42" for m in find_hometowns("phuong", "42", limit=200))


@pytest.mark.parametrize(
    "text",
    ["", " ", "a", "%", "xa", "'; DROP TABLE registry_ward; --", "x" * 10_000, "\x00\x07", ",,,"],
)
def test_odd_input_is_answered_without_error(ha_tinh, text):
    assert isinstance(find_hometowns(text, "42"), list)


def test_it_runs_two_queries_whatever_the_number_of_matches(ha_tinh):
    with CaptureQueriesContext(connection) as few:
        search_hometowns("thach dai", "42")
    with CaptureQueriesContext(connection) as many:
        search_hometowns("xa", "42", limit=100)
    assert len(few) == len(many) == 2


def test_the_live_list_says_what_it_left_out_or_that_nothing_matched(client, member):
    client.force_login(member)
    with translation.override("en"):
        url = reverse("registry:hometown_options")
        cut = client.get(url, {"query": "ky anh"}).content.decode()
        assert cut.count('type="radio"') == 20
        left_out = search_hometowns("ky anh", "42").more
        assert f"{left_out} more: type more of the name to narrow the list." in cut
        # Nothing was submitted: no option is marked invalid.
        assert "aria-invalid" not in cut
        nothing = client.get(url, {"query": "zzzz"}).content.decode()
        assert "Nothing found." in nothing and "press Find" not in nothing
