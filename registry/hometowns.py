"""Find a hometown by what a member types: a current ward or a pre-2025 commune.

People remember "xã Thạch Đài, huyện Thạch Hà" and type it on a phone, often without tone marks.
Matching is on folded text (no diacritics, đ → d), word by word: each word typed starts a word
of the unit's name or of its old district ("son" finds Sơn Kim, not Phường Sông Trí).

What people mean comes first: a unit whose own name is what was typed (the kind, xã, phường,
thị trấn, left out; the old district may follow it), then names that start with it, then names
that hold it, and only then the communes whose old district matched. Within each, marks that
agree with those typed and the kind typed come first, then names in alphabetical order, today's
ward before the pre-2025 commune of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from registry.models import LegacyCommune, Ward
from registry.text import fold, nfc

MAX_QUERY_LENGTH = 100
# Folded words that name the kind of unit, longest first: they start a unit's name.
UNIT_KINDS = (("thi", "tran"), ("dac", "khu"), ("phuong",), ("xa",))
DISTRICT_KINDS = (("thanh", "pho"), ("thi", "xa"), ("huyen",), ("quan",))


@dataclass(frozen=True)
class HometownMatch:
    ward: Ward  # where the hometown is today
    legacy_commune: LegacyCommune | None  # the old name the member recognised, if any

    @property
    def label(self) -> str:
        if self.legacy_commune is None:
            return f"{self.ward.name}, {self.ward.province_name}"
        return f"{self.legacy_commune} → {self.ward.name}"


@dataclass(frozen=True)
class HometownSearch:
    matches: list[HometownMatch]  # the best, at most `limit`
    more: int  # how many others matched


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _without_kind(words: list[str], kinds: tuple[tuple[str, ...], ...]) -> tuple[str, list[str]]:
    """ "xa thach dai" → ("xa", ["thach", "dai"]); a kind alone is kept as the name."""
    for kind in kinds:
        if tuple(words[: len(kind)]) == kind and len(words) > len(kind):
            return " ".join(kind), words[len(kind) :]
    return "", words


def _holds(words: list[str], part: list[str]) -> bool:
    """Whether `part` appears in `words` as consecutive words, its last one possibly cut short."""
    size = len(part)
    return any(
        words[i : i + size - 1] == part[:-1] and words[i + size - 1].startswith(part[-1])
        for i in range(len(words) - size + 1)
    )


@dataclass(frozen=True)
class _Typed:
    kind: str  # "xa", "phuong"… when the person typed one
    words: list[str]  # folded, without the kind
    marked: str  # as typed, lower case, words only: "thạch hà"


def _rank(match: HometownMatch, typed: _Typed) -> tuple[object, ...]:
    unit = match.legacy_commune or match.ward
    kind, own = _without_kind(_words(fold(unit.name)), UNIT_KINDS)
    district = _words(fold(match.legacy_commune.district_name)) if match.legacy_commune else []
    _district_kind, district_bare = _without_kind(district, DISTRICT_KINDS)
    words = typed.words
    if words in (own, own + district, own + district_bare):
        tier = 0  # its own name (and old district)
    elif " ".join(own).startswith(" ".join(words)):
        tier = 1  # its own name starts with what was typed
    elif _holds(own, words):
        tier = 2
    elif all(_holds(own, [word]) for word in words):
        tier = 3
    elif _holds(own + district, words):
        tier = 4  # the old district, as typed
    else:
        tier = 5
    text = " ".join(_words(nfc(str(unit)).lower()))
    marks_agree = bool(typed.marked) and f" {typed.marked}" in f" {text}"
    return (
        tier,
        not marks_agree,
        typed.kind != "" and kind != typed.kind,
        district if tier >= 4 else [],
        own,
        match.legacy_commune is not None,
        district,
    )


def search_hometowns(text: str, province_code: str, limit: int = 20) -> HometownSearch:
    """Current wards and pre-2025 communes of the province whose name (or old district) holds
    every word typed, best first; two queries whatever the number of matches."""
    typed_text = nfc(text)[:MAX_QUERY_LENGTH]
    kind, words = _without_kind(_words(fold(typed_text)), UNIT_KINDS)
    if len("".join(words)) < 2:
        return HometownSearch([], 0)
    typed = _Typed(kind, words, " ".join(_words(typed_text.lower())))
    wards = Ward.objects.filter(province_code=province_code)
    communes = LegacyCommune.objects.filter(ward__province_code=province_code).select_related(
        "ward"
    )
    for word in words:
        starts = Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
        wards = wards.filter(starts)
        communes = communes.filter(starts)
    matches = [HometownMatch(ward, None) for ward in wards]
    matches += [HometownMatch(commune.ward, commune) for commune in communes]
    matches.sort(key=lambda match: _rank(match, typed))
    return HometownSearch(matches[:limit], max(len(matches) - limit, 0))


def find_hometowns(text: str, province_code: str, limit: int = 20) -> list[HometownMatch]:
    return search_hometowns(text, province_code, limit).matches
