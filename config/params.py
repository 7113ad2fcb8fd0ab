"""Whole numbers from request parameters and form values.

`str.isdigit()` is true for "²", "①" and "٣", which `int()` refuses or reads as another number: a
hand-edited link then ended in a server error. Only ASCII digits are a number here, and only within
the range a database key can hold.
"""

from __future__ import annotations

MAX_KEY = 2**63 - 1


def whole_number(value: object, *, maximum: int = MAX_KEY) -> int | None:
    """The non-negative whole number `value` spells in ASCII digits, or None."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def ids(values: list[str]) -> list[int]:
    """The database keys among `values` (a form's repeated `member` parameter, say)."""
    return [number for value in values if (number := whole_number(value)) is not None]
