"""Synthetic members for demos and benchmarks: plausible people from the province, spread over the
real diaspora, with no real person behind them.

Names follow the real frequency of Vietnamese surnames (Nguyễn about 38 %); hometowns are the
province's real wards, half of them picked by a pre-2025 commune as members do; residences are the
largest cities of the countries where people from Hà Tĩnh actually live (many in Japan, Korea and
Taiwan as workers and students, older communities in Germany, Czechia, Poland, Russia and the US).
Rows are written with `bulk_create` in batches, so 100,000 take well under a minute on PostgreSQL.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from registry import gazetteer
from registry.models import (
    Consent,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.services import current_texts
from registry.signals import members_changed
from registry.text import fold, nfc

SURNAMES = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 15),
    ("Phan", 45), ("Võ", 25), ("Vũ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Trương", 5), ("Đào", 4), ("Cao", 3),
    ("Thái", 3), ("Tạ", 2), ("Hà", 2), ("Mai", 2),
]  # fmt: skip
MIDDLE = {
    "male": ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Đình", "Công"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Minh", "Thanh", "Hồng", "Phương", "Kim"],
}
GIVEN = {
    "male": [
        "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Long", "Mạnh",
        "Nam", "Phong", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh",
    ],
    "female": [
        "Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
        "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân", "Yến",
    ],
}  # fmt: skip
# Where people from the province live, with rough weights and the host-country language.
COUNTRIES = [
    ("JP", 22, "ja"), ("KR", 14, "ko"), ("TW", 12, "zh-hant"), ("DE", 7, "de"), ("US", 6, "en"),
    ("CZ", 5, "cs"), ("PL", 4, "pl"), ("RU", 4, "ru"), ("HU", 3, "hu"), ("SK", 2, "sk"),
    ("LA", 4, "en"), ("TH", 4, "th"), ("FR", 2, "fr"), ("GB", 3, "en"), ("AU", 3, "en"),
    ("CA", 2, "en"), ("MY", 2, "ms"),
]  # fmt: skip
OCCUPATIONS = [
    ("Công nhân nhà máy", "manufacturing"), ("Kỹ sư cơ khí", "manufacturing"),
    ("Thực tập sinh kỹ năng", "manufacturing"), ("Chủ nhà hàng", "hospitality"),
    ("Đầu bếp", "hospitality"), ("Kinh doanh tự do", "trade-retail"),
    ("Chủ cửa hàng tạp hóa", "trade-retail"), ("Lập trình viên", "it"),
    ("Kỹ sư phần mềm", "it"), ("Điều dưỡng", "health"), ("Bác sĩ", "health"),
    ("Giảng viên đại học", "education"), ("Nghiên cứu sinh", "research"),
    ("Du học sinh", "student"), ("Kế toán", "finance"), ("Thợ làm móng", "beauty-services"),
    ("Lái xe", "logistics"), ("Kỹ sư xây dựng", "construction"), ("Nông trại", "agriculture"),
]  # fmt: skip
SKILLS = [
    "hàn, tiện CNC", "quản lý dự án", "tiếng Nhật N2", "nấu ăn", "kế toán doanh nghiệp",
    "phát triển web", "điều dưỡng lão khoa", "xuất nhập khẩu", "logistics", "marketing",
    "giảng dạy tiếng Việt", "nghiên cứu vật liệu", "chế biến thủy sản",
]  # fmt: skip
VILLAGES = ["Thôn Trung Tiến", "Xóm 3", "Thôn Đông Hà", "Xóm Bắc Sơn", "Thôn Tân Phúc", "Xóm 7"]
OPTIONAL_CONSENTS = {
    ConsentPurpose.STAFF_CONTACT: 0.5,
    ConsentPurpose.NEWSLETTER: 0.4,
    ConsentPurpose.ASSOCIATIONS: 0.3,
    ConsentPurpose.MATCHING: 0.4,
}


_fold = lru_cache(maxsize=None)(fold)  # a few thousand distinct names, folded once each


def _phone(rng: random.Random, region: str) -> str:
    """A number phonenumbers accepts as valid for the region (an example number, varied)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return ""
    national = str(example.national_number)
    for _attempt in range(5):
        tail = "".join(rng.choice("0123456789") for _ in range(3))
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code, national_number=int(national[:-3] + tail)
        )
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def generate_members(
    count: int,
    *,
    seed: int | None = None,
    batch_size: int = 5000,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Create `count` synthetic members (source "generated") with interests and consents."""
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    province = settings.PROVINCE_CODE
    wards = list(Ward.objects.filter(province_code=province).values_list("pk", flat=True))
    communes = list(
        LegacyCommune.objects.filter(ward__province_code=province).values_list("pk", "ward_id")
    )
    if not wards:
        raise ValueError(f"No wards loaded for province {province}: run load_admin_units first")
    sectors = dict(Sector.objects.values_list("slug", "pk"))
    interests = list(Interest.objects.values_list("pk", flat=True))
    texts = current_texts()
    if ConsentPurpose.REGISTRY not in texts:
        raise ValueError("The consent purposes are missing: run migrate first")
    cities = {code: gazetteer.largest_cities(code) for code, _w, _l in COUNTRIES}
    phones = {code: [_phone(rng, code) for _ in range(50)] for code, _w, _l in COUNTRIES}
    surnames, surname_weights = zip(*SURNAMES, strict=True)
    country_weights = [weight for _code, weight, _lang in COUNTRIES]
    now = timezone.now()
    start = Member.objects.count()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        people = []
        for n in range(size):
            gender = rng.choice(("male", "female"))
            surname = rng.choices(surnames, surname_weights)[0]
            full_name = nfc(f"{surname} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}")
            code, _weight, host_language = rng.choices(COUNTRIES, country_weights)[0]
            city = rng.choice(cities[code][: rng.choice((3, 8, 15))] or [None])
            if rng.random() < 0.5 and communes:
                legacy_id, ward_id = rng.choice(communes)
            else:
                legacy_id, ward_id = None, rng.choice(wards)
            occupation, sector = rng.choice(OCCUPATIONS)
            skills = rng.choice(SKILLS) if rng.random() < 0.6 else ""
            other_names = ""
            if rng.random() < 0.15:
                other_names = f"{rng.choice(GIVEN[gender])} {fold(surname).title()}"
            created_at = now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
            verified = rng.random() < 0.3
            people.append(
                {
                    "full_name": full_name,
                    "other_names": other_names,
                    "search_name": _fold(f"{full_name} {other_names}"),
                    "search_text": _fold(f"{full_name} {other_names} {occupation} {skills}"),
                    "birth_year": rng.randint(1950, 2006),
                    "gender": gender if rng.random() < 0.9 else "",
                    "hometown_ward_id": ward_id,
                    "hometown_legacy_id": legacy_id,
                    "hometown_village": rng.choice(VILLAGES) if rng.random() < 0.3 else "",
                    "country": code,
                    "city_name": city.name if city else "",
                    "city_geonameid": city.geonameid if city else None,
                    "latitude": city.latitude + rng.uniform(-0.05, 0.05) if city else None,
                    "longitude": city.longitude + rng.uniform(-0.05, 0.05) if city else None,
                    "email": f"member{start + created + n + 1}@example.com",
                    "phone": rng.choice(phones[code]) if rng.random() < 0.6 else "",
                    "occupation": occupation,
                    "sector_id": sectors.get(sector),
                    "skills": skills,
                    "languages": " ".join(dict.fromkeys(("vi", host_language))),
                    "organisation": "",
                    "preferred_language": "vi" if rng.random() < 0.85 else "en",
                    "verified_at": created_at if verified else None,
                    "verification_method": Member.Verification.ASSOCIATION if verified else "",
                    "created_at": created_at,
                    "profile_completed_at": created_at,
                    "last_confirmed_at": created_at,
                    "source": Member.Source.GENERATED,
                }
            )
        with transaction.atomic():
            _insert_members(people, now)
            _add_links(rng, people, interests, texts)
            members_changed.send(Member, pks=[person["id"] for person in people])
        created += size
        if progress is not None:
            progress(created)
    return created


def _insert_members(people: list[dict[str, Any]], now: datetime.datetime) -> None:
    """Write a batch of members and set each dict's "id".

    On PostgreSQL the ids are taken from the table's sequence and the rows copied in (building
    100,000 model instances would take most of the time); elsewhere `bulk_create` does it.
    """
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    base = {f.attname: f.get_default() for f in fields}
    base.update(updated_at=now, version=1)
    rows = [{**base, **person} for person in people]
    if connection.vendor != "postgresql":
        created = Member.objects.bulk_create([Member(**row) for row in rows])
        for person, member in zip(people, created, strict=True):
            person["id"] = member.pk
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Member._meta.db_table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for person, row, pk in zip(people, rows, ids, strict=True):
        person["id"] = row["id"] = pk
    names = ["id", *(f.attname for f in fields)]
    _insert(Member, names, [tuple(row[name] for name in names) for row in rows])


def _add_links(
    rng: random.Random, people: list[dict[str, Any]], interests: list[int], texts: dict[str, Any]
) -> None:
    """Interests, consent decisions and current consents of a batch, written as raw rows.

    Hundreds of thousands of link rows would spend most of their time building model instances;
    rows go straight to `COPY` on PostgreSQL (plain `executemany` elsewhere).
    """
    interest_rows = []
    purpose_rows = []
    consent_rows = []
    for person in people:
        for interest in rng.sample(interests, k=min(len(interests), rng.randint(1, 4))):
            interest_rows.append((person["id"], interest))
        granted = [ConsentPurpose.REGISTRY] + [
            slug for slug, share in OPTIONAL_CONSENTS.items() if rng.random() < share
        ]
        for slug in granted:
            text = texts.get(slug)
            if text is None:
                continue
            consent_rows.append(
                (person["id"], text.purpose_id, text.pk, True, "web", person["created_at"])
            )
            purpose_rows.append((person["id"], text.purpose_id))
    interest_through = Member.interests.through
    purpose_through = Member.consented_purposes.through
    _insert(interest_through, ["member", "interest"], interest_rows)
    _insert(purpose_through, ["member", "consentpurpose"], purpose_rows)
    _insert(
        Consent, ["member", "purpose", "text", "granted", "channel", "recorded_at"], consent_rows
    )


def column_name(model: Any, name: str) -> str:
    field = next(f for f in model._meta.concrete_fields if name in {f.name, f.attname})
    return str(field.column)


def _insert(model: Any, field_names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain rows into a model's table; identifiers come from the model, never from data."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(column_name(model, name)) for name in field_names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(field_names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
