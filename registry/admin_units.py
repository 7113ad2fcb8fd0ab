"""Load the province's wards (post-2025) and communes (pre-2025) with the official mapping.

Source: the `vietnamadminunits` package (MIT), which ships the national unit lists with
coordinates and the 2025 conversion table offline. Only the configured province is loaded; a
province formed by merging (e.g. Hồ Chí Minh City with Bình Dương) brings the communes of every
old province it absorbed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from vietnamadminunits.converter import converter_2025

from registry.models import LegacyCommune, Ward
from registry.text import nfc

DATASET = Path(converter_2025.MODULE_DIR) / "data" / "dataset.db"


class UnknownProvince(ValueError):
    pass


@dataclass(frozen=True)
class LoadResult:
    province_name: str
    wards: int
    legacy_communes: int


def _query(sql: str, params: tuple[str, ...]) -> list[dict[str, Any]]:
    """Read the package's own SQLite file, read-only, with bound parameters."""
    uri = f"file:{DATASET}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]


def _current_wards(province_code: str) -> list[dict[str, Any]]:
    rows = _query(
        "SELECT DISTINCT province, provinceKey, ward, wardKey, wardCode, wardLat, wardLon "
        "FROM admin_units WHERE provinceCode = ?",
        (province_code,),
    )
    if not rows:
        raise UnknownProvince(province_code)
    return rows


def _legacy_rows(legacy_province_keys: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in legacy_province_keys:
        rows += _query(
            "SELECT DISTINCT province, provinceCode, provinceKey, district, districtCode, "
            "districtKey, ward, wardKey, wardCode, wardLat, wardLon FROM admin_units_legacy "
            "WHERE provinceKey = ?",
            (key,),
        )
    return rows


def _successors(province_key: str) -> dict[str, tuple[str, list[str]]]:
    """legacy key → (default new ward key, every new ward key)."""
    mapping: dict[str, tuple[str, list[str]]] = {}
    for new_key, legacy_keys in converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED[province_key].items():
        for legacy_key in legacy_keys:
            mapping[legacy_key] = (new_key, [new_key])
    divided = converter_2025.DICT_PROVINCE_WARD_DIVIDED.get(province_key, {})
    for legacy_key, options in divided.items():
        keys = [option["newWardKey"] for option in options]
        default = next((o["newWardKey"] for o in options if o["isDefaultNewWard"]), keys[0])
        mapping[legacy_key] = (default, keys)
    return mapping


@transaction.atomic
def load_admin_units(province_code: str) -> LoadResult:
    """Create or update the wards and pre-2025 communes of one province. Idempotent."""
    current = _current_wards(province_code)
    province_key = current[0]["provinceKey"]
    province_name = nfc(current[0]["province"])
    wards_by_key: dict[str, Ward] = {}
    for row in current:
        ward, _created = Ward.objects.update_or_create(
            code=row["wardCode"],
            defaults={
                "name": nfc(row["ward"]),
                "province_code": province_code,
                "province_name": province_name,
                "latitude": row["wardLat"],
                "longitude": row["wardLon"],
            },
        )
        wards_by_key[row["wardKey"]] = ward

    successors = _successors(province_key)
    communes = 0
    for row in _legacy_rows(converter_2025.DICT_PROVINCE[province_key]):
        # Island districts without communes (Côn Đảo, Hoàng Sa…) are one unit with no ward.
        legacy_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if legacy_key not in successors:
            continue  # a commune that went to another province in the reform
        default_key, all_keys = successors[legacy_key]
        commune, _created = LegacyCommune.objects.update_or_create(
            code=row["wardCode"] or f"D{row['districtCode']}",
            defaults={
                "name": nfc(row["ward"] or row["district"]),
                "district_code": row["districtCode"],
                "district_name": nfc(row["district"]),
                "province_code": row["provinceCode"],
                "province_name": nfc(row["province"]),
                "latitude": row["wardLat"],
                "longitude": row["wardLon"],
                "ward": wards_by_key[default_key],
            },
        )
        commune.wards.set([wards_by_key[key] for key in all_keys])
        communes += 1
    return LoadResult(
        province_name=province_name, wards=len(wards_by_key), legacy_communes=communes
    )
