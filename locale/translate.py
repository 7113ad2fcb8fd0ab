"""Fill the English catalogue from the source text and report what Vietnamese still lacks.

Run by `make messages` after makemessages. English is the message id language, so its catalogue is
the ids themselves; Vietnamese is written by people, in locale/vi/LC_MESSAGES/django.po.
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
}


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
            "Language": language,
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
    fix_header("vi")
    fix_header("en")
    fill_english()
    found = check("vi") + check("en")
    sys.stdout.write(("\n".join(found) or "vi and en catalogues are complete") + "\n")
    sys.exit(1 if found else 0)
