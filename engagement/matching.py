"""Who may care about a project or a programme, and what may interest a member: both ways of
matching, each with its reasons shown.

People for a page go through the staff search's contract (`search.query.RegistryQuery`, either
engine): each criterion the page offers (its sector, the countries it looks for, the interest it
answers) is a filter, and the members found by every criterion of a combination fit all of
them. The combinations are asked from the fullest down, so the members who fit the most come
first, in name order within a tier; only those who fit at least two count. Only members who
agreed to matching are ever asked for, and the list is checked against the registry when it is
read: a member who withdrew that consent since the search engine last heard is left out.

Pages for a member are few (the open ones): each is scored in Python against the record, the
reasons kept.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from cms.models import CharityProgrammePage, EventPage, InvestmentProjectPage
from registry.models import ConsentPurpose, Interest, Member
from search.query import RegistryQuery, SearchResult
from search.services import search_members

Search = Callable[[RegistryQuery], SearchResult]

# How many people a page's list shows, and the least number of criteria each fits.
LISTED = 20
AT_LEAST = 2
# The interest each kind of page answers.
PAGE_INTEREST = {InvestmentProjectPage: "investment", CharityProgrammePage: "charity"}


@dataclass(frozen=True)
class Criterion:
    """One thing a page looks for in a member, as a filter of the search, and as a reason."""

    name: str  # "sector", "country", "interest"
    query: dict[str, list[str]]  # RegistryQuery's fields


@dataclass
class Match:
    """A member who may be interested, and why."""

    member: Member
    criteria: list[str]
    reasons: list[str] = field(default_factory=list)


def criteria_of(page: Any) -> list[Criterion]:
    """What `page` (a project or a programme) looks for, as search filters."""
    found = []
    sector = getattr(page, "sector", None)
    if sector is not None:
        found.append(Criterion("sector", {"sectors": [sector.slug]}))
    targets = [str(code) for code in getattr(page, "target_countries", []) or []]
    if targets:
        found.append(Criterion("country", {"countries": targets}))
    interest = PAGE_INTEREST.get(type(page))
    if interest:
        found.append(Criterion("interest", {"interests": [interest]}))
    return found


def people_for(page: Any, *, search: Search | None = None, limit: int = LISTED) -> list[Match]:
    """The members who may be interested in `page`, those who fit the most criteria first."""
    # Counted (not deferred): the few matches of a narrow combination are then sorted apart,
    # not looked for along the whole name index (search.database.ranking.sorted_apart).
    run = search or search_members
    criteria = criteria_of(page)
    chosen: dict[int, list[str]] = {}
    for size in range(len(criteria), AT_LEAST - 1, -1):
        for combination in itertools.combinations(criteria, size):
            if len(chosen) >= limit:
                break
            filters: dict[str, Any] = {"consents": [ConsentPurpose.MATCHING], "facets": ()}
            for criterion in combination:
                filters.update(criterion.query)
            found = run(RegistryQuery(sort="name", page_size=limit, **filters))
            for pk in found.ids:
                chosen.setdefault(pk, [c.name for c in combination])
    return explained(page, chosen, limit)


def explained(page: Any, chosen: dict[int, list[str]], limit: int) -> list[Match]:
    """The members chosen, read from the registry (still in it, still agreeing to matching),
    in the order found, with the reasons in words."""
    members = {
        member.pk: member
        for member in Member.objects.in_registry()
        .filter(pk__in=chosen, consented_purposes__slug=ConsentPurpose.MATCHING)
        .select_related("sector")
    }
    interests = dict(Interest.objects.values_list("slug", "name"))
    matches = []
    for pk, names in chosen.items():
        member = members.get(pk)
        if member is None:
            continue
        matches.append(
            Match(member, names, [reason(name, member, page, interests) for name in names])
        )
        if len(matches) >= limit:
            break
    return matches


def reason(name: str, member: Member, page: Any, interests: dict[str, str]) -> str:
    if name == "sector":
        return _("sector: %(sector)s") % {"sector": member.sector}
    if name == "country":
        place = ", ".join(
            part for part in (member.city_name, str(country_names.name(member.country))) if part
        )
        return _("lives in %(place)s") % {"place": place}
    slug = PAGE_INTEREST.get(type(page), "")
    return _("interest: %(interest)s") % {"interest": interests.get(slug, slug)}


# --- For a member ---------------------------------------------------------------------------------


@dataclass
class Suggestion:
    page: Any
    reasons: list[str]
    score: int


def for_member(member: Member, language: str, *, limit: int = 6) -> list[Suggestion]:
    """Open projects, programmes and upcoming events that fit `member`, in `language` where a
    page has it; events in the member's country first. Explainable: each with its reasons."""
    now = timezone.now()
    interests = set(member.interests.values_list("slug", flat=True))
    suggestions: list[Suggestion] = []
    for page in live_pages(InvestmentProjectPage, language).select_related("sector"):
        reasons = []
        if member.sector_id and page.sector_id == member.sector_id:
            reasons.append(_("in your sector: %(sector)s") % {"sector": page.sector})
        if "investment" in interests:
            reasons.append(_("you are interested in investment"))
        if member.country and member.country in [str(c) for c in page.target_countries]:
            reasons.append(_("looking for partners where you live"))
        if reasons:
            suggestions.append(Suggestion(page, reasons, len(reasons)))
    for page in live_pages(CharityProgrammePage, language).filter(
        deadline__gte=timezone.localdate()
    ):
        reasons = []
        if "charity" in interests:
            reasons.append(_("you are interested in charity"))
        if member.country and member.country in [str(c) for c in page.target_countries]:
            reasons.append(_("looking for donors where you live"))
        if reasons:
            suggestions.append(Suggestion(page, reasons, len(reasons)))
    for page in live_pages(EventPage, language).filter(end_at__gte=now, registration_open=True):
        reasons = []
        if member.country and str(page.country) == member.country:
            reasons.append(_("in the country where you live"))
        if "return-visits" in interests and str(page.country) == "VN":
            reasons.append(_("you like to visit home"))
        if reasons:
            # Events where the member lives come first, then the soonest.
            suggestions.append(Suggestion(page, reasons, 10 * len(reasons)))
    suggestions.sort(key=lambda s: (-s.score, getattr(s.page, "start_at", now), s.page.pk))
    return suggestions[:limit]


def live_pages(model: Any, language: str) -> Any:
    """The live pages of `model`, one per page: in `language` where it has them, else in the
    original language."""
    pages = model.objects.live()
    own = pages.filter(locale__language_code=language)
    missing = pages.exclude(translation_key__in=own.values("translation_key")).filter(
        locale__language_code="vi"
    )
    return own | missing
