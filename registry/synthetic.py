"""Synthetic members for demos and benchmarks: plausible people from the province, spread over the
real diaspora, with no real person behind them.

Demos and load tests need a registry that looks like the real one: names with the real frequency
of Vietnamese surnames (Nguyễn about 38 %), hometowns in the province's real wards, often picked
by their pre-2025 commune, and residences where people from Hà Tĩnh actually live (many young
workers and students in Japan, Korea and Taiwan; older communities in Germany, Czechia, Poland
and Russia; families in the US, Australia and Canada). Coordinates come from the offline
gazetteer, so maps and distance searches work on them.

Rows are written in batches, with COPY on PostgreSQL (100,000 members with their links in about
half a minute) and `bulk_create` elsewhere. Neither runs `Member.save()` nor the consent service:
the NFC names, the folded `search_name`, the consent decisions and the current consents they
would have written are written here, the same way, and `members_changed` is sent for each batch.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import phonenumbers
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from psycopg import sql

from registry import gazetteer
from registry.models import (
    Consent,
    ConsentPurpose,
    ConsentText,
    Interest,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.services.consents import current_texts
from registry.signals import members_changed
from registry.text import fold, nfc

# Plain strings, as stored: COPY writes values as they are.
MALE = Member.Gender.MALE.value
FEMALE = Member.Gender.FEMALE.value

# Per mille, after the frequencies usually quoted for Vietnam. Huỳnh and Võ are the southern
# forms of Hoàng and Vũ; in Hà Tĩnh Võ is common and Huỳnh rare.
SURNAMES: list[tuple[str, int]] = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 40), ("Huỳnh", 10),
    ("Phan", 45), ("Võ", 25), ("Vũ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 12), ("Trương", 10), ("Trịnh", 10),
    ("Đào", 9), ("Đoàn", 9), ("Cao", 8), ("Thái", 7), ("Hà", 7), ("Lương", 7), ("Lưu", 6),
    ("Mai", 6), ("Chu", 5), ("Tạ", 5), ("Lâm", 5), ("Kiều", 3), ("Nghiêm", 3), ("Tôn", 3),
]  # fmt: skip

# Middle names with weights: Văn and Thị dominate among the older generations.
MIDDLE_NAMES: dict[str, list[tuple[str, int]]] = {
    MALE: [
        ("Văn", 40), ("Hữu", 8), ("Đức", 8), ("Minh", 8), ("Quốc", 6), ("Thanh", 5),
        ("Xuân", 5), ("Đình", 7), ("Công", 5), ("Ngọc", 3), ("Quang", 5),
    ],
    FEMALE: [
        ("Thị", 45), ("Ngọc", 8), ("Thu", 8), ("Minh", 4), ("Thanh", 6), ("Hồng", 6),
        ("Phương", 5), ("Kim", 4), ("Bảo", 3), ("Diệu", 2), ("Mai", 3),
    ],
}  # fmt: skip
# A second middle name ("Nguyễn Thị Hồng Nhung") for some.
SECOND_MIDDLE_NAMES: dict[str, list[str]] = {
    MALE: ["Minh", "Quốc", "Anh", "Gia", "Bảo", "Đức", "Hoàng"],
    FEMALE: ["Thu", "Hồng", "Ngọc", "Phương", "Bảo", "Kim", "Mai", "Thanh"],
}
GIVEN_NAMES: dict[str, list[str]] = {
    MALE: [
        "An", "Anh", "Bảo", "Bình", "Chiến", "Cường", "Dũng", "Duy", "Đạt", "Định", "Đức",
        "Giang", "Hải", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khánh", "Khoa",
        "Kiên", "Lâm", "Lợi", "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
        "Phúc", "Quang", "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn",
        "Trung", "Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh",
    ],
    FEMALE: [
        "An", "Anh", "Ánh", "Châu", "Chi", "Dung", "Diệp", "Duyên", "Giang", "Hà", "Hạnh",
        "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan",
        "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Phượng", "Quyên",
        "Quỳnh", "Tâm", "Thảo", "Thanh", "Thúy", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên",
        "Vân", "Vy", "Xuân", "Yến",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Destination:
    """A country people from the province live in, and what life there typically looks like."""

    country: str  # ISO 3166-1 alpha-2
    weight: float  # share of the diaspora, roughly
    languages: tuple[str, ...]  # codes from the profile form's list, besides Vietnamese
    profile: str  # a key of OCCUPATIONS and BIRTH_YEARS
    men: tuple[str, ...] = ()  # first names taken in the host country
    women: tuple[str, ...] = ()
    married_names: tuple[str, ...] = ()  # where women commonly take their husband's name


_EN_MEN = ("Kevin", "Peter", "David", "Tony", "Jimmy", "Michael")
_EN_WOMEN = ("Anna", "Linda", "Jenny", "Tina", "Vicky", "Lily")
_CE_MEN = ("Martin", "Thomas", "Lukas", "Peter")
_CE_WOMEN = ("Anna", "Eva", "Jana", "Petra")

# Hà Tĩnh's diaspora: labour migration to East Asia dominates since the 2000s; the communities in
# the former socialist countries go back to the guest workers and students of the 1980s.
DESTINATIONS: list[Destination] = [
    Destination("JP", 24, ("ja",), "east-asia", ("Ken", "Sho"), ("Yuki", "Hana"), ("Sato",)),
    Destination("KR", 14, ("ko",), "east-asia", ("Minho", "Jun"), ("Jiyeon", "Sora")),
    Destination("TW", 13, ("zh-hant",), "east-asia", ("Kevin", "Jack"), ("Mei", "Amy")),
    Destination("MY", 2.5, ("ms", "en"), "east-asia", ("Jack",), ("Amy", "Lily")),
    Destination("DE", 6, ("de",), "europe", _CE_MEN, _CE_WOMEN, ("Schmidt", "Müller", "Weber")),
    Destination("CZ", 4, ("cs",), "europe", _CE_MEN, _CE_WOMEN, ("Nováková", "Svobodová")),
    Destination("PL", 3, ("pl",), "europe", ("Tomasz", "Piotr"), ("Anna", "Kasia"), ("Nowak",)),
    Destination("HU", 2, ("hu",), "europe", ("Péter", "Tamás"), ("Anna", "Eszter"), ("Nagy",)),
    Destination("SK", 1.5, ("sk",), "europe", _CE_MEN, _CE_WOMEN, ("Horváthová", "Kováčová")),
    Destination("RU", 4, ("ru",), "europe", ("Sasha", "Ivan"), ("Anna", "Natasha"), ("Ivanova",)),
    Destination("UA", 0.5, ("uk", "ru"), "europe", ("Oleh",), ("Anna", "Olena"), ("Shevchenko",)),
    Destination("FR", 1.5, ("fr",), "west", ("Julien", "Pierre"), ("Marie", "Sophie"), ("Martin",)),
    Destination("GB", 2.5, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Jones", "Taylor")),
    Destination("US", 5, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Johnson", "Brown")),
    Destination("CA", 2, ("en", "fr"), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Tremblay")),
    Destination("AU", 3, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Wilson")),
    Destination("LA", 5, ("th",), "neighbours"),
    Destination("TH", 3, ("th",), "neighbours"),
]  # fmt: skip

# (occupation as a member would type it, sector slug, weight), by kind of destination.
OCCUPATIONS: dict[str, list[tuple[str, str, int]]] = {
    "east-asia": [
        ("Thực tập sinh kỹ năng", "manufacturing", 20), ("Công nhân nhà máy", "manufacturing", 18),
        ("Kỹ sư cơ khí", "manufacturing", 6), ("Kỹ sư phần mềm", "it", 4),
        ("Du học sinh", "student", 14), ("Điều dưỡng, chăm sóc người cao tuổi", "health", 6),
        ("Thuyền viên tàu cá", "agriculture", 5), ("Lao động nông nghiệp", "agriculture", 6),
        ("Thợ xây dựng", "construction", 6), ("Nhân viên nhà hàng", "hospitality", 5),
        ("Phiên dịch viên", "other", 3), ("Nghiên cứu sinh", "research", 2),
        ("Kinh doanh tự do", "trade-retail", 3), ("Nhân viên văn phòng", "other", 2),
    ],
    "europe": [
        ("Kinh doanh tự do", "trade-retail", 18), ("Chủ cửa hàng tạp hóa", "trade-retail", 14),
        ("Buôn bán ở chợ", "trade-retail", 8), ("Chủ nhà hàng", "hospitality", 8),
        ("Đầu bếp", "hospitality", 6), ("Thợ làm móng", "beauty-services", 8),
        ("Du học sinh", "student", 6), ("Kỹ sư phần mềm", "it", 4), ("Bác sĩ", "health", 2),
        ("Kế toán", "finance", 3), ("Xuất nhập khẩu", "trade-retail", 5),
        ("Giảng viên đại học", "education", 2), ("Công nhân xây dựng", "construction", 4),
        ("Nghỉ hưu", "other", 4),
    ],
    "west": [
        ("Thợ làm móng", "beauty-services", 14), ("Chủ nhà hàng", "hospitality", 8),
        ("Kỹ sư phần mềm", "it", 10), ("Du học sinh", "student", 14), ("Bác sĩ", "health", 4),
        ("Điều dưỡng", "health", 6), ("Dược sĩ", "health", 3), ("Kế toán", "finance", 5),
        ("Chuyên viên ngân hàng", "finance", 3), ("Giảng viên đại học", "education", 3),
        ("Nghiên cứu sinh", "research", 4), ("Kỹ sư năng lượng", "energy", 2),
        ("Kinh doanh bất động sản", "other", 3), ("Nhân viên tổ chức quốc tế", "public-service", 1),
        ("Nghỉ hưu", "other", 4),
    ],
    "neighbours": [
        ("Thợ xây dựng", "construction", 20), ("Buôn bán nhỏ", "trade-retail", 20),
        ("Thợ may", "manufacturing", 10), ("Sửa chữa xe máy", "other", 8),
        ("Chủ nhà hàng", "hospitality", 6), ("Lao động khai thác gỗ", "agriculture", 5),
        ("Kỹ sư thủy điện", "energy", 3), ("Du học sinh", "student", 3),
    ],
}  # fmt: skip
# Birth years as (earliest, latest, most common): migrant workers and students are young, the
# communities in Europe older.
BIRTH_YEARS: dict[str, tuple[int, int, int]] = {
    "east-asia": (1960, 2006, 1998),
    "europe": (1950, 2006, 1972),
    "west": (1950, 2006, 1988),
    "neighbours": (1955, 2006, 1988),
}
SKILLS: dict[str, list[str]] = {
    "manufacturing": ["hàn, tiện CNC", "vận hành máy", "kiểm tra chất lượng", "điện công nghiệp"],
    "agriculture": ["trồng rau nhà kính", "chăn nuôi", "đánh bắt xa bờ", "chế biến thủy sản"],
    "construction": ["lát gạch", "cốt thép", "giám sát công trình", "đọc bản vẽ"],
    "trade-retail": ["xuất nhập khẩu", "bán hàng", "quản lý cửa hàng", "thương mại điện tử"],
    "hospitality": ["nấu ăn", "phở và món Việt", "quản lý nhà hàng", "pha chế"],
    "logistics": ["lái xe tải", "kho vận", "khai báo hải quan"],
    "it": ["phát triển web", "Python", "Java", "quản trị hệ thống", "dữ liệu"],
    "finance": ["kế toán doanh nghiệp", "thuế", "kiểm toán", "phân tích tài chính"],
    "health": ["điều dưỡng lão khoa", "chăm sóc người bệnh", "sơ cứu", "y học cổ truyền"],
    "education": ["giảng dạy tiếng Việt", "giảng dạy đại học", "biên soạn giáo trình"],
    "research": ["nghiên cứu vật liệu", "công nghệ sinh học", "khoa học dữ liệu"],
    "energy": ["điện mặt trời", "thủy điện", "điện gió"],
    "beauty-services": ["làm móng", "chăm sóc da", "quản lý tiệm"],
    "public-service": ["quan hệ quốc tế", "quản lý dự án ODA"],
    "student": ["tiếng Anh", "tin học văn phòng", "thiết kế đồ họa"],
    "other": ["phiên dịch", "quản lý dự án", "marketing", "tổ chức sự kiện"],
}
# Names of the province's mountains, rivers and beaches that people give their businesses.
HOME_PLACES = [
    "Hồng Lĩnh", "Sông La", "Thiên Cầm", "Ngàn Phố", "Hương Sơn", "Quê Hương", "Lam Hồng",
]  # fmt: skip
ORGANISATIONS: dict[str, list[str]] = {
    "hospitality": ["Nhà hàng Phở {home}", "Nhà hàng {home}", "Quán ăn Việt {city}"],
    "trade-retail": ["Cửa hàng tạp hóa {home}", "Công ty TNHH {home}", "Asia Markt {city}"],
    "beauty-services": ["Tiệm nail {home}", "{home} Nails"],
    "construction": ["Công ty xây dựng {home}"],
    "it": ["Công ty phần mềm {home}", "{home} Tech"],
    "student": ["Hội sinh viên Việt Nam tại {city}"],
}
VILLAGE_NAMES = [
    "Trung Tiến", "Đông Hà", "Tân Phúc", "Bắc Sơn", "Hòa Bình", "Phú Mỹ", "Thượng Phú",
    "Yên Thịnh", "Xuân Hòa", "Minh Tiến", "Đồng Tâm", "Quyết Thắng", "Tiền Phong", "Kim Quang",
]  # fmt: skip
VERIFICATION_METHODS = [
    (Member.Verification.ASSOCIATION.value, 40),
    (Member.Verification.CALL.value, 30),
    (Member.Verification.DOCUMENT.value, 20),
    (Member.Verification.IN_PERSON.value, 10),
]
# Share of members who agreed to each optional purpose; everyone agreed to the registry itself.
OPTIONAL_CONSENTS = {
    ConsentPurpose.STAFF_CONTACT: 0.5,
    ConsentPurpose.NEWSLETTER: 0.4,
    ConsentPurpose.ASSOCIATIONS: 0.3,
    ConsentPurpose.MATCHING: 0.4,
}
RETIRED = ("Nghỉ hưu", "other")
CITIES_PER_COUNTRY = 15
YEARS_OF_SIGN_UPS = 3

T = TypeVar("T")
# Names repeat a lot (a few thousand combinations): fold each one once.
_fold = functools.lru_cache(maxsize=65536)(fold)


class _Weighted(Generic[T]):
    """A weighted choice with the cumulative weights computed once, not on every draw (what
    `random.choices` does, minus its per-call set-up: this runs a million times per 100,000)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _weight in items]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in items))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


