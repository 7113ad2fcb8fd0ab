"""The languages members tick, named in the page's language (registry/languages.py)."""

import pytest
from django import forms
from django.conf.locale import LANG_INFO
from django.utils import translation

from registry import languages
from registry.languages import LANGUAGE_CHOICES, SPOKEN_LANGUAGES, language_name, language_names
from registry.models import Language


def test_the_names_are_djangos_so_its_catalogues_translate_them():
    for code, name in languages._NAMES.items():
        assert LANG_INFO[code]["name"] == name


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_language_has_a_capitalised_name_in_the_page_language(language):
    with translation.override(language):
        names = [language_name(code) for code in SPOKEN_LANGUAGES]
    assert len(set(names)) == len(SPOKEN_LANGUAGES)
    for code, name in zip(SPOKEN_LANGUAGES, names, strict=True):
        assert name[0].isupper(), name
        assert name != LANG_INFO[code]["name_local"] or code == language, name  # not "česky"
    if language == "vi":
        # Ours, not Django's "Tiếng Tàu giản thể", "Ngôn ngữ Slô-vac" or a missing Malay.
        assert all(name.startswith("Tiếng ") for name in names), names


def test_the_vietnamese_names_are_the_ones_people_use():
    with translation.override("vi"):
        assert language_names(["vi", "zh-hans", "hu", "sk", "ms", "pl"]) == (
            "Tiếng Việt, Tiếng Trung (giản thể), Tiếng Hungary, Tiếng Slovakia, Tiếng Mã Lai, "
            "Tiếng Ba Lan"
        )


def test_a_language_django_does_not_know_is_shown_as_its_code():
    assert language_name("xx") == "xx"
    with translation.override("en"):
        assert language_names(["cs", "xx"]) == "Czech, xx"


def test_the_choices_follow_the_language_of_each_request():
    field = forms.MultipleChoiceField(choices=LANGUAGE_CHOICES)
    with translation.override("vi"):
        assert dict(field.choices)["cs"] == "Tiếng Séc"
        assert "Tiếng Séc" in field.widget.render("languages", ["cs"])
    with translation.override("en"):
        assert dict(field.choices)["cs"] == "Czech"
        assert "Czech" in field.widget.render("languages", ["cs"])
    with translation.override("fr"):  # not a site language yet: Django's catalogue serves
        assert dict(LANGUAGE_CHOICES)["cs"] == "Tchèque"


@pytest.mark.django_db
def test_the_language_table_holds_the_list_in_its_order():
    """Migration 0018 seeds `Language` with the list; a code added to the list needs its row."""
    assert list(Language.objects.values_list("code", flat=True)) == SPOKEN_LANGUAGES
    with translation.override("vi"):
        assert str(Language.objects.get(code="cs")) == "Tiếng Séc"
