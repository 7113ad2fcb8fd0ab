"""Synthetic members look like the province's real diaspora and are as consistent as real records:
what `Member.save()` and the consent service would have written, bulk_create writes too."""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections import Counter

import phonenumbers
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import gazetteer
from registry.demo.members import generate_members
from registry.demo.people import DESTINATIONS, SURNAMES
from registry.languages import SPOKEN_LANGUAGES
from registry.models import Consent, ConsentPurpose, ConsentText, Language, Member, Ward
from registry.search_words import place_words
from registry.services.consents import current_texts
from registry.signals import members_changed
from registry.text import fold


@pytest.fixture
def members(db: None) -> list[Member]:
    """800 synthetic members, with everything the assertions below look at prefetched."""
    generate_members(800, seed=1)
    return list(
        Member.objects.filter(source=Member.Source.GENERATED)
        .select_related("hometown_ward", "hometown_legacy", "sector")
        .prefetch_related("interests", "consented_purposes", "consents__purpose", "consents__text")
    )


def snapshot(queryset: QuerySet[Member]) -> list[tuple[object, ...]]:
    """Everything about the generated people except keys and dates (dates count back from now)."""
    rows = []
    for m in queryset.order_by("pk").prefetch_related(
        "interests", "languages", "consented_purposes"
    ):
        rows.append(
            (
                m.full_name, m.other_names, m.birth_year, m.gender, m.hometown_ward_id,
                m.hometown_legacy_id, m.hometown_village, m.country.code, m.city_name,
                m.latitude, m.longitude, m.email, str(m.phone), m.occupation, m.sector_id,
                m.skills, m.language_codes(), m.organisation, m.preferred_language,
                sorted(i.slug for i in m.interests.all()),
                sorted(p.slug for p in m.consented_purposes.all()),
            )
        )  # fmt: skip
    return rows


def test_it_adds_the_requested_number_of_generated_members(db: None) -> None:
    done: list[int] = []
    assert generate_members(120, seed=1, batch_size=50, progress=done.append) == 120
    assert Member.objects.filter(source=Member.Source.GENERATED).count() == 120
    assert done == [50, 100, 120]


def test_it_writes_vietnamese_names_in_nfc_with_gendered_middle_names(
    members: list[Member],
) -> None:
    surnames = {surname for surname, _weight in SURNAMES}
    for m in members:
        assert unicodedata.is_normalized("NFC", m.full_name)
        assert unicodedata.is_normalized("NFC", m.other_names)
        words = m.full_name.split()
        assert words[0] in surnames
        assert 2 <= len(words) <= 5
        if m.gender == Member.Gender.FEMALE:
            assert "Văn" not in words[1:]
        if m.gender == Member.Gender.MALE:
            assert "Thị" not in words[1:]
    names = " ".join(m.full_name for m in members)
    for letters in ("Nguyễn", "Trần", "Thị", "Văn", "Đ"):
        assert letters in names
    assert any(m.other_names for m in members)


def test_it_draws_surnames_with_realistic_frequencies(members: list[Member]) -> None:
    counts = Counter(m.full_name.split()[0] for m in members)
    ranking = [surname for surname, _count in counts.most_common()]
    assert ranking[0] == "Nguyễn"
    assert 0.30 <= counts["Nguyễn"] / len(members) <= 0.45
    assert {"Trần", "Lê", "Phạm"} <= set(ranking[1:6])
    assert counts["Nguyễn"] > 2 * counts["Trần"]


def test_it_places_hometowns_in_the_provinces_real_wards(members: list[Member]) -> None:
    province_wards = set(
        Ward.objects.filter(province_code=settings.PROVINCE_CODE).values_list("pk", flat=True)
    )
    assert {m.hometown_ward_id for m in members} <= province_wards
    assert len({m.hometown_ward_id for m in members}) > len(province_wards) / 2
    by_old_name = [m for m in members if m.hometown_legacy_id]
    assert 0.35 <= len(by_old_name) / len(members) <= 0.65
    for m in by_old_name:
        assert m.hometown_legacy.ward_id == m.hometown_ward_id  # the official successor
    villages = [m.hometown_village for m in members if m.hometown_village]
    assert villages
    assert all(v.startswith(("thôn ", "xóm ")) for v in villages)


