"""Counts shown to people who may not see names: small cells suppressed, the rest rounded.

A registry viewer sees how many members match, never who. A count can still name someone: narrow
a search to one person (Japan, near Yokohama, 45–59, manufacturing, verified) and the facets read
out that person's hometown, languages and consents. So every number a viewer sees passes through
`shown`, with the threshold `settings.REGISTRY_MIN_CELL` (k, 5 by default):

- a count under k, zero included, reads "fewer than k". Zero is hidden too: telling "none" from
  "one to four" would let a narrowing reveal whether that one person has a value;
- any other count is rounded *down* to a multiple of k and shown as the range it stands for
  ("10–14"), which is exactly what the viewer knows, never more precise than it is;
- a breakdown (facet cells, a table's rows) lists only cells of k or more; a cell under k appears
  only where the viewer chose that value (then "fewer than k", whether it is 0 or 4), and a
  total under k has no breakdown at all.

Why this defeats differencing: every number shown is 0 ("fewer than k") or a multiple of k, so
the difference of any two shown numbers (a total and a narrower total, a total and one of its
cells, two cells) is a multiple of k, never 1…k−1. Rounding is a function of the true count
alone, so a facet cell and the total of the search it leads to always read the same, and asking
again averages nothing out. Subtracting n shown cells from their total does not give the rest as
a number either: it lies in a range (n+1)·(k−1) wide. That range may leave out 0 (a total of
"10–14" and one cell of "5–9": somebody is elsewhere), but it narrows to one value under k only
when the viewer also knows the rest is under k and n+1 is a multiple of k. At k = 2 that is
the one cell of "verified": a total of "4–5" with "2–3" verified leaves exactly one member not
verified. Hence k is 3 or more (`settings.REGISTRY_MIN_CELL`).

What it does not do: with k−1 or more disjoint cells shown, each at the top of its range, and
the other values asked together as one search ("fewer than k"), the rest can come to exactly
k−1: rare, but ranges do combine. And a viewer who already knows that one person is in a group,
and tries many unions of that group with others, may see a range step up when the person is
added. No rounding of consistent answers prevents that; the audit log keeps every viewer's
search with its criteria.

Officers, who see the names anyway, get exact counts (`threshold` None).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext

K = TypeVar("K", bound=Hashable)


def threshold_for(user: Any) -> int | None:
    """The threshold the counts shown to `user` obey; None (exact) for who may see names."""
    if user.has_perm("registry.view_member"):
        return None
    return int(settings.REGISTRY_MIN_CELL)


@dataclass(frozen=True)
class ShownCount:
    """A count as it may be shown: `low` is the count itself when `base` is 1 (exact); else a
    multiple of `base`, standing for `low`…`low + base − 1`, or 0 for "fewer than `base`"."""

    low: int
    base: int = 1

    @property
    def exact(self) -> bool:
        return self.base == 1

    @property
    def suppressed(self) -> bool:
        return not self.exact and self.low == 0

    @property
    def high(self) -> int:
        return self.low + self.base - 1

    def __str__(self) -> str:
        if self.exact:
            return _grouped(self.low)
        if self.suppressed:
            return gettext("fewer than %(n)s") % {"n": self.base}
        return gettext("%(low)s–%(high)s") % {
            "low": _grouped(self.low),
            "high": _grouped(self.high),
        }


def _grouped(number: int) -> str:
    """In thousands the language's way (1.230 in Vietnamese, whose Django format groups nothing)."""
    separator = str(get_format("THOUSAND_SEPARATOR"))
    return numberformat.format(number, "", grouping=3, thousand_sep=separator, force_grouping=True)


def rounded(count: int, threshold: int) -> int:
    """The number that stands for `count`: 0 under `threshold`, else a multiple of it."""
    if threshold < 2:
        raise ValueError("a threshold of suppression is 2 or more")
    count = max(0, count)
    return 0 if count < threshold else count - count % threshold


def shown(count: int, threshold: int | None) -> ShownCount:
    """`count` as it may be shown under `threshold` (None: exactly)."""
    if threshold is None:
        return ShownCount(count)
    return ShownCount(rounded(count, threshold), threshold)


def cells(counts: Mapping[K, int], threshold: int, *, chosen: Collection[K] = ()) -> dict[K, int]:
    """The cells of a breakdown that may be shown, as rounded counts.

    Cells of `threshold` or more are kept, rounded; a chosen value is always kept (0, "fewer
    than", when its cell is small or absent), so the viewer can still remove it. A total under
    `threshold` therefore shows nothing but the chosen values, each cell being part of it.
    """
    kept = {key: rounded(count, threshold) for key, count in counts.items()}
    visible = {key: value for key, value in kept.items() if value}
    for key in chosen:
        visible.setdefault(key, 0)
    return visible


def facets(
    found: Mapping[str, Mapping[str, int]],
    threshold: int,
    *,
    chosen: Mapping[str, Collection[str]] | None = None,
) -> dict[str, dict[str, int]]:
    """Every facet of a search result through `cells`, with the values chosen per facet."""
    chosen = chosen or {}
    names = dict.fromkeys([*found, *chosen])
    return {
        name: cells(found.get(name, {}), threshold, chosen=chosen.get(name, ())) for name in names
    }
