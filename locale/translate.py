"""Fill the English catalogue from the source text and report what the other six still lack.

Run by `make messages` after makemessages. English is the message id language, so its catalogue is
the ids themselves; Vietnamese, French, Russian, Japanese, Korean and Simplified Chinese are written
by people, in locale/<language>/LC_MESSAGES/django.po.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent


HEADERS = {
    "vi": ("Vietnamese", "nplurals=1; plural=0;"),
    "en": ("English", "nplurals=2; plural=(n != 1);"),
    "fr": ("French", "nplurals=2; plural=(n > 1);"),
    "ru": (
        "Russian",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "ja": ("Japanese", "nplurals=1; plural=0;"),
    "ko": ("Korean", "nplurals=1; plural=0;"),
    "zh_Hans": ("Simplified Chinese", "nplurals=1; plural=0;"),
}
WRITTEN_BY_PEOPLE = [language for language in HEADERS if language != "en"]


def fix_header(language: str) -> None:
    """makemessages writes a placeholder, fuzzy header; msgfmt would drop it (and the charset)."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    name, plural_forms = HEADERS[language]
    catalogue.metadata_is_fuzzy = False
    catalogue.header = f"Quê Hương interface text: {name}."
    catalogue.metadata.update(
        {
            "Project-Id-Version": "quehuong",
            "PO-Revision-Date": catalogue.metadata.get("POT-Creation-Date", ""),
            "Last-Translator": "Quê Hương team",
            "Language-Team": name,
            "Language": language.replace("_", "-"),
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": plural_forms,
        }
    )
    catalogue.save()


def fill_english() -> None:
    path = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save()


def check(language: str) -> list[str]:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    problems = [f"{language}: untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()]
    problems += [f"{language}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    for entry in catalogue.translated_entries():
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        if any(not unicodedata.is_normalized("NFC", text) for text in texts):
            problems.append(f"{language}: not NFC: {entry.msgid!r}")
    return problems


if __name__ == "__main__":
    for language in HEADERS:
        fix_header(language)
    fill_english()
    found = [problem for language in HEADERS for problem in check(language)]
    sys.stdout.write(("\n".join(found) or "all seven catalogues are complete") + "\n")
    sys.exit(1 if found else 0)
