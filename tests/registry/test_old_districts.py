"""Who is from a pre-2025 district: the one rule (registry.filters), as the database engine
filters by it and as Elasticsearch's documents hold it, giving the same members."""

import pytest
from django.db.models import Count

from registry.filters import in_legacy_districts, legacy_districts
from registry.models import LegacyCommune, Member, Ward
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_named_old_commune_decides_else_every_commune_the_ward_replaced():
    # A ward that replaced communes of two old districts.
    ward = (
        Ward.objects.annotate(districts=Count("legacy_communes__district_code", distinct=True))
        .filter(districts__gt=1)
        .first()
    )
    assert ward is not None
    replaced = list(ward.legacy_communes.order_by("district_code", "code"))
    first, last = replaced[0], replaced[-1]
    assert first.district_code != last.district_code
    elsewhere = LegacyCommune.objects.exclude(ward=ward).exclude(
        district_code__in={c.district_code for c in replaced}
    )[0]
    by_commune = make_member("Đặng Văn Đức", hometown_ward=ward, hometown_legacy=first)
    by_ward = make_member("Hồ Thị Mai", hometown_ward=ward)
    # The named commune decides, even beside a ward that did not replace it.
    by_other_commune = make_member("Lê Văn Phúc", hometown_ward=ward, hometown_legacy=elsewhere)
    nowhere = make_member("Võ Văn Tâm", hometown_ward=None)

    assert legacy_districts(by_commune) == [first.district_code]
    assert legacy_districts(by_ward) == sorted({c.district_code for c in replaced})
    assert legacy_districts(by_other_commune) == [elsewhere.district_code]
    assert legacy_districts(nowhere) == []

    everyone = [by_commune, by_ward, by_other_commune, nowhere]
    codes = {first.district_code, last.district_code, elsewhere.district_code}
    for chosen in [[code] for code in sorted(codes)] + [sorted(codes)]:
        filtered = set(Member.objects.filter(in_legacy_districts(chosen)))
        held = {member for member in everyone if set(legacy_districts(member)) & set(chosen)}
        assert filtered == held, chosen
    assert set(Member.objects.filter(in_legacy_districts([last.district_code]))) == {by_ward}
