"""Whole numbers from request parameters and form values.

`str.isdigit()` is true for "²", "①" and "٣", which `int()` refuses or reads as another number: a
hand-edited link then ended in a server error. Only ASCII digits are a number here, and only within
the range a database key can hold.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

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


class KeysField(forms.ModelMultipleChoiceField):
    """A multiple choice of records by key, where a key no database integer can hold (a hand-
    edited link's "-1180591620717411303423") is an unknown choice rather than a server error:
    Django checks each key's type but not its range, and SQLite overflows on the `IN` query."""

    def _check_values(self, value: Any) -> Any:
        for key in value:
            if whole_number(key) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)  # type: ignore[misc]
