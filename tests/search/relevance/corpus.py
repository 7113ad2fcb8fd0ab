"""A synthetic registry for judging search relevance: plain data, no Django.

The registry looks like the real one where ranking is hard: surnames at their Vietnamese
frequencies (so "Nguyễn" matches a third of it), near-identical given names (An/Ân/Anh/Ánh,
Thu/Thư/Thủy/Thúy/Thùy, Hùng/Hưng, Dung/Dũng), host-country names in `other_names`, occupations
in Vietnamese, English and German, and the same city stored in different forms (Praha and
Prague). Planted people carry a stable `key` the judgments name; the background is drawn from a
seeded `random.Random`, so every run builds the same registry, and it never repeats a planted
full name, so that the planted collisions are exactly as counted here.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from registry.text import fold

SEED = 18
SIZE = 1200


@dataclass(frozen=True)
class City:
    name: str  # the English name: what judgments call the city
    country: str  # ISO 3166-1 alpha-2
    latitude: float  # from registry.gazetteer (GeoNames)
    longitude: float
    stored: tuple[str, ...]  # how members write it in `city_name`
    weight: int  # how many of the background live there, relatively


CITIES = {
    city.name: city
    for city in (
        City("Tokyo", "JP", 35.6895, 139.69171, ("Tokyo",), 30),
        City("Osaka", "JP", 34.69379, 135.50107, ("Osaka",), 22),
        City("Nagoya", "JP", 35.18147, 136.90641, ("Nagoya",), 14),
        City("Yokohama", "JP", 35.43333, 139.65, ("Yokohama",), 10),
        City("Kyoto", "JP", 35.02107, 135.75385, ("Kyoto",), 5),
        City("Gifu", "JP", 35.42291, 136.76039, ("Gifu",), 4),
        City("Toyota", "JP", 35.08333, 137.15, ("Toyota",), 4),
        City("Seoul", "KR", 37.566, 126.9784, ("Seoul",), 20),
        City("Busan", "KR", 35.10168, 129.03004, ("Busan",), 8),
        City("Taipei", "TW", 25.05306, 121.52639, ("Taipei",), 12),
        City("Taichung", "TW", 24.1469, 120.6839, ("Taichung",), 6),
        City("Berlin", "DE", 52.52437, 13.41053, ("Berlin",), 22),
        City("Hamburg", "DE", 53.55073, 9.99302, ("Hamburg",), 8),
        City("Leipzig", "DE", 51.33962, 12.37129, ("Leipzig",), 8),
        City("Munich", "DE", 48.13743, 11.57549, ("München", "Munich"), 5),
        City("Frankfurt", "DE", 50.11552, 8.68417, ("Frankfurt am Main",), 5),
        City("Dresden", "DE", 51.05089, 13.73832, ("Dresden",), 4),
        City("Prague", "CZ", 50.08804, 14.42076, ("Praha", "Prague"), 18),
        City("Brno", "CZ", 49.19522, 16.60796, ("Brno",), 5),
        City("Cheb", "CZ", 50.07963, 12.37392, ("Cheb",), 4),
        City("Budapest", "HU", 47.49835, 19.04045, ("Budapest",), 10),
        City("Debrecen", "HU", 47.53167, 21.62444, ("Debrecen",), 3),
        City("Warsaw", "PL", 52.22977, 21.01178, ("Warsaw", "Warszawa"), 12),
        City("Paris", "FR", 48.85341, 2.3488, ("Paris",), 12),
        City("Lyon", "FR", 45.74906, 4.84789, ("Lyon",), 4),
        City("Marseille", "FR", 43.29695, 5.38107, ("Marseille",), 3),
        City("Moscow", "RU", 55.75204, 37.61781, ("Moskva", "Moscow"), 12),
        City("San Jose", "US", 37.33939, -121.89496, ("San Jose",), 8),
        City("Houston", "US", 29.76328, -95.36327, ("Houston",), 8),
        City("Sydney", "AU", -33.86785, 151.20732, ("Sydney",), 8),
        City("Melbourne", "AU", -37.814, 144.96332, ("Melbourne",), 6),
    )
}

# Occupations by what they are (`kind`, which judgments read), as members write them.
OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "engineer": (
        "Kỹ sư xây dựng", "Kỹ sư phần mềm", "Kỹ sư cơ khí", "Engineer", "Software engineer",
        "Ingenieur", "Ingenieurin",
    ),
    "nurse": ("Y tá", "Điều dưỡng", "Nurse", "Krankenschwester", "Krankenpfleger"),
    "pharmacist": ("Dược sĩ", "Pharmacist", "Apotheker", "Apothekerin"),
    "doctor": ("Bác sĩ", "Doctor", "Arzt", "Ärztin"),
    "teacher": ("Giáo viên", "Teacher", "Lehrer", "Lehrerin"),
    "technician": ("Kỹ thuật viên", "Technician", "Techniker"),
    "cook": ("Đầu bếp", "Chef", "Koch"),
    "business": ("Kinh doanh", "Chủ nhà hàng", "Buôn bán", "Self-employed"),
    "student": ("Sinh viên", "Student", "Du học sinh"),
    "worker": ("Công nhân", "Thực tập sinh kỹ năng", "Factory worker", "Lao động"),
    "nails": ("Thợ làm móng", "Nail technician"),
    "developer": ("Lập trình viên", "Developer"),
    "interpreter": ("Phiên dịch", "Interpreter", "Dolmetscher"),
    "": ("",),
}  # fmt: skip
OCCUPATION_WEIGHTS = {
    "engineer": 9, "nurse": 6, "pharmacist": 3, "doctor": 3, "teacher": 4, "technician": 4,
    "cook": 8, "business": 14, "student": 11, "worker": 18, "nails": 6, "developer": 5,
    "interpreter": 4, "": 5,
}  # fmt: skip
ORGANISATIONS = (
    "Hội người Việt", "Công ty TNHH Sakura", "Siemens AG", "Samsung Electronics", "Bosch",
    "Denso", "Vinamilk Europe", "Đại học Quốc gia", "Charité", "Bệnh viện Đa khoa",
)  # fmt: skip

# Surname frequencies in percent (the rest spread over rarer names).
SURNAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 5, "Huỳnh": 4, "Phan": 4.5,
    "Vũ": 3.9, "Võ": 3, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Đinh": 0.8, "Trịnh": 0.6, "Đào": 0.6, "Mai": 0.4, "Cao": 0.4, "Lưu": 0.3,
}  # fmt: skip
MIDDLE = {
    "male": {"Văn": 40, "Minh": 10, "Đức": 8, "Quang": 7, "Hữu": 6, "Thanh": 6, "Xuân": 5,
             "Quốc": 5, "Công": 4, "Anh": 3, "Ngọc": 2, "Tuấn": 2},
    "female": {"Thị": 55, "Ngọc": 8, "Thanh": 7, "Thu": 6, "Minh": 5, "Hồng": 5, "Kim": 4,
               "Mỹ": 3, "Thùy": 3, "Bảo": 2, "Phương": 2},
}  # fmt: skip
GIVEN = {
    "male": (
        "Hùng", "Hưng", "Dũng", "Minh", "Tuấn", "Nam", "Hải", "Long", "Sơn", "Thắng", "Trung",
        "Trí", "Đức", "Phúc", "Khoa", "Khánh", "Kiên", "Bình", "An", "Ân", "Quân", "Tâm", "Tùng",
        "Việt", "Hoàng", "Phong", "Cường", "Thành", "Huy", "Toàn", "Vinh", "Lộc", "Hòa",
        "Nghĩa", "Hiếu", "Đạt",
    ),
    "female": (
        "Anh", "Ánh", "An", "Thu", "Thư", "Thủy", "Thúy", "Thùy", "Mai", "Lan", "Hoa", "Hòa",
        "Hương", "Hường", "Dung", "Trang", "Linh", "Nga", "Ngọc", "Hằng", "Huyền", "Nhung",
        "Phương", "Yến", "Vân", "Hà", "Hạnh", "Loan", "Oanh", "Châu", "Giang", "Nhi", "Chi",
        "Uyên", "Thảo", "Quỳnh", "Tuyết", "Mai Anh", "Lan Anh", "Thu Hà", "Hồng Nhung",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    key: str  # planted: a name judgments use; background: "bg0042"
    full_name: str
    gender: str
    city: str  # a key of CITIES
    city_name: str  # as stored
    occupation: str = ""
    kind: str = ""  # what the occupation is (a key of OCCUPATIONS)
    other_names: str = ""
    organisation: str = ""
    birth_year: int = 1985

    @property
    def country(self) -> str:
        return CITIES[self.city].country

    @property
    def latitude(self) -> float:
        return CITIES[self.city].latitude

    @property
    def longitude(self) -> float:
        return CITIES[self.city].longitude

    @property
    def folded(self) -> str:
        return fold(self.full_name)

    @property
    def words(self) -> list[str]:
        return self.folded.split()

    @property
    def surname(self) -> str:
        return self.words[0]

    @property
    def given(self) -> str:
        """The last word of the name, folded: what people are called by."""
        return self.words[-1]


def distance_km(a: City, b: City) -> float:
    """Great-circle distance (haversine), as the engines compute it."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _p(key: str, name: str, gender: str, city: str, kind: str = "", **fields: object) -> Person:
    """A planted person; `occupation` defaults to the first form of `kind`, `city_name` to the
    city's first stored form."""
    occupation = str(fields.pop("occupation", OCCUPATIONS[kind][0]))
    city_name = str(fields.pop("city_name", CITIES[city].stored[0]))
    return Person(key, name, gender, city, city_name, occupation, kind, **fields)  # type: ignore[arg-type]