@dataclass(frozen=True)
class _PhonePlan:
    """A valid mobile number of a region with its last `digits` digits free to vary."""

    country_code: int
    head: int
    digits: int


def _phone_plan(rng: random.Random, region: str) -> _PhonePlan | None:
    """Vary as many trailing digits of the region's example mobile number as stay valid."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None or example.country_code is None or example.national_number is None:
        return None
    national = str(example.national_number)
    for digits in range(min(7, len(national) - 2), 1, -1):
        plan = _PhonePlan(example.country_code, int(national[:-digits]), digits)
        if all(_is_valid(_draw_phone(rng, plan)) for _ in range(20)):
            return plan
    return None


def _draw_phone(rng: random.Random, plan: _PhonePlan) -> phonenumbers.PhoneNumber:
    national = plan.head * 10**plan.digits + rng.randrange(10**plan.digits)
    return phonenumbers.PhoneNumber(country_code=plan.country_code, national_number=national)


def _is_valid(number: phonenumbers.PhoneNumber) -> bool:
    return bool(phonenumbers.is_valid_number(number))


@dataclass(frozen=True)
class _Choices:
    """Everything drawn from the database, read once before the first row is generated."""

    wards: list[int]
    communes: list[tuple[int, int]]  # (legacy commune, its successor ward)
    sectors: dict[str, int]
    interests: list[int]
    texts: dict[str, ConsentText]
    cities: dict[str, _Weighted[gazetteer.City]]
    phones: dict[str, _PhonePlan | None]


def _load_choices(rng: random.Random) -> _Choices:
    province = settings.PROVINCE_CODE
    wards = list(
        Ward.objects.filter(province_code=province).order_by("code").values_list("pk", flat=True)
    )
    if not wards:
        raise ValueError(
            f"No wards of province {province}: run `manage.py load_admin_units` first."
        )
    texts = current_texts()
    missing = {ConsentPurpose.REGISTRY, *OPTIONAL_CONSENTS} - texts.keys()
    if missing:
        raise ValueError(f"No consent text for {', '.join(sorted(missing))}: run migrate first.")
    communes = LegacyCommune.objects.filter(ward__province_code=province).order_by("code")
    cities = {}
    for destination in DESTINATIONS:
        largest = gazetteer.largest_cities(destination.country, CITIES_PER_COUNTRY)
        cities[destination.country] = _Weighted([(city, city.population) for city in largest])
    return _Choices(
        wards=wards,
        communes=list(communes.values_list("pk", "ward_id")),
        sectors=dict(Sector.objects.values_list("slug", "pk")),
        interests=list(
            Interest.objects.filter(is_active=True).order_by("slug").values_list("pk", flat=True)
        ),
        texts=texts,
        cities=cities,
        phones={d.country: _phone_plan(rng, d.country) for d in DESTINATIONS},
    )


@dataclass
class _Draft:
    """A member not yet written, with the links that can only be written once it has a key.

    Field values rather than a `Member`: COPY needs no model instance, and building 100,000 of
    them would cost a good part of the run.
    """

    values: dict[str, Any]  # by attname, as bulk_create would write them
    interests: list[int]
    purposes: list[str]
    consented_at: datetime.datetime
    key: int | None = None


class _Generator:
    """Draws members one by one from a seeded random source; writes nothing itself."""

    def __init__(self, rng: random.Random, choices: _Choices, now: datetime.datetime) -> None:
        self.rng = rng
        self.choices = choices
        self.now = now
        self.surnames = _Weighted(SURNAMES)
        self.middle_names = {gender: _Weighted(names) for gender, names in MIDDLE_NAMES.items()}
        self.destinations = _Weighted([(d, d.weight) for d in DESTINATIONS])
        self.occupations = {
            kind: _Weighted([((name, sector), weight) for name, sector, weight in rows])
            for kind, rows in OCCUPATIONS.items()
        }
        self.verification_methods = _Weighted(VERIFICATION_METHODS)
        self.english = "en" in dict(settings.LANGUAGES)  # a site may run without it
        self.emails: set[str] = set()
        self.phone_numbers: set[int] = set()

    def draw(self) -> _Draft:
        rng = self.rng
        gender = MALE if rng.random() < 0.55 else FEMALE
        surname, full_name = self._name(gender)
        destination = self.destinations.pick(rng)
        low, high, mode = BIRTH_YEARS[destination.profile]
        birth_year = round(rng.triangular(low, high, mode))
        occupation, sector = self._occupation(destination.profile, birth_year)

        ward_id, legacy_id = self._hometown()
        city = self.choices.cities[destination.country].pick(rng)
        created = self.now - datetime.timedelta(
            seconds=rng.randrange(YEARS_OF_SIGN_UPS * 365 * 24 * 3600)
        )
        completed = created + datetime.timedelta(seconds=rng.randrange(120, 1800))  # the form
        verified_at = None
        if rng.random() < 0.3:
            verified_at = min(self.now, completed + datetime.timedelta(days=rng.randrange(60)))
        confirmed = max(completed, verified_at or completed)
        years_on = (self.now - confirmed).days // 365
        if years_on and rng.random() < 0.7:
            confirmed += datetime.timedelta(days=365 * years_on + rng.randrange(-20, 20))
            confirmed = min(confirmed, self.now)

        other_names = self._other_names(rng, gender, surname, full_name, destination)
        values = {
            "full_name": full_name,
            "other_names": other_names,
            "search_name": _fold(f"{full_name} {other_names}")[:360],
            "birth_year": birth_year,
            "gender": gender if rng.random() < 0.97 else "",
            "hometown_ward_id": ward_id,
            "hometown_legacy_id": legacy_id,
            "hometown_village": self._village(),
            "country": destination.country,
            "city_name": city.name,
            "city_geonameid": city.geonameid,
            # A few kilometres around the city centre, so that a map is not a set of dots.
            "latitude": round(city.latitude + rng.uniform(-0.03, 0.03), 5),
            "longitude": round(city.longitude + rng.uniform(-0.03, 0.03), 5),
            "email": self._email(full_name),
            "phone": self._phone(destination.country) if rng.random() < 0.6 else "",
            "occupation": occupation,
            "sector_id": self.choices.sectors.get(sector),
            "skills": ", ".join(rng.sample(SKILLS[sector], k=rng.randint(1, 2)))
            if rng.random() < 0.7
            else "",
            "languages": self._languages(destination),
            "organisation": self._organisation(sector, city.name) if rng.random() < 0.3 else "",
            "preferred_language": "en" if self.english and rng.random() < 0.15 else "vi",
            "verified_at": verified_at,
            "verification_method": self.verification_methods.pick(rng) if verified_at else "",
            "profile_completed_at": completed,
            "last_confirmed_at": confirmed,
            "source": Member.Source.GENERATED.value,
            "created_at": created,
            "updated_at": confirmed,
        }
        values["search_text"] = _fold(" ".join(str(values[f]) for f in Member.SEARCH_TEXT_FIELDS))
        interests = self.choices.interests
        purposes = [ConsentPurpose.REGISTRY] + [
            slug for slug, share in OPTIONAL_CONSENTS.items() if rng.random() < share
        ]
        # Consent to staff contact was given on the site for the details the person typed.
        covered = {}
        if ConsentPurpose.STAFF_CONTACT in purposes:
            covered = {name: values[name] for name in Member.CONTACT_FIELDS if values.get(name)}
        values["contacts_covered"] = covered
        return _Draft(
            values=values,
            interests=rng.sample(interests, k=min(len(interests), rng.randint(1, 4))),
            purposes=purposes,
            consented_at=completed,
        )

    def _occupation(self, profile: str, birth_year: int) -> tuple[str, str]:
        """What a person of that age typically does there: no retired 30-year-olds, no
        50-year-old exchange students."""
        age = self.now.year - birth_year
        if age >= 62 and self.rng.random() < 0.6:
            return RETIRED
        while True:
            occupation, sector = self.occupations[profile].pick(self.rng)
            if (occupation, sector) == RETIRED and age < 55:
                continue
            if sector == "student" and age > 32:
                continue
            return occupation, sector

    def _name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        surname = self.surnames.pick(rng)
        parts = [self.middle_names[gender].pick(rng)]
        if rng.random() < 0.15:
            parts.append(rng.choice(SECOND_MIDDLE_NAMES[gender]))
        parts.append(rng.choice(GIVEN_NAMES[gender]))
        if len(set(parts)) < len(parts):  # "Minh Minh": drop the repeated middle name
            parts = [parts[0], parts[-1]] if parts[0] != parts[-1] else [parts[-1]]
        return surname, nfc(" ".join([surname, *parts]))

    @staticmethod
    def _other_names(
        rng: random.Random, gender: str, surname: str, full_name: str, destination: Destination
    ) -> str:
        """The name used in the host country: passport spelling, a local first name, or a
        married name."""
        draw = rng.random()
        if draw < 0.06:
            return _fold(full_name).title()  # as in the passport, "Nguyen Thi Lan"
        local_names = destination.men if gender == MALE else destination.women
        if draw < 0.14 and local_names:
            return nfc(f"{rng.choice(local_names)} {_fold(surname).title()}")
        if draw < 0.18 and gender == FEMALE and destination.married_names:
            given = full_name.rsplit(" ", 1)[-1]
            return nfc(f"{_fold(given).title()} {rng.choice(destination.married_names)}")
        return ""

    def _hometown(self) -> tuple[int, int | None]:
        """A current ward; for about half, picked by the pre-2025 commune people remember, in
        which case the ward is that commune's official successor."""
        if self.choices.communes and self.rng.random() < 0.5:
            legacy_id, ward_id = self.rng.choice(self.choices.communes)
            return ward_id, legacy_id
        return self.rng.choice(self.choices.wards), None

    def _village(self) -> str:
        draw = self.rng.random()
        if draw < 0.2:
            return f"thôn {self.rng.choice(VILLAGE_NAMES)}"
        if draw < 0.35:
            return f"xóm {self.rng.randint(1, 15)}"
        return ""

    def _email(self, full_name: str) -> str:
        """Unique in this run, on a domain reserved for examples (RFC 2606), so no mail leaves."""
        words = _fold(full_name).split()
        while True:
            email = f"{words[-1]}.{words[0]}{self.rng.randrange(10**6)}@example.com"
            if email not in self.emails:
                self.emails.add(email)
                return email

    def _phone(self, country: str) -> str:
        """A valid mobile number of the country, unique in this run, in E.164 as stored."""
        plan = self.choices.phones[country]
        if plan is None:
            return ""
        for _attempt in range(10):
            number = _draw_phone(self.rng, plan)
            national = number.national_number
            if national is not None and national not in self.phone_numbers and _is_valid(number):
                self.phone_numbers.add(national)
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return ""

    def _languages(self, destination: Destination) -> str:
        codes = ["vi"]
        codes += [code for code in destination.languages if self.rng.random() < 0.75]
        if self.rng.random() < 0.3:
            codes.append("en")
        return " ".join(dict.fromkeys(codes))

    def _organisation(self, sector: str, city: str) -> str:
        templates = ORGANISATIONS.get(sector)
        if not templates:
            return ""
        return self.rng.choice(templates).format(home=self.rng.choice(HOME_PLACES), city=city)


