"""Matching both ways (issue 19): the members who may be interested in a project, on both search
engines, and what may interest a member."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from engagement import matching
from registry.models import Interest, Sector
from registry.services.consents import record_consents
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """120 synthetic members: sectors, countries, interests and the matching consent drawn at
    random (seeded), so that every combination occurs."""
    rng = random.Random(19)  # noqa: S311 - a fixed draw, not a secret
    sectors = {s.slug: s for s in Sector.objects.filter(slug__in=["energy", "it", "agriculture"])}
    investment, trade = (Interest.objects.get(slug=s) for s in ("investment", "trade"))
    members = []
    for n in range(120):
        country = rng.choice(["JP", "KR", "HU", "DE", "CZ"])
        member = make_member(
            f"Thành Viên {n:03d}",
            country=country,
            city_name={"JP": "Osaka", "KR": "Seoul", "HU": "Budapest"}.get(country, ""),
            sector=sectors[rng.choice(list(sectors))],
            consents=("registry", "matching") if rng.random() < 0.6 else ("registry",),
        )
        if rng.random() < 0.5:
            member.interests.add(investment)
        if rng.random() < 0.3:
            member.interests.add(trade)
        members.append(member)
    return members


def fits(member, project) -> set[str]:
    found = set()
    if member.sector_id == project.sector_id:
        found.add("sector")
    if member.country in {str(c) for c in project.target_countries}:
        found.add("country")
    if member.interests.filter(slug="investment").exists():
        found.add("interest")
    return found


def test_a_renewable_energy_project_for_japan_and_korea_finds_the_best_fits_first(
    project,
    registry,
    engine,
):
    project.target_countries = ["JP", "KR"]
    project.save()
    found = matching.people_for(project, search=engine)
    assert len(found) == 20
    previous = 3
    for match in found:
        member = match.member
        assert member.consented_purposes.filter(slug="matching").exists()
        actual = fits(member, project)
        assert set(match.criteria) <= actual and len(actual) >= 2
        assert len(match.criteria) <= previous  # the fullest fits first
        previous = len(match.criteria)
        assert len(match.reasons) == len(match.criteria)
    assert found[0].criteria == ["sector", "country", "interest"]
    reasons = " ".join(found[0].reasons)
    assert "Năng lượng" in reasons and ("Osaka" in reasons or "Seoul" in reasons)
    # Everyone who fits all three and agreed is listed before anyone who fits two.
    everyone = [m for m in registry if m.consented_purposes.filter(slug="matching").exists()]
    best = {m.pk for m in everyone if len(fits(m, project)) == 3}
    assert {m.member.pk for m in found[: len(best)]} == best or len(best) > 20

    # A member who withdraws the matching consent is gone, whatever the engine still holds.
    leaving = found[0].member
    record_consents(leaving, {"matching": False}, channel="web")
    assert leaving.pk not in {m.member.pk for m in matching.people_for(project, search=engine)}


def test_a_member_sees_open_pages_that_fit_them_with_the_reasons(project, programme, event):
    energy = Sector.objects.get(slug="energy")
    lan = make_member("Trần Thị Lan", country="JP", city_name="Tokyo", sector=energy)
    lan.interests.add(Interest.objects.get(slug="charity"))
    project.target_countries = ["JP"]
    project.save()
    event.country = "JP"
    event.save()
    suggestions = matching.for_member(lan, "vi", limit=20)
    titles = [s.page.title for s in suggestions]
    assert titles[0] == event.title  # an event where she lives comes first
    assert {event.title, project.title, programme.title} <= set(titles)
    by_title = {s.page.title: s.reasons for s in suggestions}
    assert any("Năng lượng" in r for r in by_title[project.title])
    # A past event, a closed programme: no longer suggested.
    event.start_at = timezone.now() - datetime.timedelta(days=3)
    event.end_at = timezone.now() - datetime.timedelta(days=2)
    event.save()
    programme.deadline = timezone.localdate() - datetime.timedelta(days=1)
    programme.save()
    now = [s.page.title for s in matching.for_member(lan, "vi", limit=20)]
    assert project.title in now and event.title not in now and programme.title not in now
