import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.admin_units import load_admin_units
from registry.hometowns import find_hometowns
from registry.text import fold

pytestmark = pytest.mark.django_db


@pytest.fixture
def ha_tinh():
    load_admin_units("42")


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


def test_communes_of_the_old_district_come_first(ha_tinh):
    matches = find_hometowns("thach ha", "42", limit=100)
    assert any(m.legacy_commune.district_name == "Huyện Thạch Hà" for m in matches[:5])
    # Every match has both words; the phrase matches all come before the others.
    names = [str(m.legacy_commune or m.ward.name) for m in matches]
    phrase = ["thach ha" in fold(name) for name in names]
    assert phrase == sorted(phrase, reverse=True)
    assert all("thach" in fold(n) and "ha" in fold(n) for n in names)


def test_a_current_ward_is_found(ha_tinh):
    matches = find_hometowns("Thành Sen", "42")
    assert matches[0].legacy_commune is None
    assert matches[0].ward.name == "Phường Thành Sen"


def test_exact_diacritics_rank_first(ha_tinh):
    # "Thạch Hà" (the old district) and "Thạch Hạ" (a commune) fold alike; the marks typed decide.
    assert find_hometowns("Thạch Hà", "42")[0].legacy_commune.district_name == "Huyện Thạch Hà"
    assert find_hometowns("Thạch Hạ", "42")[0].legacy_commune.name.endswith(" Thạch Hạ")


def test_decomposed_input_is_understood(ha_tinh):
    assert find_hometowns("Tha\u0323ch Đa\u0300i", "42")[0].legacy_commune.name == "Xã Thạch Đài"


def test_other_provinces_are_not_offered(ha_tinh):
    load_admin_units("79")
    assert all(m.ward.province_code == "42" for m in find_hometowns("phuong", "42", limit=200))


@pytest.mark.parametrize(
    "text", ["", " ", "a", "%", "'; DROP TABLE registry_ward; --", "x" * 10_000, "\x00\x07"]
)
def test_odd_input_is_answered_without_error(ha_tinh, text):
    assert isinstance(find_hometowns(text, "42"), list)


def test_it_runs_two_queries_whatever_the_number_of_matches(ha_tinh):
    with CaptureQueriesContext(connection) as few:
        find_hometowns("thach dai", "42")
    with CaptureQueriesContext(connection) as many:
        find_hometowns("xa", "42", limit=100)
    assert len(few) == len(many) == 2
