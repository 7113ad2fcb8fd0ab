"""Interests, sectors and consent purposes and texts in every site language (migration 0017)."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from registry.models import ConsentPurpose, ConsentText, Interest, Sector

pytestmark = pytest.mark.django_db

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
migration = importlib.import_module("registry.migrations.0017_reference_data_in_every_language")
seed = importlib.import_module("registry.migrations.0006_seed_consent_purposes")


def missing(row, field):
    return [
        language
        for language in LANGUAGES
        if not (getattr(row, build_localized_fieldname(field, language)) or "").strip()
    ]


def test_all_seven_languages_are_checked():
    assert set(LANGUAGES) == {"vi", "en", "fr", "ru", "ja", "ko", "zh-hans"}


@pytest.mark.parametrize("model", [Interest, Sector, ConsentPurpose])
def test_every_name_is_given_in_every_language(model):
    rows = list(model.objects.all())
    assert rows
    assert {row.slug: missing(row, "name") for row in rows if missing(row, "name")} == {}


def test_every_current_consent_text_is_given_in_every_language():
    purposes = list(ConsentPurpose.objects.prefetch_related("texts"))
    assert len(purposes) == 6
    for purpose in purposes:
        assert purpose.current_text is not None, purpose.slug
        assert missing(purpose.current_text, "text") == [], purpose.slug


def test_russian_readers_get_the_russian_names_and_wording():
    with translation.override("ru"):
        assert Interest.objects.get(slug="investment").name == "Инвестиции"
        assert Sector.objects.get(slug="it").name == "Информационные технологии"
        purpose = ConsentPurpose.objects.get(slug="associations")
        assert purpose.name == "Передача сведений моим землячествам"
        assert purpose.current_text.text.startswith("Я даю согласие")


@pytest.mark.parametrize("language", ["fr", "ja", "ko", "zh-hans"])
def test_the_other_languages_are_served_too(language):
    column = build_localized_fieldname("name", language)
    with translation.override(language):
        sector = Sector.objects.get(slug="agriculture")
        assert (
            sector.name
            == getattr(sector, column)
            == migration.SECTORS["agriculture"][column.removeprefix("name_")]
        )


def test_the_migration_knows_the_seeded_consent_wording_exactly():
    for slug, _required, _name_vi, _name_en, text_vi, text_en in seed.PURPOSES:
        assert migration.CONSENT_TEXTS[slug]["vi"] == text_vi
        assert migration.CONSENT_TEXTS[slug]["en"] == text_en


def test_a_translation_staff_entered_is_never_overwritten():
    interest = Interest.objects.get(slug="tourism")
    interest.name_fr = "Voyages"
    interest.name_ru = None
    interest.save()
    migration.fill(apps, None)
    interest.refresh_from_db()
    assert interest.name_fr == "Voyages"
    assert interest.name_ru == "Туризм"


def test_a_changed_consent_wording_gets_no_translation():
    purpose = ConsentPurpose.objects.get(slug="newsletter")
    seeded = migration.CONSENT_TEXTS["newsletter"]
    changed = ConsentText.objects.create(
        purpose=purpose,
        version=2,
        text="Tôi muốn nhận bản tin hằng tháng qua email.",
        text_vi="Tôi muốn nhận bản tin hằng tháng qua email.",
        text_en=seeded["en"],  # English not yet updated: the Vietnamese decides
    )
    same = ConsentText.objects.create(
        purpose=purpose, version=3, text=seeded["vi"], text_vi=seeded["vi"], text_en=seeded["en"]
    )
    migration.fill(apps, None)
    changed.refresh_from_db()
    same.refresh_from_db()
    assert [changed.text_fr, changed.text_ru, changed.text_zh_hans] == [None, None, None]
    assert same.text_ru == seeded["ru"]


def test_reversing_empties_only_the_names_it_wrote():
    sector = Sector.objects.get(slug="energy")
    sector.name_ko = "에너지 산업"  # corrected by staff afterwards
    sector.save()
    text = ConsentPurpose.objects.get(slug="registry").texts.get(version=1)
    migration.empty(apps, None)
    sector.refresh_from_db()
    text.refresh_from_db()
    assert sector.name_fr is None and sector.name_ja is None
    assert sector.name_ko == "에너지 산업"
    assert sector.name_vi == "Năng lượng" and sector.name_en == "Energy"
    assert text.text_fr == migration.CONSENT_TEXTS["registry"]["fr"]  # the wording shown stays
