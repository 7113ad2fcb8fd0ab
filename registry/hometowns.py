"""Find a hometown by what a member types: a current ward or a pre-2025 commune.

People remember "xã Thạch Đài, huyện Thạch Hà" and type it on a phone, often without tone marks.
Matching is on folded text (no diacritics, đ → d); a match whose diacritics agree with what was
typed ranks first, then names that start with the query, then the rest alphabetically; words
typed together ("thach ha") outrank the same words found apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import LegacyCommune, Ward
from registry.text import fold, nfc

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class HometownMatch:
    ward: Ward  # where the hometown is today
    legacy_commune: LegacyCommune | None  # the old name the member recognised, if any

    @property
    def label(self) -> str:
        if self.legacy_commune is None:
            return f"{self.ward.name}, {self.ward.province_name}"
        return f"{self.legacy_commune} → {self.ward.name}"


def _rank(name: str, typed: str, folded: str) -> tuple[int, int, int, str]:
    """Words typed together first, then diacritics as typed, then names starting with them."""
    phrase = 0 if folded in fold(name) else 1
    exact = 0 if typed.lower() in name.lower() else 1
    prefix = 0 if fold(name).startswith(folded) else 1
    return (phrase, exact, prefix, fold(name))


def find_hometowns(text: str, province_code: str, limit: int = 20) -> list[HometownMatch]:
    """Current wards and pre-2025 communes of the province whose name contains every word typed."""
    typed = nfc(text)[:MAX_QUERY_LENGTH].strip()
    folded = fold(typed)
    if len(folded) < 2:
        return []
    words = folded.split()
    wards = Ward.objects.filter(province_code=province_code)
    communes = LegacyCommune.objects.filter(ward__province_code=province_code).select_related(
        "ward"
    )
    for word in words:
        wards = wards.filter(search_name__contains=word)
        communes = communes.filter(search_name__contains=word)
    matches = [HometownMatch(ward, None) for ward in wards[: limit * 2]]
    matches += [HometownMatch(c.ward, c) for c in communes[: limit * 2]]
    matches.sort(key=lambda m: _rank(str(m.legacy_commune or m.ward.name), typed, folded))
    return matches[:limit]