def generate_members(
    count: int,
    *,
    seed: int | None = None,
    batch_size: int = 5000,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Add `count` synthetic members (source "generated") with interests and consents.

    The same seed gives the same people (dates aside, which are counted back from now), whatever
    the batch size. Each batch is one transaction; `progress` is called after each with the
    number written so far. Returns the number of members added.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    generator = _Generator(rng, _load_choices(rng), timezone.now())
    done = 0
    while done < count:
        drafts = [generator.draw() for _ in range(min(batch_size, count - done))]
        _write(drafts, generator.choices.texts, batch_size)
        done += len(drafts)
        if progress is not None:
            progress(done)
    return done


CONSENT_FIELDS = ["member", "purpose", "text", "granted", "channel", "recorded_at", "covers"]
# Values psycopg writes as they are; anything else goes through the field's own conversion.
_PLAIN_TYPES = (str, int, float, bool, datetime.datetime)


@transaction.atomic
def _write(drafts: list[_Draft], texts: dict[str, ConsentText], batch_size: int) -> None:
    """Write one batch: the members, then their interests, consents and consented purposes."""
    if connection.vendor == "postgresql":
        _copy_members(drafts)
    else:
        _bulk_create_members(drafts, batch_size)
    interests = [(d.key, interest_id) for d in drafts for interest_id in d.interests]
    purposes = [(d.key, texts[slug].purpose_id) for d in drafts for slug in d.purposes]
    consents = [
        (d.key, texts[slug].purpose_id, texts[slug].pk, True, Consent.Channel.WEB.value,
         d.consented_at,
         d.values["contacts_covered"] if slug == ConsentPurpose.STAFF_CONTACT else {})
        for d in drafts
        for slug in d.purposes
    ]  # fmt: skip
    interest_link = Member.interests.through
    purpose_link = Member.consented_purposes.through
    if connection.vendor == "postgresql":
        _copy(interest_link, ["member", "interest"], interests)
        _copy(purpose_link, ["member", "consentpurpose"], purposes)
        _copy(Consent, CONSENT_FIELDS, consents)
    else:
        _bulk_create(interest_link, ["member", "interest"], interests, batch_size)
        _bulk_create(purpose_link, ["member", "consentpurpose"], purposes, batch_size)
        _bulk_create(Consent, CONSENT_FIELDS, consents, batch_size)
    # No post_save for bulk writes: tell whoever copies member data (the search index).
    members_changed.send(Member, pks=[d.key for d in drafts])


def _bulk_create_members(drafts: list[_Draft], batch_size: int) -> None:
    """The portable way (SQLite): the ORM's bulk insert, then the date it overwrote."""
    people = Member.objects.bulk_create(
        [Member(**draft.values) for draft in drafts], batch_size=batch_size
    )
    for draft, person in zip(drafts, people, strict=True):
        draft.key = person.pk
    # bulk_create stamps `updated_at` (auto_now) with the current time; the record was last
    # touched when it was last confirmed. One statement per batch: the batch's keys are
    # consecutive, since SQLite lets one transaction write at a time.
    Member.objects.filter(
        source=Member.Source.GENERATED, pk__gte=people[0].pk, pk__lte=people[-1].pk
    ).update(updated_at=F("last_confirmed_at"))


def _bulk_create(
    model: type[models.Model], names: list[str], rows: list[tuple[Any, ...]], batch_size: int
) -> None:
    attnames = [field.attname for field in _fields(model, names)]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=batch_size)


