"""The hometown lists staff filter members by: current wards, and the pre-2025 districts and
communes people and officers still name them by.

(The staff search form, `search.forms.StaffSearchForm`, is the one place staff filter members;
the members list leads there.)
"""

from __future__ import annotations

from django.db.models import QuerySet

from registry.models import LegacyCommune


def district_choices(province: str) -> list[tuple[str, str]]:
    """Each pre-2025 district of the province once, by name.

    Districts are not a table of their own: each old commune names its district. Without
    `order_by()` the communes' default ordering (by district, then commune name) would be part
    of the distinct rows, and each district listed once per commune.
    """
    rows = (
        LegacyCommune.objects.filter(ward__province_code=province)
        .order_by()
        .values_list("district_code", "district_name")
        .distinct()
    )
    return sorted(rows, key=lambda row: (row[1], row[0]))


def commune_choices(province: str) -> QuerySet[LegacyCommune]:
    """The province's pre-2025 communes, by district then name ("Xã Thạch Đài, Huyện Thạch Hà")."""
    return LegacyCommune.objects.filter(ward__province_code=province).order_by(
        "district_name", "name"
    )
