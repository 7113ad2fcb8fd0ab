"""The province's wards after the 2025 reform and its pre-2025 communes, with the mapping."""

import io

import pytest
from django.core.management import CommandError, call_command

from registry.admin_units import load_admin_units
from registry.models import LegacyCommune, Ward
from registry.text import fold

pytestmark = pytest.mark.django_db


def test_every_pre_2025_commune_of_ha_tinh_maps_to_a_current_ward():
    result = load_admin_units("42")
    assert result.province_name == "Tỉnh Hà Tĩnh"
    assert result.wards == Ward.objects.count() == 69
    assert result.legacy_communes == LegacyCommune.objects.count() == 209
    assert not LegacyCommune.objects.filter(ward__isnull=True).exists()
    assert set(LegacyCommune.objects.values_list("ward__province_code", flat=True)) == {"42"}
    # Every commune's default successor is among its successors.
    for commune in LegacyCommune.objects.prefetch_related("wards"):
        assert commune.ward in commune.wards.all()


def test_old_district_names_are_kept_for_members_who_remember_them():
    load_admin_units("42")
    districts = set(LegacyCommune.objects.values_list("district_name", flat=True))
    assert "Huyện Thạch Hà" in districts
    assert "Thành phố Hà Tĩnh" in districts
    commune = LegacyCommune.objects.filter(search_name__contains="thach ha").first()
    assert commune is not None and commune.ward.province_code == "42"


def test_wards_have_coordinates_and_a_folded_name():
    load_admin_units("42")
    ward = Ward.objects.get(name="Phường Thành Sen")
    assert 18 < ward.latitude < 19 and 105 < ward.longitude < 106
    assert ward.search_name == fold("Phường Thành Sen") == "phuong thanh sen"


def test_a_merged_province_brings_the_communes_of_the_provinces_it_absorbed():
    # Hồ Chí Minh City absorbed Bình Dương and Bà Rịa – Vũng Tàu on 1 July 2025.
    result = load_admin_units("79")
    assert result.wards == 168
    old_provinces = set(LegacyCommune.objects.values_list("province_name", flat=True))
    assert {"Thành phố Hồ Chí Minh", "Tỉnh Bình Dương", "Tỉnh Bà Rịa - Vũng Tàu"} <= old_provinces
    # An island district without communes is kept as one unit (Côn Đảo).
    assert LegacyCommune.objects.filter(name="Huyện Côn Đảo").exists()


def test_loading_twice_changes_nothing():
    load_admin_units("42")
    first = sorted(LegacyCommune.objects.values_list("code", "ward__code"))
    load_admin_units("42")
    assert sorted(LegacyCommune.objects.values_list("code", "ward__code")) == first


def test_the_command_loads_the_configured_province(settings):
    settings.PROVINCE_CODE = "42"
    out = io.StringIO()
    call_command("load_admin_units", stdout=out)
    assert "69 wards, 209 pre-2025 communes" in out.getvalue()


def test_an_unknown_province_is_a_clear_error_and_loads_nothing():
    before = Ward.objects.count()
    with pytest.raises(CommandError, match="Unknown province code"):
        call_command("load_admin_units", province="99")
    with pytest.raises(CommandError):
        call_command("load_admin_units", province="42' OR '1'='1")
    assert Ward.objects.count() == before
