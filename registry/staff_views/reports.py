"""What the registry holds in numbers, and who saw or touched whose data (the audit log)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from registry import disclosure
from registry.forms.staff import AuditFilterForm
from registry.models import AuditEntry, Interest, Member
from registry.permissions import StaffRequest, permission_required

PAGE_SIZE = 50


@permission_required("view_member_statistics")
def statistics(request: StaffRequest) -> HttpResponse:
    """Aggregated counts only: what a registry viewer may see. No name, no contact.

    A viewer's numbers obey `registry.disclosure` (small cells not listed, the rest rounded);
    officers, who see the names anyway, read them exactly.
    """
    threshold = disclosure.threshold_for(request.user)
    members = Member.objects.in_registry()
    total = members.count()
    interests = {interest.pk: interest for interest in Interest.objects.all()}
    by_country = members.exclude(country="").values_list("country").annotate(n=Count("pk"))
    by_ward = members.exclude(hometown_ward=None).values_list("hometown_ward__name")
    by_interest = members.exclude(interests=None).values_list("interests")

    def table(rows: Iterable[tuple[Any, int]], limit: int | None = None) -> list[tuple[Any, Any]]:
        counts = dict(rows)
        if threshold is not None:
            counts = disclosure.cells(counts, threshold)
        ranked = sorted(counts.items(), key=lambda row: (-row[1], str(row[0])))[:limit]
        return [(label, disclosure.shown(n, threshold)) for label, n in ranked]

    return render(
        request,
        "registry/admin/statistics.html",
        {
            "page_title": _("Registry in numbers"),
            "header_icon": "table",
            "min_cell": threshold,
            "total": disclosure.shown(total, threshold),
            "verified": disclosure.shown(members.exclude(verified_at=None).count(), threshold),
            "by_country": table((countries.name(code), n) for code, n in by_country),
            "by_ward": table(by_ward.annotate(n=Count("pk")), limit=30),
            "by_interest": table(
                (interests[pk], n) for pk, n in by_interest.annotate(n=Count("pk"))
            ),
        },
    )


@permission_required("view_auditentry")
def audit_log(request: StaffRequest) -> HttpResponse:
    """Who saw or touched whose data, when and how: filtered by a record, every entry about it
    (its views, edits, merges, and the exports and imports that included it), to the second."""
    form = AuditFilterForm(request.GET or None)
    # Newest first, said here: a query with an aggregate ignores the model's default order.
    entries = AuditEntry.objects.annotate(subject_count=Count("subjects")).order_by("-at", "-pk")
    if form.is_valid():
        if form.cleaned_data["action"]:
            entries = entries.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["member"]:
            entries = entries.filter(subjects__member_id=form.cleaned_data["member"])
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "registry/admin/audit_log.html",
        {
            "page_title": _("Audit log"),
            "header_icon": "history",
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "time_zone": timezone.get_current_timezone_name(),
        },
    )
