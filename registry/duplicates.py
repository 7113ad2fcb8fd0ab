"""Probable duplicates: the same person registered twice, or signed up after an import.

Two records are probably the same person when their folded full names, birth years and current
hometown wards agree ("Nguyễn Văn An" typed without tone marks is still him), or when they share
an email address or a phone number. Officers decide; nothing is merged automatically.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Lower

from registry.merging import is_own
from registry.models import Member


@dataclass(frozen=True)
class DuplicatePair:
    first: Member
    second: Member
    reason: str  # "name", "email" or "phone"

    @property
    def records(self) -> tuple[Member, Member]:
        return (self.first, self.second)


def probable_duplicates(limit: int = 200) -> list[DuplicatePair]:
    """Pairs of registry records that share an identity key, an email or a phone; a few queries
    in all, whatever the number of pairs.

    Only records in the registry (`Member.objects.in_registry()`): a sign-up that stopped before
    the consents step has not agreed to be in it, and staff cannot open it. In each pair `first`
    is the record to keep by default: the person's own (`merging.is_own`), else the older one.
    """
    registry = Member.objects.in_registry()
    name_keys = (
        registry.exclude(birth_year=None)
        .values("search_name", "birth_year", "hometown_ward")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()[: limit * 4]
    )
    wanted = Q(pk__in=[])
    for key in name_keys:
        wanted |= Q(
            search_name=key["search_name"],
            birth_year=key["birth_year"],
            hometown_ward=key["hometown_ward"],
        )
    emails = (
        registry.exclude(email="")
        .annotate(folded_email=Lower("email"))
        .values("folded_email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("folded_email", flat=True)[: limit * 4]
    )
    phones = (
        registry.exclude(phone="")
        .values("phone")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("phone", flat=True)[: limit * 4]
    )
    wanted |= Q(folded_email__in=list(emails)) | Q(phone__in=list(phones))
    members = list(
        registry.annotate(folded_email=Lower("email"))
        .filter(wanted)
        .select_related("hometown_ward")
        .order_by("pk")
    )
    groups: dict[tuple, list[int]] = defaultdict(list)
    for member in members:
        if member.birth_year is not None:
            groups[("name", member.search_name, member.birth_year, member.hometown_ward_id)].append(
                member.pk
            )
        if member.email:
            groups[("email", member.email.lower())].append(member.pk)
        if member.phone:
            groups[("phone", str(member.phone))].append(member.pk)
    by_pk = {m.pk: m for m in members}
    pairs: list[DuplicatePair] = []
    seen: set[tuple[int, int]] = set()
    for group_key, pks in groups.items():
        for other in pks[1:]:
            pair = (pks[0], other)
            if pair in seen:
                continue
            seen.add(pair)
            first, second = by_pk[pks[0]], by_pk[other]
            if is_own(second) and not is_own(first):
                first, second = second, first
            pairs.append(DuplicatePair(first, second, str(group_key[0])))
    return pairs[:limit]