def test_it_spreads_residences_over_the_diaspora_with_gazetteer_coordinates(
    members: list[Member],
) -> None:
    countries = Counter(m.country.code for m in members)
    assert set(countries) <= {d.country for d in DESTINATIONS}
    assert len(countries) >= 12
    assert countries.most_common(1)[0][0] == "JP"
    assert countries["KR"] > countries["FR"]
    cities: dict[int, gazetteer.City | None] = {}
    for m in members:
        assert m.city_geonameid is not None
        if m.city_geonameid not in cities:
            cities[m.city_geonameid] = gazetteer.city_by_id(m.city_geonameid)
        city = cities[m.city_geonameid]
        assert city is not None
        assert (city.name, city.country) == (m.city_name, m.country.code)
        assert abs(m.latitude - city.latitude) <= 0.05
        assert abs(m.longitude - city.longitude) <= 0.05
    tokyo = [m for m in members if m.city_name == "Tokyo"]
    assert tokyo
    assert len({(m.latitude, m.longitude) for m in tokyo}) == len(tokyo)  # jittered, not stacked


def test_it_records_each_consent_against_the_current_text_of_its_purpose(db: None) -> None:
    registry = ConsentPurpose.objects.get(slug=ConsentPurpose.REGISTRY)
    latest = registry.texts.order_by("-version").first()
    assert latest is not None
    newer = ConsentText.objects.create(purpose=registry, version=latest.version + 1, text="v2")
    generate_members(300, seed=2)

    texts = current_texts()
    assert texts[ConsentPurpose.REGISTRY] == newer
    consents = Consent.objects.select_related("purpose", "text")
    assert consents.filter(purpose=registry).count() == 300
    for consent in consents:
        assert consent.text == texts[consent.purpose.slug]
        assert consent.granted
        assert consent.channel == Consent.Channel.WEB
    members = Member.objects.prefetch_related("consented_purposes", "consents__purpose")
    shares: Counter[str] = Counter()
    for m in members:
        granted = {c.purpose.slug for c in m.consents.all()}
        assert {p.slug for p in m.consented_purposes.all()} == granted
        assert m.has_consented(ConsentPurpose.REGISTRY)
        shares.update(granted)
    assert 0.35 <= shares[ConsentPurpose.STAFF_CONTACT] / 300 <= 0.65
    assert 0.15 <= shares[ConsentPurpose.ASSOCIATIONS] / 300 <= 0.45


def test_it_gives_members_interests_work_and_languages(members: list[Member]) -> None:
    for m in members:
        assert 1 <= len(m.interests.all()) <= 4
        assert m.occupation
        assert m.sector is not None
        codes = m.language_codes()
        assert codes[0] == "vi"
        assert set(codes) <= set(SPOKEN_LANGUAGES)
        assert 1950 <= m.birth_year <= 2006
        assert m.preferred_language in {"vi", "en"}
    assert any(m.organisation for m in members)
    assert any(m.skills for m in members)
    assert any("ja" in m.language_codes() for m in members if m.country.code == "JP")
    assert Counter(m.preferred_language for m in members).most_common(1)[0][0] == "vi"


def test_it_fills_search_name_and_text_as_save_would(members: list[Member]) -> None:
    for m in members[:100]:
        expected = fold(f"{m.full_name} {m.other_names}")
        written = m.search_text
        assert m.search_name == expected
        folded = fold(" ".join(getattr(m, name) for name in Member.SEARCH_TEXT_FIELDS))
        # The fields' text, then the words of where they live (and of their occupation).
        assert written.startswith(expected) and written.startswith(folded)
        assert place_words(m.country.code, m.city_name) in written
        m.save()
        m.refresh_from_db()
        assert m.search_name == expected
        assert m.search_text == written
    nguyen = sum(m.full_name.startswith("Nguyễn ") for m in members)
    assert Member.objects.filter(search_name__startswith="nguyen ").count() == nguyen


def test_save_and_the_generator_share_one_derivation(db: None) -> None:
    """`Member.derived` is what save() writes; the generator calls it for rows save() skips."""
    given = dict.fromkeys(Member.COMPOSED_FIELDS, "")
    given |= {
        "full_name": unicodedata.normalize("NFD", " Nguyễn Thị Lan "),
        "other_names": "Lan Schmidt",
        "skills": " hàn, tiện CNC",
    }
    derived = Member.derived(given)
    assert (
        derived["full_name"] == "Nguyễn Thị Lan" == unicodedata.normalize("NFC", "Nguyễn Thị Lan")
    )
    assert derived["skills"] == "hàn, tiện CNC"
    assert derived["search_name"] == "nguyen thi lan lan schmidt"
    assert derived["search_text"] == "nguyen thi lan lan schmidt han, tien cnc"
    member = Member(**given)
    member.save()
    assert {name: getattr(member, name) for name in derived} == derived


