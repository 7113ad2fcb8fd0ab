"""Text helpers for Vietnamese names. Pure functions, no Django.

Names arrive composed (NFC) from most keyboards and decomposed (NFD) from some, notably macOS
and iOS; storing one form keeps "Nguyễn" equal to "Nguyễn". Searching needs the opposite: a
folded form without tone marks, so that "nguyen van an" finds "Nguyễn Văn An". What people type
into a search box is cleaned once, the same way for the public site search and the staff search
(`clean_typed`).
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# The longest search text kept (the public site search and the staff registry search).
MAX_TYPED_LENGTH = 200


def clean_typed(raw: str) -> str:
    """Search text as the person meant it, safe to show back and to search with: composed (NFC,
    as macOS and iOS may send it decomposed), single spaces, at most `MAX_TYPED_LENGTH`
    characters, and no invisible characters (control, format, unassigned: NUL breaks
    PostgreSQL, bidi overrides garble the page). Each invisible character separates words, as
    `fold` makes control characters spaces; anything else is only ever passed on as data,
    never as query syntax."""
    text = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in (raw or "")[: 4 * MAX_TYPED_LENGTH]
    )
    return " ".join(nfc(text).split())[:MAX_TYPED_LENGTH].strip()


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
