"""Graded queries over the synthetic registry (`corpus`), written from what an officer means.

Grades: 3 the person meant, 2 very plausible, 1 acceptable, 0 (unlisted) not what was asked.
A grade is a rule over a `Person` (name, city, what the occupation is), never a list of what an
engine returned. Each query names the classes of issue 18 it exercises, and may hold ordering
constraints (`Order`): every person `before` selects ranks above every person `after` selects
that the engine shows at all (someone shown who should come later, while the one who should
come first is missing, breaks it too).
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


def keys(*names: str) -> Select:
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


# --- The queries ---------------------------------------------------------------------------------

NVH = folded("Nguyễn Văn Hùng")  # Hùng and Hưng alike
NVH_EXACT = named("Nguyễn Văn Hùng")
LTM, LTMA = named("Lê Thị Mai"), named("Lê Thị Mai Anh")
TVD = folded("Trần Văn Dũng")
ENGINEER, NURSE, PHARMACIST = kind("engineer"), kind("nurse"), kind("pharmacist")
DOCTOR, TEACHER = kind("doctor"), kind("teacher")

PLACES_IN_TEXT = [
    Judgment("lan nagoya", (1,), graded((3, both(given("lan"), in_city("Nagoya"))), (2, both(name_word("lan"), in_city("Nagoya")))),
             orders=(before(keys("lan_nagoya"), keys("nail_nagoya"), "name above organisation"),)),
    Judgment("pham van duc lyon", (1,), graded((3, keys("pvd_lyon")), (1, folded("Phạm Văn Đức")))),
    Judgment("duoc si hamburg", (1, 10), graded((3, both(PHARMACIST, in_city("Hamburg"))), (1, PHARMACIST))),
    Judgment("hung praha", (1,), graded((3, both(given("hung"), in_city("Prague"))), (1, both(name_word("hung"), in_city("Prague")))),
             note="Praha is the local form; some of these people stored Prague"),
    Judgment("nguyen van hung prague", (1,), graded((3, both(NVH, in_city("Prague"))), (1, NVH)),
             note="the English form; one of the two stored Praha"),
    Judgment("mai nhat ban", (1,), graded((3, both(given("mai"), in_country("JP"))), (2, both(name_word("mai"), in_country("JP"))))),
    Judgment("thu warszawa", (1,), graded((3, both(given("thu"), in_city("Warsaw"))), (1, both(name_word("thu"), in_city("Warsaw"))))),
    Judgment("nguyen van hung nagoya", (1,), graded((3, both(NVH, in_city("Nagoya"))), (1, NVH))),
    Judgment("tran van dung germany", (1,), graded((3, both(TVD, in_country("DE"))), (1, TVD))),
    Judgment("le thi mai han quoc", (1,), graded((3, both(LTM, in_country("KR"))), (1, both(LTMA, in_country("KR"))))),
    Judgment("linh munich", (1,), graded((3, both(given("linh"), in_city("Munich")))),
             note="she stored München"),
    Judgment("nguyen van hung matxcova", (1,), graded((3, both(NVH, in_city("Moscow"))), (1, NVH)),
             note="Matxcơva, the Vietnamese form of Moscow (stored Moskva or Moscow)"),
]  # fmt: skip

TYPOS = [
    Judgment("pahm van duc", (2,), graded((3, folded("Phạm Văn Đức")))),
    Judgment("nguyen thi huogn", (2, 3), graded((3, folded("Nguyễn Thị Hương"))),
             orders=(before(folded("Nguyễn Thị Hương"), keys("ntu_huong"), "thi is not a typo of thu"),)),
    Judgment("le van nagm", (2,), graded((3, folded("Lê Văn Nam")))),
    Judgment("hoagn van nam", (2,), graded((3, folded("Hoàng Văn Nam")))),
    Judgment("vo thanh tmam", (2,), graded((3, folded("Võ Thanh Tâm")))),
    Judgment("nguyen thi thuy duogn", (2,), graded((3, folded("Nguyễn Thị Thùy Dương")))),
    Judgment("ngyuen van an", (2,), graded((3, folded("Nguyễn Văn An")), (1, folded("Nguyễn Văn Anh")))),
    Judgment("lan nagoay", (1, 2), graded((3, both(given("lan"), in_city("Nagoya"))), (2, both(name_word("lan"), in_city("Nagoya"))))),
    Judgment("tran van dnug berlin", (1, 2), graded((3, both(TVD, in_city("Berlin"))), (1, TVD))),
    Judgment("phma minh tri", (2,), graded((3, folded("Phạm Minh Trí")))),
    Judgment("nguyen van hugn osaka", (1, 2), graded((3, both(NVH, in_city("Osaka"))), (1, NVH))),
]  # fmt: skip

ONLY_THE_TYPO_IS_FUZZY = [
    Judgment("pahm thi thu", (2, 3), graded((3, folded("Phạm Thị Thu"))),
             orders=(before(folded("Phạm Thị Thu"), keys("pham_thu_ha"), "thi must not match thu"),)),
    Judgment("le thi mia", (2, 3), graded((3, LTM)),
             orders=(before(LTM, keys("le_thu_mai"), "thi must not match thu"),)),
    Judgment("tran thi anh nagoay", (1, 2, 3), graded((3, keys("tta_nagoya")), (1, folded("Trần Thị Anh"))),
             orders=(before(keys("tta_nagoya"), keys("ttua_nagoya"), "thi must not match thu"),)),
    Judgment("nguyen thi huogn leipzig", (1, 2, 3), graded((3, keys("nth_huong"))),
             orders=(before(keys("nth_huong"), keys("ntu_huong"), "thi must not match thu"),)),
]  # fmt: skip

DIACRITICS = [
    Judgment("Trần Van Dũng", (4,), graded((3, named("Trần Văn Dũng")), (1, named("Trần Văn Dung"))),
             orders=(before(named("Trần Văn Dũng"), named("Trần Văn Dung"), "Dũng typed with its mark"),)),
    Judgment("Trần Văn Dung", (4,), graded((3, named("Trần Văn Dung")), (1, named("Trần Văn Dũng"))),
             note="Dung has no mark: neutral by the rule, but every other word is typed with marks"),
    Judgment("tran van dung", (4,), graded((3, TVD))),
    Judgment("Nguyen Thi Thư", (4,), graded((3, named("Nguyễn Thị Thư")), (1, named("Nguyễn Thị Thu"))),
             orders=(before(named("Nguyễn Thị Thư"), named("Nguyễn Thị Thu"), "Thư typed with its mark"),)),
    Judgment("Nguyễn Thị Thu", (4,), graded((3, named("Nguyễn Thị Thu")), (2, named("Nguyễn Thị Thư"))),
             note="Thu typed without marks is neutral: Thư is not ordered below it"),
    Judgment("Le Thi Ánh", (4,), graded((3, named("Lê Thị Ánh")), (1, named("Lê Thị Anh"))),
             orders=(before(named("Lê Thị Ánh"), named("Lê Thị Anh"), "Ánh typed with its mark"),)),
    Judgment("Nguyễn Văn Hưng", (4,), graded((3, named("Nguyễn Văn Hưng")), (1, NVH_EXACT)),
             orders=(before(named("Nguyễn Văn Hưng"), NVH_EXACT, "ư is not ù"),)),
    Judgment("nguyen van Hùng", (4,), graded((3, NVH_EXACT), (1, named("Nguyễn Văn Hưng"))),
             orders=(before(NVH_EXACT, named("Nguyễn Văn Hưng"), "Hùng typed with its mark"),)),
    Judgment("Nguyễn Văn An", (4, 6), graded((3, named("Nguyễn Văn An")), (2, named("Nguyễn Văn Ân")), (1, named("Nguyễn Văn Anh"))),
             orders=(before(named("Nguyễn Văn An"), named("Nguyễn Văn Anh"), "whole name above a longer word"),
                     before(named("Nguyễn Văn Ân"), named("Nguyễn Văn Anh"), "whole name (folded) above a longer word"))),
]  # fmt: skip

TONE_PLACEMENT = [
    Judgment("Võ Thị Thúy", (4, 5), graded((3, keys("thuy_acute", "thuy_old")), (1, keys("thuy_grave", "thuy_hook"))),
             orders=(before(keys("thuy_acute", "thuy_old"), keys("thuy_grave", "thuy_hook"), "Thuý is Thúy; Thùy, Thủy are not"),)),
    Judgment("Võ Thị Thuý", (4, 5), graded((3, keys("thuy_acute", "thuy_old")), (1, keys("thuy_grave", "thuy_hook"))),
             orders=(before(keys("thuy_acute", "thuy_old"), keys("thuy_grave", "thuy_hook"), "Thúy is Thuý"),)),
    Judgment("Võ Thị Thùy", (4, 5), graded((3, keys("thuy_grave")), (1, keys("thuy_acute", "thuy_old", "thuy_hook"))),
             orders=(before(keys("thuy_grave"), keys("thuy_acute", "thuy_old", "thuy_hook"), "Thùy stays apart from Thúy"),)),
    Judgment("vo thi thuy", (5,), graded((3, keys("thuy_acute", "thuy_old", "thuy_grave", "thuy_hook")))),
    Judgment("Lê Thanh Thủy", (4, 5), graded((3, keys("ltt_hook_old")), (1, keys("ltt_acute"))),
             orders=(before(keys("ltt_hook_old"), keys("ltt_acute"), "Thuỷ is Thủy, not Thúy"),)),
    Judgment("Nguyễn Thị Hoà", (4, 5), graded((3, keys("hoa_new", "hoa_old")), (1, keys("hoa_plain"))),
             orders=(before(keys("hoa_new", "hoa_old"), keys("hoa_plain"), "Hòa is Hoà; Hoa only folded"),)),
    Judgment("Nguyễn Thị Hòa", (4, 5), graded((3, keys("hoa_new", "hoa_old")), (1, keys("hoa_plain"))),
             orders=(before(keys("hoa_new", "hoa_old"), keys("hoa_plain"), "Hoà is Hòa; Hoa only folded"),)),
]  # fmt: skip

WHOLE_NAME_FIRST = [
    Judgment("Lê Thị Mai", (6,), graded((3, LTM), (1, LTMA)),
             orders=(before(LTM, LTMA, "whole name above a longer name"),)),
    Judgment("le thi mai", (6,), graded((3, LTM), (1, LTMA)),
             orders=(before(LTM, LTMA, "whole name above a longer name"),)),
    Judgment("Lê Thị Mai Anh", (6,), graded((3, LTMA))),
    Judgment("nguyen van an", (6,), graded((3, folded("Nguyễn Văn An")), (1, folded("Nguyễn Văn Anh"))),
             orders=(before(folded("Nguyễn Văn An"), folded("Nguyễn Văn Anh"), "whole name above a longer word"),)),
    Judgment("Anna Nguyen", (6, 8), graded((3, keys("anna_nguyen")))),
    Judgment("tran hoa", (6,), graded((3, both(surname("tran"), given("hoa"))), (1, both(surname("tran"), name_word("hoa")))),
             orders=(before(both(surname("tran"), name_word("hoa")), keys("tran_hoasen"), "name above organisation"),)),
    Judgment("nguyen lan", (6,), graded((3, both(surname("nguyen"), given("lan"))), (2, both(surname("nguyen"), name_word("lan")))),
             orders=(before(both(surname("nguyen"), given("lan")), keys("nail_nagoya"), "name above organisation"),)),
    Judgment("vo thi thu", (6, 7), graded((3, folded("Võ Thị Thu")), (2, both(surname("vo"), name_word("thu")))),
             orders=(before(folded("Võ Thị Thu"), keys("thuy_acute", "thuy_old", "thuy_grave", "thuy_hook"), "whole name above a longer word"),),
             note="Thủy, Thúy, Thùy start with thu: below the whole name"),
]  # fmt: skip

PREFIX = both(surname("pham"), lambda p: p.words[1:3] == ["minh", p.words[2]] and p.words[2].startswith("tr"))
K_WORD = both(surname("le"), lambda p: p.words[1] == "van" and any(w.startswith("k") for w in p.words[2:]))
NG_WORD = both(surname("hoang"), lambda p: p.words[1] == "minh" and any(w.startswith("ng") for w in p.words[2:]))
PH_WORD = both(surname("dang"), lambda p: p.words[1] == "van" and any(w.startswith("ph") for w in p.words[2:]))

HALF_TYPED = [
    Judgment("Phạm Minh Tr", (7,), graded((3, PREFIX)),
             orders=(before(PREFIX, keys("pm_truong", "pm_troly"), "a name word above an occupation word"),)),
    Judgment("le van k", (7,), graded((3, K_WORD)),
             orders=(before(K_WORD, keys("lv_kysu", "lv_kinhdoanh"), "a name word above kỹ sư, kinh doanh"),)),
    Judgment("hoang minh ng", (7,), graded((3, NG_WORD)),
             orders=(before(NG_WORD, keys("hm_bank"), "a name word above an organisation word"),)),
    Judgment("dang van ph", (7,), graded((3, PH_WORD)),
             orders=(before(PH_WORD, keys("dv_pho"), "a name word above an organisation word"),)),
    Judgment("pham minh tri", (7,), graded((3, folded("Phạm Minh Trí")), (1, PREFIX))),
]  # fmt: skip

HOST_ORDER = [
    Judgment("Minh Pham", (8,), graded((3, keys("minh_pham")), (2, both(surname("pham"), given("minh"))), (1, both(surname("pham"), name_word("minh"))))),
    Judgment("Minh Van Pham", (8,), graded((3, either(folded("Phạm Văn Minh"), keys("minh_van_pham"))), (2, keys("minh_pham")))),
    Judgment("Hung Nguyen", (8,), graded((3, keys("nvh_houston")), (2, both(surname("nguyen"), given("hung"))))),
    Judgment("thuy tran", (8,), graded((3, keys("thuy_tran")), (2, both(surname("tran"), given("thuy"))))),
    Judgment("tony le", (8,), graded((3, keys("tony_le")))),
    Judgment("linh muller", (8,), graded((3, keys("linh_muller")))),
    Judgment("suzuki", (8,), graded((3, keys("hang_suzuki")))),
    Judgment("sophie dang", (8,), graded((3, keys("sophie_dang")))),
]  # fmt: skip

NEAR = [
    Judgment("nguyen van hung", (9,), graded((3, both(NVH, in_city("Nagoya"))), (2, both(NVH, in_city("Gifu", "Toyota"))), (1, NVH)), near="Nagoya",
             orders=(before(both(NVH, in_city("Nagoya")), both(NVH, in_city("Gifu", "Toyota")), "nearest first"),
                     before(both(NVH, in_city("Gifu", "Toyota")), both(NVH, farther("Nagoya", 100)), "nearest first"))),
    Judgment("Nguyễn Văn Hùng", (9,), graded((3, both(NVH_EXACT, in_city("Prague"))), (2, both(NVH_EXACT, in_city("Brno"))), (1, NVH_EXACT)), near="Prague",
             orders=(before(both(NVH_EXACT, in_city("Prague")), both(NVH_EXACT, in_city("Brno")), "nearest first"),
                     before(both(NVH_EXACT, in_city("Brno")), both(NVH_EXACT, farther("Prague", 300)), "nearest first"))),
    Judgment("tran van dung", (9,), graded((3, both(TVD, in_city("Berlin"))), (2, both(TVD, in_city("Leipzig", "Hamburg")))), near="Berlin", radius_km=300,
             orders=(before(keys("tvdung_berlin"), keys("tvdung_plain_leipzig"), "nearest first"),
                     before(keys("tvdung_plain_leipzig"), keys("tvdung_hamburg"), "nearest first"))),
    Judgment("le thi mai", (6, 9), graded((3, both(LTM, in_city("Hamburg"))), (2, both(LTM, in_city("Berlin"))), (1, either(LTM, LTMA))), near="Hamburg",
             orders=(before(keys("ltm_hamburg"), keys("ltm_berlin"), "nearest first"),
                     before(keys("ltm_berlin"), keys("ltm_osaka", "ltm_seoul"), "nearest first"),
                     before(LTM, LTMA, "a better name match before a nearer one"))),
    Judgment("lan", (9,), graded((3, both(given("lan"), in_city("Seoul"))), (2, both(given("lan"), in_city("Busan"))), (1, given("lan"))), near="Seoul",
             orders=(before(keys("lan_seoul"), keys("lan_busan"), "nearest first"),
                     before(keys("lan_busan"), both(given("lan"), farther("Seoul", 1000)), "nearest first"))),
    Judgment("bac si", (9, 10), graded((3, both(DOCTOR, in_city("Paris"))), (2, both(DOCTOR, in_country("FR"))), (1, DOCTOR)), near="Paris",
             orders=(before(keys("doc_paris"), keys("doc_lyon"), "nearest first"),)),
    Judgment("hung", (9,), graded((3, both(given("hung"), in_city("Budapest"))), (2, both(name_word("hung"), in_city("Budapest")))), near="Budapest", radius_km=50),
    Judgment("ky su", (9, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (2, both(ENGINEER, in_city("Kyoto")))), near="Osaka", radius_km=100,
             orders=(before(keys("eng_osaka_vi", "eng_osaka_en"), keys("eng_kyoto"), "nearest first"),)),
]  # fmt: skip

OCCUPATION_WORDS = [
    Judgment("ky su osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))),
    Judgment("engineer osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))),
    Judgment("ingenieur osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))),
    Judgment("nurse", (10,), graded((3, NURSE))),
    Judgment("y ta", (10,), graded((3, NURSE))),
    Judgment("krankenschwester busan", (1, 10), graded((3, both(NURSE, in_city("Busan"))), (1, NURSE))),
    Judgment("apotheker hamburg", (1, 10), graded((3, both(PHARMACIST, in_city("Hamburg"))), (1, PHARMACIST))),
    Judgment("duoc si", (10,), graded((3, PHARMACIST))),
    Judgment("arzt berlin", (1, 10), graded((3, both(DOCTOR, in_city("Berlin"))), (1, DOCTOR))),
    Judgment("teacher", (10,), graded((3, TEACHER))),
    Judgment("giao vien berlin", (1, 10), graded((3, both(TEACHER, in_city("Berlin"))), (1, TEACHER))),
    Judgment("engineer", (10,), graded((3, ENGINEER))),
    Judgment("y ta busan", (1, 10), graded((3, both(NURSE, in_city("Busan"))), (1, NURSE))),
]  # fmt: skip

JUDGMENTS: list[Judgment] = [
    *PLACES_IN_TEXT, *TYPOS, *ONLY_THE_TYPO_IS_FUZZY, *DIACRITICS, *TONE_PLACEMENT,
    *WHOLE_NAME_FIRST, *HALF_TYPED, *HOST_ORDER, *NEAR, *OCCUPATION_WORDS,
]  # fmt: skip


def grades(judgment: Judgment, people: list[Person]) -> dict[str, int]:
    """The judged people of `judgment` (grade ≥ 1), by key."""
    found = {person.key: judgment.grade(person) for person in people}
    return {key: grade for key, grade in found.items() if grade}
