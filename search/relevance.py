"""How well a member matches what an officer typed: one ranking, the same on both engines.

Each engine finds the members every word matches (a word typed whole or half, or, for a word
no record holds, a word within the allowed edits: `search.vocabulary`) and orders them roughly
by its own means; the best of them (`WINDOW` on Elasticsearch, every match up to `RANK_ALL` on
the database, else the first `WINDOW`) are then put in this order, so that both engines agree.

From first to last (`Ranking.key`):
1. the most words typed found whole and in a row in the record, when two or more are ("y ta"
   is the nurse, not Tạ Thị Yến); then fewer words found only outside the names (occupation,
   organisation, skills, where the member lives): "le van k" puts Lê Văn Khánh above Lê Văn
   An, kỹ sư;
2. how the words meet a name: the whole name ("Lê Thị Mai" before "Lê Thị Mai Anh"), then the
   whole of another name (other names, and the name given first as abroad: "Minh Pham" is
   Phạm Văn Minh), then a name starting with the words, then the words anywhere in the names;
3. diacritics, word by word: a word typed with marks matching the name's word exactly counts
   for, one matching only without them (a wrong tone mark) against, a word typed without marks
   for nothing ("Trần Van Dũng" puts Dũng above Dung). Tone placement is normalised on both
   sides first (Thuý is Thúy, Hoà is Hòa; Thùy stays Thùy);
4. more words matched whole than by their beginning, fewer edits for mistyped words, and a
   given name matched (an officer typing one name most often means the given name);
5. with a city asked, the nearest first; then verified records; then the name, and only
   then the record's id (two records of one name, neither nearer nor verified).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from registry.search_words import join_places
from registry.text import as_typed_words, fold, has_marks
from search.query import RegistryQuery
from search.vocabulary import words

# Elasticsearch reranks this many of its best hits; the database reranks every match up to
# RANK_ALL, else its first WINDOW in its own order (pages beyond follow that order).
WINDOW = 100
RANK_ALL = 500

# How other names are separated when a member has several.
NAME_SEPARATORS = re.compile(r"[,;/|]|\bor\b|\bhoặc\b")

# How a word of the query meets a word of the record.
WHOLE, BEGINNING, NEAR = 3, 2, 1


@dataclass(frozen=True)
class Candidate:
    """What the ranking reads of a member, from either engine."""

    pk: int
    full_name: str
    other_names: str
    search_text: str
    sort_name: str
    verified: bool
    distance_km: float | None = None


def other_names_of(other_names: str) -> list[list[str]]:
    """Each of a member's other names, as folded words."""
    names = [words(fold(part)) for part in NAME_SEPARATORS.split(other_names or "")]
    return [name for name in names if name]


def given_name_first(full_name: str) -> list[list[str]]:
    """The name given first, as abroad: "Phạm Văn Minh" → "minh van pham" and "minh pham"."""
    own = words(fold(full_name))
    if len(own) < 2:
        return []
    forms = [[own[-1], *own[1:-1], own[0]]]
    return forms + [[own[-1], own[0]]] if len(own) > 2 else forms


def alternative_names(full_name: str, other_names: str) -> list[list[str]]:
    """A member's other names and their name given first, as folded words."""
    return other_names_of(other_names) + given_name_first(full_name)


@dataclass
class Asked:
    """The query's words, as folded and as typed, and the near misses its engine took."""

    tokens: list[str]
    typed: list[str]
    near: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # word → {meant: edits}
    places: bool = False

    @classmethod
    def of(cls, query: RegistryQuery, near: Mapping[str, Mapping[str, int]]) -> Asked:
        tokens = query.tokens
        typed = join_places(as_typed_words(query.text))[: len(tokens)]
        if [fold(word) for word in typed] != tokens:  # split differently: marks count for none
            typed = tokens
        return cls(tokens, typed, near, bool(query.places))

    @cached_property
    def whole(self) -> dict[str, list[int]]:
        """Each word of a record the query's words meet whole (or nearly): their numbers."""
        found: dict[str, list[int]] = {}
        for number, token in enumerate(self.tokens):
            for word in (token, *self.near.get(token, {})):
                found.setdefault(word, []).append(number)
        return found

    def meets(self, number: int, word: str) -> int:
        """How the query's `number`-th word meets a word of the record (0: not at all)."""
        token = self.tokens[number]
        if word == token:
            return WHOLE
        if word.startswith(token):
            return BEGINNING
        if word in self.near.get(token, {}):
            return NEAR
        return 0


