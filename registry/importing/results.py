"""A row as checked, matched and decided (`RowResult`), kept as JSON in `ImportBatch.rows` between
the upload and the commit, and the officer's decision for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from registry.importing.columns import member_field
from registry.models import ImportBatch

# A row's problems are stored as (key, parameters) and worded when shown, in the reader's language:
# the batch waits in the database, and the officer may switch language before committing.
Problem = tuple[str, dict[str, Any]]
PROBLEMS = {
    "no_name": gettext_lazy("The name is missing."),
    "bad_year": gettext_lazy("“%(year)s” is not a year of birth."),
    "unknown_country": gettext_lazy("Unknown country “%(name)s”."),
    "bad_phone": gettext_lazy("“%(phone)s” is not a valid phone number."),
    "bad_email": gettext_lazy("“%(email)s” is not a valid email address."),
    "unknown_hometown": gettext_lazy(
        "Hometown “%(name)s” is not a commune or ward of the province."
    ),
    "ambiguous_hometown": gettext_lazy(
        "Hometown “%(name)s” matches several communes: be more precise."
    ),
    "too_long": gettext_lazy(
        "%(field)s is %(length)s characters long: the registry keeps at most %(limit)s."
    ),
}

# What an officer decides for a row that may be someone already known. "same:<n>" picks the
# row's n-th candidate record.
NEW, SKIP, SAME_AS_ROW, SAME = "new", "skip", "row", "same:"
# A record is probably the person by these (`RowResult.candidates[…]["by"]`).
BY_NAME, BY_EMAIL, BY_PHONE = "name", "email", "phone"


@dataclass
class RowResult:
    """One row as checked, matched and decided; kept as JSON in `ImportBatch.rows`."""

    number: int  # as in the file, the header being row 1
    values: dict[str, Any]
    errors: list[Problem] = field(default_factory=list)
    # Records in the registry that are probably this person, and why: {"id": 12, "by": ["name"]}
    # (name means the same name, year of birth and hometown), name matches first.
    candidates: list[dict[str, Any]] = field(default_factory=list)
    duplicate_of_row: int | None = None  # the same name, year and hometown earlier in the file
    shares_with_row: int | None = None  # an earlier row with this email or phone, another name
    decision: str = ""  # NEW, SKIP, SAME_AS_ROW or SAME + candidate index; "" = undecided
    accepted: list[str] = field(default_factory=list)  # CHANGE_GROUPS taken from the list
    seen: str = ""  # `record_digest` of the chosen record when the officer accepted them
    reviewed: bool = False  # the officer has sent the page showing this row

    @property
    def messages(self) -> list[str]:
        return [problem_text(key, params) for key, params in self.errors]

    @property
    def matches(self) -> list[int]:
        return [candidate["id"] for candidate in self.candidates]

    @property
    def importable(self) -> bool:
        return not self.errors and self.duplicate_of_row is None

    @property
    def asks(self) -> bool:
        """The row offers a choice: it may be someone already in the registry or the file."""
        return self.importable and bool(self.candidates or self.shares_with_row)

    @property
    def needs_decision(self) -> bool:
        """Nothing may be assumed: a shared email or phone, or several possible records."""
        return self.asks and (
            self.shares_with_row is not None
            or len(self.candidates) > 1
            or any(BY_NAME not in candidate["by"] for candidate in self.candidates)
        )

    @property
    def undecided(self) -> bool:
        return self.importable and not self.decision

    @property
    def chosen(self) -> int | None:
        """The index of the candidate the row was decided to be, if any."""
        if self.decision.startswith(SAME):
            return int(self.decision[len(SAME) :])
        return None

    def choices(self) -> list[str]:
        """The decisions this row allows."""
        if not self.importable:
            return []
        allowed = [NEW, SKIP, *(f"{SAME}{n}" for n in range(len(self.candidates)))]
        return allowed + ([SAME_AS_ROW] if self.shares_with_row else [])

    @property
    def will_create(self) -> bool:
        return self.importable and self.decision == NEW

    @property
    def will_match(self) -> bool:
        return self.importable and self.chosen is not None


def problem_text(key: str, params: dict[str, Any]) -> str:
    """A stored problem in the reader's language."""
    if key == "too_long":
        params = {**params, "field": capfirst(str(member_field(params["field"]).verbose_name))}
    return str(PROBLEMS[key]) % params


RESULT_FIELDS = frozenset(f.name for f in fields(RowResult))


def stored_result(row: Mapping[str, Any]) -> RowResult:
    result = RowResult(**{key: value for key, value in row.items() if key in RESULT_FIELDS})
    result.errors = [(key, params) for key, params in result.errors]  # JSON made them lists
    return result


def results_of(batch: ImportBatch) -> list[RowResult]:
    return [stored_result(row) for row in batch.rows]


@dataclass(frozen=True)
class Decision:
    """What the officer chose for one row of the page they sent: `choice` (NEW, SKIP,
    SAME_AS_ROW, SAME + index), the change groups taken, and the digest of the record they saw."""

    choice: str
    accepted: tuple[str, ...] = ()
    seen: str = ""
