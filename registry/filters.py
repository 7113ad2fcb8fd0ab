"""The hometown lists staff filter members by: current wards, and the pre-2025 districts and
communes people and officers still name them by; and the rule of who is from an old district.

(The staff search form, `search.forms.StaffSearchForm`, is the one place staff filter members;
the members list leads there. Both search engines ask the rule here: the database as a filter,
`in_legacy_districts`; Elasticsearch as the districts it stores on each document,
`legacy_districts`.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from registry.models import LegacyCommune, Member


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


# --- Who is from an old district -----------------------------------------------------------------
#
# A member is from a pre-2025 district when the old commune they named lies in it; a member who
# named no old commune, only a current ward, is from every district one of the communes that
# ward replaced (as their official successor, `LegacyCommune.ward`) lay in. The rule is written
# twice, once per engine, side by side here and held equal by tests/registry/test_old_districts.


def in_legacy_districts(district_codes: Iterable[str]) -> Q:
    """Members from any of the pre-2025 districts (their codes), as a filter of members.

    The communes' and wards' ids are looked up first (a few dozen), so that the member table is
    read through its own indexes rather than joined row by row.
    """
    communes = LegacyCommune.objects.filter(district_code__in=list(district_codes))
    named = list(communes.values_list("pk", flat=True))
    successors = list(communes.values_list("ward_id", flat=True).distinct())
    return Q(hometown_legacy_id__in=named) | Q(
        hometown_legacy=None, hometown_ward_id__in=successors
    )


def legacy_districts(member: Member) -> list[str]:
    """The codes of the pre-2025 districts `member` is from, sorted (`in_legacy_districts`, one
    member at a time). Reads `hometown_legacy` and `hometown_ward.legacy_communes`: select and
    prefetch them when reading many members."""
    if member.hometown_legacy_id and member.hometown_legacy is not None:
        return [member.hometown_legacy.district_code]
    if member.hometown_ward_id and member.hometown_ward is not None:
        return sorted({c.district_code for c in member.hometown_ward.legacy_communes.all()})
    return []
