"""What judgments are made of: a graded query (`Judgment`), ordering constraints (`Order`), and
selectors over the people of the synthetic registry, by meaning (name, city, what the
occupation is).

Grades: 3 the person meant, 2 very plausible, 1 acceptable, 0 (unlisted) not what was asked.
An ordering constraint holds when every person `before` selects ranks above every person
`after` selects that the engine shows at all (someone shown who should come later, while the
one who should come first is missing, breaks it too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from registry.text import fold
from tests.search.relevance.corpus import CITIES, Person, distance_km

Rule = Callable[[Person], int]
Select = Callable[[Person], bool]


@dataclass(frozen=True)
class Order:
    before: Select
    after: Select
    why: str


@dataclass(frozen=True)
class Judgment:
    text: str
    classes: tuple[int, ...]
    grade: Rule
    near: str = ""  # a key of corpus.CITIES: the place chosen beside the text box
    radius_km: float | None = None
    orders: tuple[Order, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def label(self) -> str:
        where = f" @{self.near}" + (f"<{self.radius_km:g}km" if self.radius_km else "")
        return f"{self.text}{where if self.near else ''}"


# --- Selectors -----------------------------------------------------------------------------------


# Every key a judgment names (`keys`): the set's own tests check each is in the corpus, since a
# misspelt key would select nobody and quietly make a constraint hold.
NAMED_KEYS: set[str] = set()


def keys(*names: str) -> Select:
    NAMED_KEYS.update(names)
    return lambda p: p.key in names


def named(name: str) -> Select:
    """The full name, exactly as stored (diacritics and their placement included)."""
    return lambda p: p.full_name == name


def folded(name: str) -> Select:
    """The full name, folded (no marks): what an officer typing without them may mean."""
    target = fold(name)
    return lambda p: p.folded == target


def given(*names: str) -> Select:
    """The last word of the name, folded."""
    return lambda p: p.given in names


def surname(name: str) -> Select:
    return lambda p: p.surname == name


def in_city(*cities: str) -> Select:
    return lambda p: p.city in cities


def in_country(code: str) -> Select:
    return lambda p: p.country == code


def kind(name: str) -> Select:
    return lambda p: p.kind == name


def farther(city: str, km: float) -> Select:
    return lambda p: distance_km(CITIES[p.city], CITIES[city]) > km


def name_word(prefix: str) -> Select:
    """A word of the full name starts with `prefix` (folded)."""
    return lambda p: any(w.startswith(prefix) for w in p.words)


def both(*selects: Select) -> Select:
    return lambda p: all(s(p) for s in selects)


def either(*selects: Select) -> Select:
    return lambda p: any(s(p) for s in selects)


def graded(*levels: tuple[int, Select]) -> Rule:
    """The first level whose selector holds (list the highest first), else 0."""

    def rule(person: Person) -> int:
        return next((grade for grade, select in levels if select(person)), 0)

    return rule


def before(first: Select, then: Select, why: str) -> Order:
    return Order(first, then, why)


# --- Shared selectors -----------------------------------------------------------------------------

NVH = folded("Nguyễn Văn Hùng")  # Hùng and Hưng alike
NVH_EXACT = named("Nguyễn Văn Hùng")
LTM, LTMA = named("Lê Thị Mai"), named("Lê Thị Mai Anh")
TVD = folded("Trần Văn Dũng")
ENGINEER, NURSE, PHARMACIST = kind("engineer"), kind("nurse"), kind("pharmacist")
DOCTOR, TEACHER = kind("doctor"), kind("teacher")
