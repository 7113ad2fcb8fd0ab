"""A message missing from a language's catalogue is shown in English, never in Vietnamese.

Django falls back to the catalogue of `LANGUAGE_CODE` for any other language: Vietnamese here,
the site's first language, so a French page showed a Vietnamese button wherever French lacked a
string (ours, or Wagtail's or allauth's). English is the language every message is written in
(the message ids), so the chain is deliberately: the reader's language, then English — which is
what gettext returns when no catalogue has the message. `make messages` and tests/test_locale.py
keep our seven catalogues complete; this covers the libraries' gaps and a string added since.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import trans_real


def _no_vietnamese_fallback(self: Any, localedirs: Any = None) -> None:
    """Instead of DjangoTranslation._add_fallback: no fallback catalogue, so the English id."""


def fall_back_to_english() -> None:
    # (Private names of django.utils.translation.trans_real, checked by tests/test_locale.py.)
    setattr(trans_real.DjangoTranslation, "_add_fallback", _no_vietnamese_fallback)  # noqa: B010
    setattr(trans_real, "_translations", {})  # noqa: B010 - catalogues made before, made again