def test_it_gives_valid_unique_contact_details(members: list[Member]) -> None:
    with_phone = [m for m in members if m.phone]
    assert 0.45 <= len(with_phone) / len(members) <= 0.75
    for m in with_phone:
        number = phonenumbers.parse(str(m.phone))
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.region_code_for_number(number) == m.country.code
        assert str(m.phone) == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )
    assert len({str(m.phone) for m in with_phone}) == len(with_phone)
    emails = [m.email for m in members]
    assert all(email.endswith("@example.com") for email in emails)
    assert len(set(emails)) == len(emails)


def test_staff_see_the_contacts_a_consent_was_given_for_and_only_then(
    members: list[Member],
) -> None:
    """Generated members agreed on the site: their consent to staff contact covers what they
    typed (as a sign-up's does), and without that consent staff see no contact detail."""
    agreeing = [m for m in members if m.has_consented(ConsentPurpose.STAFF_CONTACT)]
    assert 0 < len(agreeing) < len(members)
    for m in members:
        expected = set(m.contact_values()) if m in agreeing else set()
        assert m.consented_contacts() == expected
    consent = Consent.objects.filter(
        member=agreeing[0], purpose__slug=ConsentPurpose.STAFF_CONTACT
    ).get()
    assert consent.covers == agreeing[0].contact_values()


def test_it_dates_records_like_sign_ups_of_the_last_three_years(members: list[Member]) -> None:
    now = timezone.now()
    for m in members:
        assert now - datetime.timedelta(days=3 * 366) <= m.created_at <= now
        assert m.created_at <= m.profile_completed_at <= m.last_confirmed_at <= now
        assert m.updated_at == m.last_confirmed_at
        if m.verified_at is not None:
            assert m.profile_completed_at <= m.verified_at <= m.last_confirmed_at
            assert m.verification_method
        else:
            assert not m.verification_method
    created = [m.created_at for m in members]
    assert max(created) - min(created) > datetime.timedelta(days=2 * 365)
    assert 0.15 <= sum(m.is_verified for m in members) / len(members) <= 0.45
    consent = members[0].consents.all()[0]
    assert consent.recorded_at == members[0].profile_completed_at


def test_it_gives_the_same_people_for_the_same_seed(db: None) -> None:
    generated = Member.objects.filter(source=Member.Source.GENERATED)
    generate_members(60, seed=7, batch_size=25)
    first = snapshot(generated)
    generated.delete()
    generate_members(60, seed=7, batch_size=60)  # the batch size does not matter
    assert snapshot(generated) == first
    generated.delete()
    generate_members(60, seed=8)
    assert snapshot(generated) != first


def test_it_announces_each_batch_to_whoever_copies_member_data(db: None) -> None:
    announced: list[int] = []

    def receiver(sender: object, pks: list[int], **kwargs: object) -> None:
        announced.extend(pks)

    members_changed.connect(receiver)
    try:
        generate_members(70, seed=5, batch_size=30)
    finally:
        members_changed.disconnect(receiver)
    generated = Member.objects.filter(source=Member.Source.GENERATED)
    assert sorted(announced) == sorted(generated.values_list("pk", flat=True))


def test_it_writes_a_few_queries_per_batch_not_per_member(db: None) -> None:
    with CaptureQueriesContext(connection) as small:
        generate_members(100, seed=3, batch_size=100)
    with CaptureQueriesContext(connection) as large:
        generate_members(300, seed=3, batch_size=100)
    per_batch = (len(large) - len(small)) / 2
    assert per_batch < 25
    assert len(small) < 40


def test_it_refuses_without_the_provinces_wards(db: None, settings: object) -> None:
    settings.PROVINCE_CODE = "99"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="load_admin_units"):
        generate_members(10)
    with pytest.raises(CommandError, match="load_admin_units"):
        call_command("generate_members", "10", stdout=io.StringIO())
    assert not Member.objects.exists()


def test_it_refuses_without_the_languages_members_speak(db: None) -> None:
    Language.objects.filter(code="ja").delete()
    with pytest.raises(ValueError, match="languages members speak"):
        generate_members(10)
    assert not Member.objects.exists()


def test_it_reports_the_count_and_the_time_from_the_command(db: None) -> None:
    out = io.StringIO()
    call_command("generate_members", "30", "--seed", "3", stdout=out)
    assert "30 synthetic members added in" in out.getvalue()
    assert "seconds" in out.getvalue()
    assert Member.objects.filter(source=Member.Source.GENERATED).count() == 30
    with pytest.raises(CommandError):
        call_command("generate_members", "0", stdout=io.StringIO())


def test_it_fills_the_demo_registry_once(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    generated = Member.objects.filter(source=Member.Source.GENERATED)
    generate_members(500, seed=9)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert generated.count() == 2000
    assert "1,500 synthetic members added" in out.getvalue()
    call_command("load_demo", stdout=io.StringIO())
    assert generated.count() == 2000