# Thirty-four Nguyễn Văn Hùng: three around Nagoya, two in Prague stored both ways, one in
# Houston known there as "Hung Nguyen".
HUNG_CITIES = (
    "Nagoya", "Gifu", "Toyota", "Osaka", "Osaka", "Osaka", "Tokyo", "Tokyo", "Tokyo", "Tokyo",
    "Yokohama", "Yokohama", "Kyoto", "Seoul", "Seoul", "Busan", "Berlin", "Berlin", "Hamburg",
    "Leipzig", "Brno", "Budapest", "Debrecen", "Warsaw", "Warsaw", "Paris", "Lyon", "Moscow",
    "Moscow", "San Jose", "Sydney", "Melbourne", "Taipei", "Taichung",
)  # fmt: skip


def planted() -> list[Person]:
    kinds = [k for k in OCCUPATIONS if k]
    people = []
    seen: dict[str, int] = {}
    for i, city in enumerate(HUNG_CITIES):  # keys: nvh_osaka, nvh_osaka2, ...
        base = f"nvh_{city.lower().replace(' ', '_')}"
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}{seen[base]}"
        kind = kinds[i % len(kinds)]
        people.append(_p(key, "Nguyễn Văn Hùng", "male", city, kind, birth_year=1960 + i))
    return people + [
        _p("nvh_prague", "Nguyễn Văn Hùng", "male", "Prague", "cook", city_name="Prague"),
        _p("nvh_praha", "Nguyễn Văn Hùng", "male", "Prague", "business", city_name="Praha"),
        _p("nvh_houston", "Nguyễn Văn Hùng", "male", "Houston", "nails",
           other_names="Hung Nguyen"),
        _p("nvhung_osaka", "Nguyễn Văn Hưng", "male", "Osaka", "worker"),
        _p("nvhung_berlin", "Nguyễn Văn Hưng", "male", "Berlin", "cook"),
        _p("hung_praha", "Trần Quốc Hưng", "male", "Prague", "business", city_name="Praha"),
        # Places in the text box.
        _p("lan_nagoya", "Nguyễn Thị Lan", "female", "Nagoya", "worker"),
        _p("lan_osaka", "Trần Thị Lan", "female", "Osaka", "student"),
        _p("lan_seoul", "Đỗ Thị Lan", "female", "Seoul", "worker"),
        _p("lan_busan", "Bùi Thị Lan", "female", "Busan", "cook"),
        _p("nail_nagoya", "Nguyễn Văn Tùng", "male", "Nagoya", "nails",
           organisation="Tiệm nail Lan Anh"),
        _p("pvd_lyon", "Phạm Văn Đức", "male", "Lyon", "cook"),
        _p("pvd_paris", "Phạm Văn Đức", "male", "Paris", "business"),
        _p("pvd_hamburg", "Phạm Văn Đức", "male", "Hamburg", "engineer"),
        _p("duoc_hamburg", "Vũ Thị Hạnh", "female", "Hamburg", "pharmacist"),
        _p("apotheker_hamburg", "Đỗ Minh Châu", "female", "Hamburg", "pharmacist",
           occupation="Apothekerin"),
        _p("duoc_berlin", "Ngô Thị Yến", "female", "Berlin", "pharmacist"),
        _p("linh_muller", "Nguyễn Thị Linh", "female", "Munich", "nurse",
           occupation="Krankenschwester", other_names="Linh Müller"),
        # Mai and Mai Anh.
        _p("ltm_hamburg", "Lê Thị Mai", "female", "Hamburg", "nails"),
        _p("ltm_berlin", "Lê Thị Mai", "female", "Berlin", "teacher", occupation="Lehrerin"),
        _p("ltm_osaka", "Lê Thị Mai", "female", "Osaka", "worker"),
        _p("ltm_seoul", "Lê Thị Mai", "female", "Seoul", "student"),
        _p("ltma_hamburg", "Lê Thị Mai Anh", "female", "Hamburg", "cook"),
        _p("ltma_tokyo", "Lê Thị Mai Anh", "female", "Tokyo", "interpreter"),
        _p("ltma_paris", "Lê Thị Mai Anh", "female", "Paris", "doctor", occupation="Doctor"),
        _p("le_thu_mai", "Lê Thu Mai", "female", "Sydney", "nurse", occupation="Nurse"),
        # Dũng and Dung.
        _p("tvdung_berlin", "Trần Văn Dũng", "male", "Berlin", "engineer",
           occupation="Ingenieur"),
        _p("tvdung_hamburg", "Trần Văn Dũng", "male", "Hamburg", "cook"),
        _p("tvdung_sydney", "Trần Văn Dũng", "male", "Sydney", "business"),
        _p("tvdung_plain_leipzig", "Trần Văn Dung", "male", "Leipzig", "business"),
        _p("tvdung_plain_tokyo", "Trần Văn Dung", "male", "Tokyo", "worker"),
        # Thúy (also stored with the old tone placement), Thùy, Thủy.
        _p("thuy_acute", "Võ Thị Thúy", "female", "Osaka", "nurse", occupation="Điều dưỡng"),
        _p("thuy_old", "Võ Thị Thuý", "female", "Berlin", "teacher"),
        _p("thuy_grave", "Võ Thị Thùy", "female", "Prague", "business"),
        _p("thuy_hook", "Võ Thị Thủy", "female", "Seoul", "student"),
        _p("ltt_hook_old", "Lê Thanh Thuỷ", "female", "Warsaw", "doctor", occupation="Bác sĩ"),
        _p("ltt_acute", "Lê Thanh Thúy", "female", "Taipei", "worker"),
        # Hòa (also stored as Hoà) and Hoa.
        _p("hoa_new", "Nguyễn Thị Hòa", "female", "Budapest", "business"),
        _p("hoa_old", "Nguyễn Thị Hoà", "female", "Warsaw", "cook", city_name="Warszawa"),
        _p("hoa_plain", "Nguyễn Thị Hoa", "female", "Paris", "nails"),
        _p("tran_thi_hoa", "Trần Thị Hoa", "female", "Budapest", "doctor", occupation="Bác sĩ"),
        _p("tran_hoasen", "Trần Văn Long", "male", "Budapest", "business",
           occupation="Chủ nhà hàng", organisation="Nhà hàng Hoa Sen"),
        # An, Ân, Anh, Ánh.
        _p("nva_an_budapest", "Nguyễn Văn An", "male", "Budapest", "engineer"),
        _p("nva_an_osaka", "Nguyễn Văn An", "male", "Osaka", "worker"),
        _p("nva_an_circ", "Nguyễn Văn Ân", "male", "Tokyo", "developer"),
        _p("nva_anh", "Nguyễn Văn Anh", "male", "Berlin", "cook"),
        _p("lta_acute", "Lê Thị Ánh", "female", "Seoul", "worker"),
        _p("lta_plain", "Lê Thị Anh", "female", "Busan", "student"),
        # Thu and Thư.
        _p("ntt_thu", "Nguyễn Thị Thu", "female", "Taipei", "worker"),
        _p("ntt_thu_horn", "Nguyễn Thị Thư", "female", "Taichung", "worker"),
        _p("pth_thu", "Phạm Thị Thu", "female", "Warsaw", "business"),
        _p("pth_thu_horn", "Phạm Thị Thư", "female", "Budapest", "interpreter"),
        _p("vtt_thu", "Võ Thị Thu", "female", "Hamburg", "worker"),
        _p("pham_thu_ha", "Phạm Thu Hà", "female", "Warsaw", "cook", city_name="Warszawa"),
        # Typos' targets, and the names a typo in another word must not reach.
        _p("nth_huong", "Nguyễn Thị Hương", "female", "Leipzig", "nails"),
        _p("nth_huong_grave", "Nguyễn Thị Hường", "female", "Cheb", "business"),
        _p("ntu_huong", "Nguyễn Thu Hương", "female", "Prague", "student"),
        _p("lvn_nam", "Lê Văn Nam", "male", "Munich", "technician", occupation="Techniker"),
        _p("hvn_nam", "Hoàng Văn Nam", "male", "Yokohama", "worker"),
        _p("vtt_tam", "Võ Thanh Tâm", "male", "Melbourne", "developer"),
        _p("ntt_duong", "Nguyễn Thị Thùy Dương", "female", "Kyoto", "student"),
        _p("tta_nagoya", "Trần Thị Anh", "female", "Nagoya", "interpreter"),
        _p("ttua_nagoya", "Trần Thu Anh", "female", "Nagoya", "worker"),
        # Host-country names.
        _p("minh_pham", "Phạm Quang Minh", "male", "San Jose", "engineer",
           occupation="Software engineer", other_names="Minh Pham"),
        _p("pvm_warsaw", "Phạm Văn Minh", "male", "Warsaw", "business"),
        _p("pvm_osaka", "Phạm Văn Minh", "male", "Osaka", "engineer"),
        _p("minh_van_pham", "Phạm Văn Minh", "male", "Sydney", "doctor", occupation="Doctor",
           other_names="Minh Van Pham"),
        _p("anna_nguyen", "Nguyễn Thị Ngọc Ánh", "female", "Berlin", "nurse",
           occupation="Krankenschwester", other_names="Anna Nguyen"),
        _p("anna_tran", "Trần Thị An", "female", "Prague", "student", other_names="Anna Tran"),
        _p("tony_le", "Lê Anh Tuấn", "male", "Houston", "engineer", occupation="Engineer",
           other_names="Tony Le"),
        _p("thuy_tran", "Trần Thị Thủy", "female", "Sydney", "nurse", occupation="Nurse",
           other_names="Thuy Tran"),
        _p("hang_suzuki", "Nguyễn Thị Hằng", "female", "Nagoya", "worker",
           other_names="Suzuki Hang"),
        _p("sophie_dang", "Đặng Thị Phương", "female", "Paris", "pharmacist",
           occupation="Pharmacist", other_names="Sophie Dang"),
        # Half-typed last words, and occupations and organisations starting the same way.
        _p("pmt_tri", "Phạm Minh Trí", "male", "Taipei", "engineer"),
        _p("pmt_trung", "Phạm Minh Trung", "male", "Seoul", "worker"),
        _p("pm_truong", "Phạm Minh Hải", "male", "Tokyo", "engineer",
           occupation="Trưởng nhóm kỹ thuật"),
        _p("pm_troly", "Phạm Minh Khang", "male", "Hamburg", "business",
           occupation="Trợ lý giám đốc"),
        _p("lvk_khoa", "Lê Văn Khoa", "male", "Brno", "student"),
        _p("lvk_khanh", "Lê Văn Khánh", "male", "Dresden", "cook"),
        _p("lv_kysu", "Lê Văn Hải", "male", "Nagoya", "engineer", occupation="Kỹ sư cơ khí"),
        _p("lv_kinhdoanh", "Lê Văn Sơn", "male", "Prague", "business"),
        _p("hmn_ngoc", "Hoàng Minh Ngọc", "male", "Budapest", "teacher"),
        _p("hmn_nghia", "Hoàng Minh Nghĩa", "male", "Frankfurt", "developer"),
        _p("hm_bank", "Hoàng Minh Tuấn", "male", "Frankfurt", "business",
           occupation="Nhân viên", organisation="Ngân hàng VietinBank"),
        _p("dvp_phuc", "Đặng Văn Phúc", "male", "Marseille", "cook"),
        _p("dvp_phong", "Đặng Văn Phong", "male", "Moscow", "business", city_name="Moskva"),
        _p("dv_pho", "Đặng Văn Lộc", "male", "Lyon", "cook", organisation="Nhà hàng Phở Sài Gòn"),
        # Occupations across languages, near a city.
        _p("eng_osaka_vi", "Huỳnh Văn Toàn", "male", "Osaka", "engineer",
           occupation="Kỹ sư điện"),
        _p("eng_osaka_en", "Phan Thị Ngọc", "female", "Osaka", "engineer", occupation="Engineer"),
        _p("eng_kyoto", "Vũ Đức Thắng", "male", "Kyoto", "engineer", occupation="Kỹ sư cơ khí"),
        _p("doc_paris", "Hồ Thị Vân", "female", "Paris", "doctor", occupation="Bác sĩ"),
        _p("doc_lyon", "Dương Văn Bình", "male", "Lyon", "doctor", occupation="Doctor"),
        _p("arzt_berlin", "Lý Minh Đạt", "male", "Berlin", "doctor", occupation="Arzt"),
        _p("nurse_busan", "Phan Thị Yến", "female", "Busan", "nurse", occupation="Y tá"),
    ]  # fmt: skip


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def background(count: int, reserved: set[str], rng: random.Random) -> list[Person]:
    """`count` people drawn at the registry's frequencies, none with a name in `reserved`
    (folded)."""
    cities = {name: city.weight for name, city in CITIES.items()}
    people: list[Person] = []
    while len(people) < count:
        gender = rng.choice(("male", "female"))
        name = " ".join(
            (_pick(rng, SURNAMES), _pick(rng, MIDDLE[gender]), rng.choice(GIVEN[gender]))
        )
        if fold(name) in reserved:
            continue
        city = _pick(rng, cities)
        kind = _pick(rng, OCCUPATION_WEIGHTS)
        people.append(
            Person(
                key=f"bg{len(people):04d}",
                full_name=name,
                gender=gender,
                city=city,
                city_name=rng.choice(CITIES[city].stored),
                occupation=rng.choice(OCCUPATIONS[kind]),
                kind=kind,
                organisation=rng.choice(ORGANISATIONS) if rng.random() < 0.15 else "",
                birth_year=rng.randint(1955, 2004),
            )
        )
    return people


def registry(size: int = SIZE, seed: int = SEED) -> list[Person]:
    """The whole synthetic registry: the planted people, then the background."""
    people = planted()
    reserved = {person.folded for person in people}
    return people + background(size - len(people), reserved, random.Random(seed))  # noqa: S311 - a seeded corpus, not a secret