class Ranking:
    """One candidate's place in the order (`key`, smaller first)."""

    def __init__(self, asked: Asked, candidate: Candidate) -> None:
        self.asked = asked
        self.candidate = candidate

    @cached_property
    def name(self) -> list[str]:
        return words(fold(self.candidate.full_name))

    @cached_property
    def others(self) -> list[list[str]]:
        return other_names_of(self.candidate.other_names)

    @cached_property
    def abroad(self) -> list[list[str]]:
        return given_name_first(self.candidate.full_name)

    @cached_property
    def name_words(self) -> list[str]:
        return [*self.name, *(word for other in self.others for word in other)]

    @cached_property
    def alternatives(self) -> list[list[str]]:
        return self.others + self.abroad

    @cached_property
    def text_words(self) -> set[str]:
        """The words of the whole searched text (names or not)."""
        return set(self.text)

    def best(self, number: int, among: Iterable[str]) -> int:
        return max((self.asked.meets(number, word) for word in among), default=0)

    def key(self) -> tuple[object, ...]:
        asked, candidate = self.asked, self.candidate
        in_names = [n for n in range(len(asked.tokens)) if self.best(n, self.name_words)]
        elsewhere = len(asked.tokens) - len(in_names)
        found = [self.best(n, self.name_words) for n in in_names]
        distance = candidate.distance_km if asked.places else None
        marks, as_typed = self.marks(in_names)
        return (
            -self.phrase(),
            elsewhere,
            -self.tier(in_names),
            -marks,
            -as_typed,
            -found.count(WHOLE),
            -self.whole_words(),
            self.edits(),
            not self.given_name_found(in_names),
            distance is None,
            distance or 0.0,
            not candidate.verified,
            candidate.sort_name,
            candidate.pk,
        )

    def tier(self, numbers: list[int]) -> int:
        """6: the whole name; 5: the whole of another name; 4: the whole name given first; 3:
        the name or another name starting with the words; 2: the words anywhere in the names;
        0: no word in a name. One word alone is taken for a given name (as people are called):
        3 when it is the given name (or starts another name), 2 when it only starts the name."""
        if not numbers:
            return 0
        if self.whole(numbers, self.name):
            return 6
        if any(self.whole(numbers, other) for other in self.others):
            return 5
        if any(self.whole(numbers, form) for form in self.abroad):
            return 4
        if len(numbers) == 1:
            given = self.given_name_found(numbers)
            return 3 if given or any(self.starts(numbers, o) for o in self.others) else 2
        if any(self.starts(numbers, name) for name in (self.name, *self.others)):
            return 3
        return 2

    def whole(self, numbers: list[int], name: list[str]) -> bool:
        return len(numbers) == len(name) and all(
            self.asked.meets(n, word) in (WHOLE, NEAR)
            for n, word in zip(numbers, name, strict=True)
        )

    def starts(self, numbers: list[int], name: list[str]) -> bool:
        return len(numbers) <= len(name) and all(
            self.asked.meets(n, word) for n, word in zip(numbers, name, strict=False)
        )

    def marks(self, numbers: list[int]) -> tuple[int, int]:
        """Words typed with diacritics: +1 each matching a name's word exactly, −1 each
        matching only a word written with other marks (a word written without any: 0). Then,
        when some word was typed with marks (the officer types them), how many words are as
        typed, those typed without marks included: "Trần Văn Dung" means Dung, not Dũng."""
        typed_marks = [n for n in numbers if has_marks(self.asked.typed[n])]
        if not typed_marks:
            return 0, 0
        names = as_typed_words(f"{self.candidate.full_name} {self.candidate.other_names}")
        score = as_typed = 0
        for n in numbers:
            typed = self.asked.typed[n]
            meant = [w for w in names if self.asked.meets(n, fold(w)) in (WHOLE, BEGINNING)]
            exact = any(w.startswith(typed) for w in meant)
            as_typed += exact
            if n not in typed_marks:
                continue
            if exact:
                score += 1
            elif any(has_marks(w) for w in meant):
                score -= 1
        return score, as_typed

    @cached_property
    def text(self) -> list[str]:
        return words(self.candidate.search_text)

    def phrase(self) -> int:
        """The most words of the query, two or more, found whole and in a row in the record
        ("y ta": the occupation, not a Tạ Thị Yến); 0 for none."""
        whole = self.asked.whole
        best = 0
        previous: dict[int, int] = {}  # query word number → run ending at the last text word
        for word in self.text:
            current = {n: previous.get(n - 1, 0) + 1 for n in whole.get(word, ())}
            best = max(best, *current.values(), 0)
            previous = current
        return best if best >= 2 else 0

    def whole_words(self) -> int:
        """How many words of the query are whole words of the record (names or not): "y ta"
        is an occupation of two words, not two words' beginnings."""
        return sum(token in self.text_words for token in self.asked.tokens)

    def edits(self) -> int:
        """The edits of the mistyped words, each to the closest word of the record."""
        total = 0
        for meant in self.asked.near.values():
            found = [edits for word, edits in meant.items() if word in self.text_words]
            total += min(found, default=0)
        return total

    def given_name_found(self, numbers: list[int]) -> bool:
        return bool(self.name) and any(
            self.asked.meets(n, self.name[-1]) in (WHOLE, NEAR) for n in numbers
        )


def ranked(
    query: RegistryQuery,
    candidates: Iterable[Candidate],
    near: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Candidate]:
    """`candidates` in the order of relevance to `query`."""
    asked = Asked.of(query, near or {})
    return sorted(candidates, key=lambda candidate: Ranking(asked, candidate).key())
