"""Synthetic members for demos and benchmarks: plausible people from the province, spread over the
real diaspora (`registry.demo.people`), with no real person behind them.

Hometowns are the province's real wards, often picked by their pre-2025 commune; coordinates come
from the offline gazetteer, so maps and distance searches work on them. The fields `Member.save()`
derives are derived by `Member.derived`, as save() does; `registry.demo.writing` writes them.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import phonenumbers
from django.conf import settings
from django.utils import timezone

from registry import gazetteer
from registry.demo.people import (
    BIRTH_YEARS,
    DESTINATIONS,
    FEMALE,
    GIVEN_NAMES,
    HOME_PLACES,
    MALE,
    MIDDLE_NAMES,
    OCCUPATIONS,
    OPTIONAL_CONSENTS,
    ORGANISATIONS,
    RETIRED,
    SECOND_MIDDLE_NAMES,
    SKILLS,
    SURNAMES,
    VERIFICATION_METHODS,
    VILLAGE_NAMES,
    Destination,
)
from registry.demo.writing import Draft, write_batch
from registry.models import (
    ConsentPurpose,
    ConsentText,
    Interest,
    Language,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.services.consents import current_texts
from registry.text import fold, nfc

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
    spoken = {"vi", "en", *(code for d in DESTINATIONS for code in d.languages)}
    if spoken - set(Language.objects.values_list("code", flat=True)):
        raise ValueError("The languages members speak are missing: run migrate first.")
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

    def draw(self) -> Draft:
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
        }
        # Drawn here, between the fields, so that a seed still draws the same people; written
        # as links, not a column.
        languages = self._languages(destination)
        values |= {
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
        values.update(Member.derived(values, folding=_fold))  # what save() would write
        interests = self.choices.interests
        purposes = [ConsentPurpose.REGISTRY] + [
            slug for slug, share in OPTIONAL_CONSENTS.items() if rng.random() < share
        ]
        # Consent to staff contact was given on the site for the details the person typed.
        covered = {}
        if ConsentPurpose.STAFF_CONTACT in purposes:
            covered = {name: values[name] for name in Member.CONTACT_FIELDS if values.get(name)}
        values["contacts_covered"] = covered
        return Draft(
            values=values,
            interests=rng.sample(interests, k=min(len(interests), rng.randint(1, 4))),
            languages=languages,
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

    def _languages(self, destination: Destination) -> list[str]:
        codes = ["vi"]
        codes += [code for code in destination.languages if self.rng.random() < 0.75]
        if self.rng.random() < 0.3:
            codes.append("en")
        return list(dict.fromkeys(codes))

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
        write_batch(drafts, generator.choices.texts, batch_size)
        done += len(drafts)
        if progress is not None:
            progress(done)
    return done
