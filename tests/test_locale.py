"""Every interface string is in the Vietnamese and English catalogues, translated and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("vi", "en")]
ALLAUTH_VI = ROOT / "locale" / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
SOURCES = ["accounts", "cms", "config", "registry", "search", "manage.py"]


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
    committed = {e.msgid for e in polib.pofile(str(CATALOGUES[0]))}
    assert extracted - committed == set(), "new strings: run `make messages` and translate them"


def test_allauth_pages_are_in_vietnamese(client, db):  # the footer is read from the database
    html = client.get("/vi/accounts/login/").content.decode()
    assert "Quên mật khẩu?" in html
    assert "Forgot your password?" not in html
