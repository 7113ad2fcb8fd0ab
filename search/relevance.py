"""How well a member matches what an officer typed: one ranking, the same on both engines.

Each engine finds the members every word matches (a word typed whole or half, or, for a word
no record holds, a word within the allowed edits: `search.vocabulary`) and orders them roughly
by its own means; the best `WINDOW` of them are then put in this order, so that both engines
agree.

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
from functools import cached_property, lru_cache

from registry.search_words import join_places
from registry.text import as_typed_words, fold, has_marks, split_words
from search.query import RegistryQuery

# How many of its best matches each engine finds in its own order for this ranking to order
# (pages beyond follow the engine's order): two pages of the staff screen. Reading more costs
# every search (bench/search.py) for pages few read.
WINDOW = 50

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
    names = [split_words(fold(part)) for part in NAME_SEPARATORS.split(other_names or "")]
    return [name for name in names if name]


def given_name_first(full_name: str) -> list[list[str]]:
    """The name given first, as abroad: "Phạm Văn Minh" → "minh van pham" and "minh pham"."""
    own = split_words(fold(full_name))
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

    @cached_property
    def marked(self) -> list[bool]:
        """Whether each word was typed with diacritics."""
        return [has_marks(word) for word in self.typed]

    @cached_property
    def met(self) -> dict[tuple[int, str], int]:
        """`meets`' answers so far: the same words recur in record after record."""
        return {}

    def meets(self, number: int, word: str) -> int:
        """How the query's `number`-th word meets a word of the record (0: not at all)."""
        found = self.met.get((number, word))
        if found is None:
            token = self.tokens[number]
            if word == token:
                found = WHOLE
            elif word.startswith(token):
                found = BEGINNING
            elif word in self.near.get(token, {}):
                found = NEAR
            else:
                found = 0
            self.met[number, word] = found
        return found


@dataclass(frozen=True)
class Names:
    """What the ranking reads of a member's names, worked out once per pair of names (names
    repeat: a registry holds dozens of Nguyễn Văn Hùng)."""

    name: tuple[str, ...]  # folded words of the name
    others: tuple[tuple[str, ...], ...]  # of each other name
    abroad: tuple[tuple[str, ...], ...]  # of the name given first
    words: tuple[str, ...]  # of the name and the other names
    typed: tuple[tuple[str, str, bool], ...]  # each word as written, folded, with marks or not


@lru_cache(maxsize=50_000)
def names_of(full_name: str, other_names: str) -> Names:
    name = tuple(split_words(fold(full_name)))
    others = tuple(tuple(other) for other in other_names_of(other_names))
    written = as_typed_words(f"{full_name} {other_names}")
    return Names(
        name=name,
        others=others,
        abroad=tuple(tuple(form) for form in given_name_first(full_name)),
        words=(*name, *(word for other in others for word in other)),
        typed=tuple((word, fold(word), has_marks(word)) for word in written),
    )


@lru_cache(maxsize=50_000)
def record_words(search_text: str) -> tuple[str, ...]:
    """The words of a record's searched text (the same records come back page after page)."""
    return tuple(split_words(search_text))


class Ranking:
    """One candidate's place in the order (`key`, smaller first)."""

    def __init__(self, asked: Asked, candidate: Candidate) -> None:
        self.asked = asked
        self.candidate = candidate
        self.names = names_of(candidate.full_name, candidate.other_names)

    def key(self) -> tuple[object, ...]:
        asked, candidate, names = self.asked, self.candidate, self.names
        best = [
            max((asked.meets(n, word) for word in names.words), default=0)
            for n in range(len(asked.tokens))
        ]
        in_names = [n for n, found in enumerate(best) if found]
        distance = candidate.distance_km if asked.places else None
        marks, as_typed = self.marks(in_names)
        phrase, whole, edits = self.in_text
        return (
            -phrase,
            len(best) - len(in_names),  # words found only elsewhere
            -self.tier(in_names),
            -marks,
            -as_typed,
            -best.count(WHOLE),
            -whole,
            edits,
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
        names = self.names
        if not numbers:
            return 0
        if self.whole(numbers, names.name):
            return 6
        if any(self.whole(numbers, other) for other in names.others):
            return 5
        if any(self.whole(numbers, form) for form in names.abroad):
            return 4
        if len(numbers) == 1:
            given = self.given_name_found(numbers)
            return 3 if given or any(self.starts(numbers, o) for o in names.others) else 2
        if any(self.starts(numbers, name) for name in (names.name, *names.others)):
            return 3
        return 2

    def whole(self, numbers: list[int], name: tuple[str, ...]) -> bool:
        return len(numbers) == len(name) and all(
            self.asked.meets(n, word) in (WHOLE, NEAR)
            for n, word in zip(numbers, name, strict=True)
        )

    def starts(self, numbers: list[int], name: tuple[str, ...]) -> bool:
        return len(numbers) <= len(name) and all(
            self.asked.meets(n, word) for n, word in zip(numbers, name, strict=False)
        )

    def marks(self, numbers: list[int]) -> tuple[int, int]:
        """Words typed with diacritics: +1 each matching a name's word exactly, −1 each
        matching only a word written with other marks (a word written without any: 0). Then,
        when some word was typed with marks (the officer types them), how many words are as
        typed, those typed without marks included: "Trần Văn Dung" means Dung, not Dũng."""
        asked = self.asked
        if not any(asked.marked[n] for n in numbers):
            return 0, 0
        score = as_typed = 0
        for n in numbers:
            typed = asked.typed[n]
            meant = [
                (word, marked)
                for word, folded, marked in self.names.typed
                if asked.meets(n, folded) in (WHOLE, BEGINNING)
            ]
            exact = any(word.startswith(typed) for word, _marked in meant)
            as_typed += exact
            if not asked.marked[n]:
                continue
            if exact:
                score += 1
            elif any(marked for _word, marked in meant):
                score -= 1
        return score, as_typed

    @cached_property
    def in_text(self) -> tuple[int, int, int]:
        """What one pass over the record's words finds: the most words of the query, two or
        more, whole and in a row ("y ta": the occupation, not a Tạ Thị Yến; 0 for none); how
        many words of the query are whole words of the record, names or not ("y ta" is two
        words, not two beginnings); and the edits of the mistyped words, each to the closest
        word of the record."""
        asked = self.asked
        whole, near = asked.whole, asked.near
        run = 0
        seen: set[int] = set()
        previous: dict[int, int] = {}  # query word number → run ending at the last text word
        closest: dict[str, int] = {}
        for word in record_words(self.candidate.search_text):
            numbers = whole.get(word)
            if not numbers:
                previous = {}
                continue
            current = {n: previous.get(n - 1, 0) + 1 for n in numbers}
            run = max(run, *current.values())
            previous = current
            seen.update(numbers)
            for n in numbers:
                token = asked.tokens[n]
                edits = near.get(token, {}).get(word)
                if edits is not None and edits < closest.get(token, edits + 1):
                    closest[token] = edits
        return (run if run >= 2 else 0), len(seen), sum(closest.values())

    def given_name_found(self, numbers: list[int]) -> bool:
        name = self.names.name
        return bool(name) and any(self.asked.meets(n, name[-1]) in (WHOLE, NEAR) for n in numbers)


def ranked(
    query: RegistryQuery,
    candidates: Iterable[Candidate],
    near: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Candidate]:
    """`candidates` in the order of relevance to `query`."""
    asked = Asked.of(query, near or {})
    return sorted(candidates, key=lambda candidate: Ranking(asked, candidate).key())
