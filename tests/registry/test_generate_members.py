"""Synthetic members look like the province's real diaspora, and are internally consistent."""

import unicodedata
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from registry.models import Consent, ConsentPurpose, Member, Ward
from registry.services import current_texts
from registry.synthetic import COUNTRIES, generate_members
from registry.text import fold

pytestmark = pytest.mark.django_db


def test_it_creates_people_with_vietnamese_names_and_real_hometowns():
    assert generate_members(600, seed=1) == 600
    members = list(Member.objects.filter(source="generated").select_related("hometown_legacy"))
    assert len(members) == 600
    assert all(unicodedata.is_normalized("NFC", m.full_name) for m in members)
    assert all(m.search_name == fold(f"{m.full_name} {m.other_names}") for m in members)
    surnames = Counter(m.full_name.split()[0] for m in members)
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    assert 0.28 < surnames["Nguyễn"] / 600 < 0.48
    wards = set(
        Ward.objects.filter(province_code=settings.PROVINCE_CODE).values_list("pk", flat=True)
    )
    assert all(m.hometown_ward_id in wards for m in members)
    with_old_names = [m for m in members if m.hometown_legacy_id]
    assert 200 < len(with_old_names) < 400
    assert all(m.hometown_legacy.ward_id == m.hometown_ward_id for m in with_old_names)


def test_residences_are_diaspora_cities_with_coordinates():
    generate_members(300, seed=2)
    members = Member.objects.filter(source="generated")
    diaspora = {code for code, _weight, _lang in COUNTRIES}
    assert set(members.values_list("country", flat=True)) <= diaspora
    assert not members.filter(latitude=None).exists()
    assert members.filter(country="JP").count() > members.filter(country="HU").count()


def test_consents_point_at_the_current_texts_and_mirror_the_grants():
    generate_members(200, seed=3)
    texts = current_texts()
    for consent in Consent.objects.select_related("purpose", "text"):
        assert consent.text == texts[consent.purpose.slug]
    for member in Member.objects.filter(source="generated").prefetch_related(
        "consented_purposes", "consents__purpose", "interests"
    ):
        granted = {c.purpose.slug for c in member.consents.all() if c.granted}
        assert {p.slug for p in member.consented_purposes.all()} == granted
        assert ConsentPurpose.REGISTRY in granted
        assert 1 <= len(member.interests.all()) <= 4


def test_the_same_seed_gives_the_same_people():
    generate_members(50, seed=4)
    first = list(Member.objects.order_by("pk").values_list("full_name", "birth_year", "country"))
    Member.objects.all().delete()
    generate_members(50, seed=4)
    again = list(Member.objects.order_by("pk").values_list("full_name", "birth_year", "country"))
    assert first == again


def test_the_command_reports_what_it_did(capsys):
    call_command("generate_members", "25", "--seed", "5")
    assert "25 synthetic members added" in capsys.readouterr().out
    assert Member.objects.filter(source="generated").count() == 25
