"""Graded queries of issue 18's classes 6–10 (whole name first, half-typed last word,
host-country order, the nearest first, occupations across languages); see `judgments`."""

from __future__ import annotations

from tests.search.relevance.rules import (
    DOCTOR,
    ENGINEER,
    LTM,
    LTMA,
    NURSE,
    NVH,
    NVH_EXACT,
    PHARMACIST,
    TEACHER,
    TVD,
    Judgment,
    before,
    both,
    either,
    farther,
    folded,
    given,
    graded,
    in_city,
    in_country,
    keys,
    name_word,
    surname,
)

WHOLE_NAME_FIRST = [
    Judgment(
        "Lê Thị Mai",
        (6,),
        graded((3, LTM), (1, LTMA)),
        orders=(before(LTM, LTMA, "whole name above a longer name"),),
    ),
    Judgment(
        "le thi mai",
        (6,),
        graded((3, LTM), (1, LTMA)),
        orders=(before(LTM, LTMA, "whole name above a longer name"),),
    ),
    Judgment("Lê Thị Mai Anh", (6,), graded((3, LTMA))),
    Judgment(
        "nguyen van an",
        (6,),
        graded((3, folded("Nguyễn Văn An")), (1, folded("Nguyễn Văn Anh"))),
        orders=(
            before(
                folded("Nguyễn Văn An"), folded("Nguyễn Văn Anh"), "whole name above a longer word"
            ),
        ),
    ),
    Judgment("Anna Nguyen", (6, 8), graded((3, keys("anna_nguyen")))),
    Judgment(
        "tran hoa",
        (6,),
        graded(
            (3, both(surname("tran"), given("hoa"))), (1, both(surname("tran"), name_word("hoa")))
        ),
        orders=(
            before(
                both(surname("tran"), name_word("hoa")),
                keys("tran_hoasen"),
                "name above organisation",
            ),
        ),
    ),
    Judgment(
        "nguyen lan",
        (6,),
        graded(
            (3, both(surname("nguyen"), given("lan"))),
            (2, both(surname("nguyen"), name_word("lan"))),
        ),
        orders=(
            before(
                both(surname("nguyen"), given("lan")),
                keys("nail_nagoya"),
                "name above organisation",
            ),
        ),
    ),
    Judgment(
        "vo thi thu",
        (6, 7),
        graded((3, folded("Võ Thị Thu")), (2, both(surname("vo"), name_word("thu")))),
        orders=(
            before(
                folded("Võ Thị Thu"),
                keys("thuy_acute", "thuy_old", "thuy_grave", "thuy_hook"),
                "whole name above a longer word",
            ),
        ),
        note="Thủy, Thúy, Thùy start with thu: below the whole name",
    ),
]

PREFIX = both(
    surname("pham"), lambda p: p.words[1:3] == ["minh", p.words[2]] and p.words[2].startswith("tr")
)
K_WORD = both(
    surname("le"), lambda p: p.words[1] == "van" and any(w.startswith("k") for w in p.words[2:])
)
NG_WORD = both(
    surname("hoang"),
    lambda p: p.words[1] == "minh" and any(w.startswith("ng") for w in p.words[2:]),
)
PH_WORD = both(
    surname("dang"), lambda p: p.words[1] == "van" and any(w.startswith("ph") for w in p.words[2:])
)

HALF_TYPED = [
    Judgment(
        "Phạm Minh Tr",
        (7,),
        graded((3, PREFIX)),
        orders=(
            before(PREFIX, keys("pm_truong", "pm_troly"), "a name word above an occupation word"),
        ),
    ),
    Judgment(
        "le van k",
        (7,),
        graded((3, K_WORD)),
        orders=(
            before(K_WORD, keys("lv_kysu", "lv_kinhdoanh"), "a name word above kỹ sư, kinh doanh"),
        ),
    ),
    Judgment(
        "hoang minh ng",
        (7,),
        graded((3, NG_WORD)),
        orders=(before(NG_WORD, keys("hm_bank"), "a name word above an organisation word"),),
    ),
    Judgment(
        "dang van ph",
        (7,),
        graded((3, PH_WORD)),
        orders=(before(PH_WORD, keys("dv_pho"), "a name word above an organisation word"),),
    ),
    Judgment("pham minh tri", (7,), graded((3, folded("Phạm Minh Trí")), (1, PREFIX))),
]

HOST_ORDER = [
    Judgment(
        "Minh Pham",
        (8,),
        graded(
            (3, keys("minh_pham")),
            (2, both(surname("pham"), given("minh"))),
            (1, both(surname("pham"), name_word("minh"))),
        ),
    ),
    Judgment(
        "Minh Van Pham",
        (8,),
        graded((3, either(folded("Phạm Văn Minh"), keys("minh_van_pham"))), (2, keys("minh_pham"))),
    ),
    Judgment(
        "Hung Nguyen",
        (8,),
        graded((3, keys("nvh_houston")), (2, both(surname("nguyen"), given("hung")))),
    ),
    Judgment(
        "thuy tran", (8,), graded((3, keys("thuy_tran")), (2, both(surname("tran"), given("thuy"))))
    ),
    Judgment("tony le", (8,), graded((3, keys("tony_le")))),
    Judgment("linh muller", (8,), graded((3, keys("linh_muller")))),
    Judgment("suzuki", (8,), graded((3, keys("hang_suzuki")))),
    Judgment("sophie dang", (8,), graded((3, keys("sophie_dang")))),
]

