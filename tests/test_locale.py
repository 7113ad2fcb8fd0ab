"""Every interface string is in all seven catalogues, translated and compiled; allauth's own
catalogues cover its messages in the languages we do not translate it into; a message missing
from a catalogue is shown in English, never in Vietnamese."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("vi", "en", "fr", "ru", "ja", "ko", "zh_Hans")
CATALOGUES = [ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES]
ALLAUTH_VI = ROOT / "locale" / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
SOURCES = [
    "accounts",
    "cms",
    "config",
    "engagement",
    "operations",
    "registry",
    "search",
    "trips",
    "manage.py",
]


@pytest.mark.parametrize("path", [*CATALOGUES, ALLAUTH_VI], ids=lambda p: "/".join(p.parts[-4:-2]))
def test_the_catalogue_has_no_untranslated_or_fuzzy_message(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert not catalogue.metadata_is_fuzzy


@pytest.mark.parametrize("path", [*CATALOGUES, ALLAUTH_VI], ids=lambda p: "/".join(p.parts[-4:-2]))
def test_the_compiled_catalogue_matches_its_source(path):
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    source = polib.pofile(str(path))
    assert {(e.msgid, e.msgstr) for e in compiled} == {
        (e.msgid, e.msgstr) for e in source.translated_entries()
    }, "run `make messages` to recompile"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_interface_string_is_in_the_catalogue(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin"},
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))}
    for catalogue in CATALOGUES:
        committed = {e.msgid for e in polib.pofile(str(catalogue))}
        assert extracted - committed == set(), f"new strings for {catalogue}: run `make messages`"


@pytest.mark.parametrize("language", ["fr", "ru", "ja", "ko", "zh_Hans"])
def test_allauth_has_every_one_of_its_messages_in_the_language(language):
    import allauth

    shipped = Path(allauth.__file__).parent / "locale"
    english = polib.pofile(str(shipped / "en" / "LC_MESSAGES" / "django.po"))
    catalogue = polib.pofile(str(shipped / language / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in catalogue.translated_entries()}
    assert {(e.msgctxt, e.msgid) for e in english} - translated == set(), (
        f"allauth lacks these in {language}: translate them in locale/allauth/{language}"
    )


@pytest.mark.parametrize("language", ["fr", "ru", "ja", "ko", "zh-hans"])
def test_a_message_missing_in_the_language_is_english_not_vietnamese(language):
    from django.utils import translation
    from django.utils.translation import trans_real

    vietnamese = trans_real.translation("vi")._catalog
    other = trans_real.translation(language)._catalog
    # Messages of Django, Wagtail or allauth that Vietnamese has and this language lacks.
    lacking = [m for m in vietnamese.keys() if isinstance(m, str) and m and m not in other]
    assert lacking, "every Vietnamese message is in this language: nothing to fall back from"
    with translation.override(language):
        for message in lacking[:50]:
            assert translation.gettext(message) == message
