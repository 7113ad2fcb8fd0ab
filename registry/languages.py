"""The languages members say they speak: the list they tick, and each one's name as words.

A member's languages are stored as codes (`Member.languages`, a relation to `Language`, keyed by
code); people see names, in the language of the page they are reading ("Tiếng Séc" on a
Vietnamese page, "Czech" on an English one), never the name a language gives itself ("česky")
nor a code. The names are Django's (`get_language_info(code)["name_translated"]`), so every site
language Django knows gets them from Django's own catalogues; `locale/` corrects the Vietnamese
ones Django has wrong or dated ("Tiếng Tàu giản thể", "Tiếng Hung-ga-ri", "Ngôn ngữ Slô-vac")
and adds the one it lacks (Malay).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext_noop

# Languages members commonly speak, the most spoken by the province's people abroad first. Each
# code's English name is Django's (LANG_INFO), marked here so that `makemessages` keeps our
# catalogue's translations of them; tests/registry/test_languages.py checks they stay Django's.
_NAMES = {
    "vi": gettext_noop("Vietnamese"),
    "en": gettext_noop("English"),
    "ja": gettext_noop("Japanese"),
    "ko": gettext_noop("Korean"),
    "zh-hans": gettext_noop("Simplified Chinese"),
    "zh-hant": gettext_noop("Traditional Chinese"),
    "de": gettext_noop("German"),
    "fr": gettext_noop("French"),
    "ru": gettext_noop("Russian"),
    "cs": gettext_noop("Czech"),
    "pl": gettext_noop("Polish"),
    "hu": gettext_noop("Hungarian"),
    "sk": gettext_noop("Slovak"),
    "th": gettext_noop("Thai"),
    "ms": gettext_noop("Malay"),
    "uk": gettext_noop("Ukrainian"),
    "es": gettext_noop("Spanish"),
    "it": gettext_noop("Italian"),
    "nl": gettext_noop("Dutch"),
    "sv": gettext_noop("Swedish"),
}
SPOKEN_LANGUAGES: list[str] = list(_NAMES)


def language_name(code: str) -> str:
    """The language's name in the active language, capitalised as a label ("Tiếng Séc", "Czech").

    A code Django does not know (an import may bring one) is shown as it is rather than hidden.
    """
    try:
        name = get_language_info(code)["name_translated"]
    except KeyError:
        return code
    return capfirst(str(name))


def language_names(codes: Iterable[str]) -> str:
    """Language codes, as names joined by commas."""
    return ", ".join(language_name(code) for code in codes)


# The choices of the languages field: the names are lazy, so each request reads them in its own
# language (the list is built once, at import, in no language at all).
LANGUAGE_CHOICES: list[tuple[str, str]] = [
    (code, lazy(language_name, str)(code)) for code in SPOKEN_LANGUAGES
]
