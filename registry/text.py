"""Text helpers for Vietnamese names. Pure functions, no Django.

Names arrive composed (NFC) from most keyboards and decomposed (NFD) from some, notably macOS
and iOS; storing one form keeps "Nguyễn" equal to "Nguyễn". Searching needs the opposite: a
folded form without tone marks, so that "nguyen van an" finds "Nguyễn Văn An".
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d, single spaces: the form search compares.

    `đ` is a letter of its own, not `d` with a mark, so Unicode decomposition leaves it alone.
    Control characters become spaces (PostgreSQL refuses NUL in text, and none belongs in a name).
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())
