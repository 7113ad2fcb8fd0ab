import pytest
from django.utils import translation

from registry.models import Interest, Sector

pytestmark = pytest.mark.django_db


def test_the_interests_of_the_brief_exist_in_vietnamese_and_english():
    assert Interest.objects.count() == 9
    investment = Interest.objects.get(slug="investment")
    with translation.override("vi"):
        assert investment.name == "Đầu tư"
    with translation.override("en"):
        assert investment.name == "Investment"


def test_a_missing_translation_falls_back_to_english_then_vietnamese():
    sector = Sector.objects.get(slug="it")
    sector.name_fr = ""
    sector.save()
    with translation.override("fr"):
        assert Sector.objects.get(slug="it").name == sector.name_en
    sector.name_en = ""
    sector.save()
    with translation.override("fr"):
        assert Sector.objects.get(slug="it").name == "Công nghệ thông tin"


def test_every_supported_language_has_a_column():
    columns = {field.name for field in Interest._meta.get_fields()}
    assert {
        "name_vi",
        "name_en",
        "name_fr",
        "name_ru",
        "name_ja",
        "name_ko",
        "name_zh_hans",
    } <= columns


def test_they_are_listed_in_their_given_order():
    assert list(Interest.objects.values_list("slug", flat=True))[:2] == ["investment", "trade"]