NEAR = [
    Judgment(
        "nguyen van hung",
        (9,),
        graded(
            (3, both(NVH, in_city("Nagoya"))), (2, both(NVH, in_city("Gifu", "Toyota"))), (1, NVH)
        ),
        near="Nagoya",
        orders=(
            before(
                both(NVH, in_city("Nagoya")), both(NVH, in_city("Gifu", "Toyota")), "nearest first"
            ),
            before(
                both(NVH, in_city("Gifu", "Toyota")),
                both(NVH, farther("Nagoya", 100)),
                "nearest first",
            ),
        ),
    ),
    Judgment(
        "Nguyễn Văn Hùng",
        (9,),
        graded(
            (3, both(NVH_EXACT, in_city("Prague"))),
            (2, both(NVH_EXACT, in_city("Brno"))),
            (1, NVH_EXACT),
        ),
        near="Prague",
        orders=(
            before(
                both(NVH_EXACT, in_city("Prague")),
                both(NVH_EXACT, in_city("Brno")),
                "nearest first",
            ),
            before(
                both(NVH_EXACT, in_city("Brno")),
                both(NVH_EXACT, farther("Prague", 300)),
                "nearest first",
            ),
        ),
    ),
    Judgment(
        "tran van dung",
        (9,),
        graded((3, both(TVD, in_city("Berlin"))), (2, both(TVD, in_city("Leipzig", "Hamburg")))),
        near="Berlin",
        radius_km=300,
        orders=(
            before(keys("tvdung_berlin"), keys("tvdung_plain_leipzig"), "nearest first"),
            before(keys("tvdung_plain_leipzig"), keys("tvdung_hamburg"), "nearest first"),
        ),
    ),
    Judgment(
        "le thi mai",
        (6, 9),
        graded(
            (3, both(LTM, in_city("Hamburg"))),
            (2, both(LTM, in_city("Berlin"))),
            (1, either(LTM, LTMA)),
        ),
        near="Hamburg",
        orders=(
            before(keys("ltm_hamburg"), keys("ltm_berlin"), "nearest first"),
            before(keys("ltm_berlin"), keys("ltm_osaka", "ltm_seoul"), "nearest first"),
            before(LTM, LTMA, "a better name match before a nearer one"),
        ),
    ),
    Judgment(
        "lan",
        (9,),
        graded(
            (3, both(given("lan"), in_city("Seoul"))),
            (2, both(given("lan"), in_city("Busan"))),
            (1, given("lan")),
        ),
        near="Seoul",
        orders=(
            before(keys("lan_seoul"), keys("lan_busan"), "nearest first"),
            before(keys("lan_busan"), both(given("lan"), farther("Seoul", 1000)), "nearest first"),
        ),
    ),
    Judgment(
        "bac si",
        (9, 10),
        graded(
            (3, both(DOCTOR, in_city("Paris"))), (2, both(DOCTOR, in_country("FR"))), (1, DOCTOR)
        ),
        near="Paris",
        orders=(before(keys("doc_paris"), keys("doc_lyon"), "nearest first"),),
    ),
    Judgment(
        "hung",
        (9,),
        graded(
            (3, both(given("hung"), in_city("Budapest"))),
            (2, both(name_word("hung"), in_city("Budapest"))),
        ),
        near="Budapest",
        radius_km=50,
    ),
    Judgment(
        "ky su",
        (9, 10),
        graded((3, both(ENGINEER, in_city("Osaka"))), (2, both(ENGINEER, in_city("Kyoto")))),
        near="Osaka",
        radius_km=100,
        orders=(before(keys("eng_osaka_vi", "eng_osaka_en"), keys("eng_kyoto"), "nearest first"),),
    ),
]

OCCUPATION_WORDS = [
    Judgment("ky su osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))),
    Judgment(
        "engineer osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))
    ),
    Judgment(
        "ingenieur osaka", (1, 10), graded((3, both(ENGINEER, in_city("Osaka"))), (1, ENGINEER))
    ),
    Judgment("nurse", (10,), graded((3, NURSE))),
    Judgment("y ta", (10,), graded((3, NURSE))),
    Judgment(
        "krankenschwester busan", (1, 10), graded((3, both(NURSE, in_city("Busan"))), (1, NURSE))
    ),
    Judgment(
        "apotheker hamburg",
        (1, 10),
        graded((3, both(PHARMACIST, in_city("Hamburg"))), (1, PHARMACIST)),
    ),
    Judgment("duoc si", (10,), graded((3, PHARMACIST))),
    Judgment("arzt berlin", (1, 10), graded((3, both(DOCTOR, in_city("Berlin"))), (1, DOCTOR))),
    Judgment("teacher", (10,), graded((3, TEACHER))),
    Judgment(
        "giao vien berlin", (1, 10), graded((3, both(TEACHER, in_city("Berlin"))), (1, TEACHER))
    ),
    Judgment("engineer", (10,), graded((3, ENGINEER))),
    Judgment("y ta busan", (1, 10), graded((3, both(NURSE, in_city("Busan"))), (1, NURSE))),
]