def _copy_members(drafts: list[_Draft]) -> None:
    """PostgreSQL: COPY, several times faster than INSERT for 100,000 rows.

    Keys are taken from the table's sequence first, so that the links can point at them. Every
    concrete field is written, with its default where the generator sets none, so a field added
    to Member later needs no change here.
    """
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, Member._meta.pk.column, len(drafts)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    fields = Member._meta.concrete_fields
    defaults = {field.attname: field.get_default() for field in fields}
    rows = []
    for draft, key in zip(drafts, keys, strict=True):
        draft.key = key
        values = {**defaults, **draft.values, Member._meta.pk.attname: key}
        rows.append(tuple(values[field.attname] for field in fields))
    _copy(Member, [field.name for field in fields], rows)


def _copy(model: type[models.Model], names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY `rows` of `names`; every other column gets its field's default, as an INSERT through
    the ORM would (COPY knows only the database's defaults, and Django sets none)."""
    fields = _fields(model, names)
    others = [
        field
        for field in model._meta.concrete_fields
        if field not in fields and not field.primary_key
    ]
    defaults = [field.get_default() for field in others]
    prepared = [
        [
            value
            if value is None or type(value) in _PLAIN_TYPES
            else field.get_db_prep_save(value, connection)
            for field, value in zip([*fields, *others], [*row, *defaults], strict=True)
        ]
        for row in rows
    ]
    columns = [field.column for field in [*fields, *others]]
    _copy_columns(model._meta.db_table, columns, prepared)


def _fields(model: type[models.Model], names: list[str]) -> list[models.Field[Any, Any]]:
    by_name = {field.name: field for field in model._meta.concrete_fields}
    return [by_name[name] for name in names]


def _copy_columns(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
