"""Staff's side, in the Wagtail admin: every page people took part in, and per page the list of
who (interests, pledges or registrations) with their status, notes, a change of status for
several at once, check-in on the day (a phone's screen), totals and an export.

Who sees what (the registry's roles): officers and administrators the lists, with contact
details only of members who agreed to be contacted about what they take part in (and only for
staff allowed contact details at all); registry viewers and editors the counts alone, rounded as
every count they see (`registry.disclosure`). Every list viewed and every export is audited.
"""

from __future__ import annotations

import io
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page

from engagement import matching, services
from engagement.emails import address_of
from engagement.models import Engagement
from registry import disclosure
from registry.exports import write_table_csv, write_table_xlsx
from registry.models import AuditEntry, ConsentPurpose
from registry.permissions import StaffRequest, forbidden, permission_required
from registry.services import audit

Kind, Status = Engagement.Kind, Engagement.Status
# Which statuses staff set, per kind (a registration's waiting list is the site's own).
STATUSES = {
    Kind.INTEREST: [Status.NEW, Status.CONTACTED, Status.CONFIRMED, Status.WITHDRAWN],
    Kind.PLEDGE: [
        Status.NEW,
        Status.CONTACTED,
        Status.CONFIRMED,
        Status.RECEIVED,
        Status.WITHDRAWN,
    ],
    Kind.REGISTRATION: [Status.CONFIRMED, Status.ATTENDED, Status.WITHDRAWN],
}


def page_of(key: uuid.UUID) -> Page:
    """The page of `key`, in its first language (its original); a deleted page's people stay
    listed under the title it had (an unsaved `Page`, with no address)."""
    page = Page.objects.filter(translation_key=key).order_by("pk").first()
    if page is not None:
        return page
    engagement = Engagement.objects.filter(page_key=key).first()
    if engagement is None:
        raise Http404
    return Page(title=engagement.title)


@permission_required("view_member_statistics")
def overview(request: StaffRequest) -> HttpResponse:
    """Every page people took part in, with its counts per status (rounded for viewers)."""
    threshold = disclosure.threshold_for(request.user)
    counted = (
        Engagement.objects.values("page_key", "kind")
        .annotate(
            total=Count("pk", filter=~Q(status=Status.WITHDRAWN)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
        .order_by("kind", "page_key")
    )
    rows = list(counted)
    titles = first_titles([row["page_key"] for row in rows])
    pages = [
        {
            "key": row["page_key"],
            "title": titles.get(row["page_key"]) or _("(page deleted)"),
            "kind": Kind(row["kind"]).label,
            "total": disclosure.shown(row["total"], threshold),
            "waiting": disclosure.shown(row["waiting"], threshold) if row["waiting"] else None,
        }
        for row in rows
    ]
    return render(
        request,
        "engagement/admin/overview.html",
        {
            "page_title": _("Engagement"),
            "header_icon": "group",
            "pages": pages,
            "can_list": request.user.has_perm("registry.view_member"),
        },
    )


def first_titles(keys: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each page's title in its first language (its original), in one query."""
    titles: dict[uuid.UUID, str] = {}
    for key, title in (
        Page.objects.filter(translation_key__in=keys)
        .order_by("pk")
        .values_list("translation_key", "title")
    ):
        titles.setdefault(key, title)
    return titles


class FollowUpForm(forms.Form):
    """A change of status for the engagements ticked, and a note added to each."""

    engagement = forms.TypedMultipleChoiceField(coerce=int, choices=())
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=())
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, kind: str, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.ChoiceField, self.fields["engagement"])
        status = cast(forms.ChoiceField, self.fields["status"])
        chosen.choices = [(pk, pk) for pk in ids]
        chosen.error_messages["required"] = _("Tick at least one person.")
        status.choices = [(s.value, s.label) for s in STATUSES[Kind(kind)]]


def listed(key: uuid.UUID) -> QuerySet[Engagement]:
    return (
        Engagement.objects.of_page(key)
        .select_related("member", "member__user")
        .prefetch_related("member__consented_purposes")
        .order_by("kind", "created_at", "pk")
    )


def contact_allowed(user: Any, engagement: Engagement) -> dict[str, str]:
    """The contact details staff may see of a member taking part: the role allows contact
    details, and the member agreed to be contacted about what they take part in."""
    if not user.has_perm("registry.view_member_contact"):
        return {}
    member = engagement.member
    slugs = {purpose.slug for purpose in member.consented_purposes.all()}
    if ConsentPurpose.PROGRAMMES not in slugs:
        return {}
    found = {"email": address_of(engagement)}
    if member.phone:
        found["phone"] = member.phone.as_international
    return {name: value for name, value in found.items() if value}


def totals(engagements: list[Engagement]) -> dict[str, Any]:
    """Per status; for registrations the places taken; for pledges of money the amounts."""
    by_status = Counter(engagement.status for engagement in engagements)
    seats = sum(
        engagement.seats
        for engagement in engagements
        if engagement.kind == Kind.REGISTRATION
        and engagement.status in (Status.CONFIRMED, Status.ATTENDED)
    )
    money: dict[tuple[str, str], Decimal] = {}
    for engagement in engagements:
        if engagement.amount is not None and engagement.is_open:
            slot = (engagement.currency, engagement.get_status_display())
            money[slot] = money.get(slot, Decimal(0)) + engagement.amount
    return {
        "by_status": [(Status(status).label, n) for status, n in sorted(by_status.items())],
        "seats": seats,
        "money": sorted(money.items()),
    }


@permission_required("view_member")
def page_list(request: StaffRequest, key: uuid.UUID) -> HttpResponse:
    """Who took part from one page, with what, in which status."""
    page = page_of(key)
    engagements = list(listed(key))
    kind = engagements[0].kind if engagements else Kind.REGISTRATION
    can_follow_up = request.user.has_perm("registry.change_member")
    form = FollowUpForm(
        request.POST or None, kind=kind, ids=[engagement.pk for engagement in engagements]
    )
    if request.method == "POST":
        if not can_follow_up:
            return forbidden(request)
        if form.is_valid():
            chosen = [e for e in engagements if e.pk in set(form.cleaned_data["engagement"])]
            changed = services.follow_up(
                chosen,
                form.cleaned_data["status"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("%(count)s changed.") % {"count": changed}
                if changed or not form.cleaned_data["note"]
                else _("Note added."),
            )
            return redirect("engagement_admin:page", key=key)
    audit(
        request.user,
        AuditEntry.Action.VIEW,
        subjects=[engagement.member_id for engagement in engagements],
        page="engagement",
        engagement_page=str(key),
    )
    rows = [(engagement, contact_allowed(request.user, engagement)) for engagement in engagements]
    return render(
        request,
        "engagement/admin/page_list.html",
        {
            "page_title": page.title,
            "header_icon": "group",
            "page": page,
            "key": key,
            "kind": kind,
            "rows": rows,
            "form": form,
            "totals": totals(engagements),
            "can_follow_up": can_follow_up,
            "can_export": request.user.has_perm("registry.export_member"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required("view_member")
def matches(request: StaffRequest, key: uuid.UUID) -> HttpResponse:
    """For a project or a programme: the members who may be interested (who agreed to be
    matched), the best fits first, each with the reasons."""
    page = page_of(key).specific
    if not matching.criteria_of(page):
        raise Http404
    found = matching.people_for(page)
    audit(
        request.user,
        AuditEntry.Action.VIEW,
        subjects=[match.member.pk for match in found],
        page="matches",
        engagement_page=str(key),
    )
    return render(
        request,
        "engagement/admin/matches.html",
        {
            "page_title": _("Who may be interested: %(title)s") % {"title": page.title},
            "header_icon": "group",
            "key": key,
            "page": page,
            "matches": found,
        },
    )


@permission_required("change_member")
def check_in(request: StaffRequest, key: uuid.UUID) -> HttpResponse:
    """On the day, at the door: the people registered, one tap each as they arrive."""
    page = page_of(key)
    registrations = listed(key).filter(
        kind=Kind.REGISTRATION, status__in=[Status.CONFIRMED, Status.ATTENDED]
    )
    if request.method == "POST":
        arrived = registrations.filter(pk=request.POST.get("engagement") or 0).first()
        if arrived is None:
            messages.error(request, _("This person is not on the list."))
        else:
            undo = request.POST.get("undo") == "1"
            services.follow_up(
                [arrived], Status.CONFIRMED if undo else Status.ATTENDED, actor=request.user
            )
            messages.success(
                request,
                (_("%(name)s: arrival undone.") if undo else _("%(name)s has arrived."))
                % {"name": arrived.member.full_name},
            )
        return redirect("engagement_admin:check_in", key=key)
    listing = list(registrations.order_by("member__search_name", "pk"))
    audit(
        request.user,
        AuditEntry.Action.VIEW,
        subjects=[engagement.member_id for engagement in listing],
        page="check-in",
        engagement_page=str(key),
    )
    seats_arrived = sum(e.seats for e in listing if e.status == Status.ATTENDED)
    return render(
        request,
        "engagement/admin/check_in.html",
        {
            "page_title": _("Check-in: %(title)s") % {"title": page.title},
            "header_icon": "tick",
            "key": key,
            "registrations": listing,
            "arrived": seats_arrived,
            "expected": sum(e.seats for e in listing),
        },
    )


EXPORT_WIDTHS = [26, 14, 16, 16, 28, 18, 8, 18, 14, 10, 30, 30, 40]


@permission_required("export_member")
@require_POST
def export(request: StaffRequest, key: uuid.UUID, file_format: str) -> HttpResponse:
    """The page's list as CSV or Excel: contact details only of members who agreed."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    page = page_of(key)
    engagements = list(listed(key))
    heading = [
        _("Full name"),
        _("Kind"),
        _("Status"),
        _("Made"),
        _("Email"),
        _("Phone"),
        _("Guests"),
        _("Role or gift"),
        _("Amount"),
        _("Currency"),
        _("Dietary and accessibility needs"),
        _("Message"),
        _("Staff note"),
    ]
    cells = []
    for engagement in engagements:
        contact = contact_allowed(request.user, engagement)
        cells.append(
            [
                engagement.member.full_name,
                engagement.get_kind_display(),
                engagement.get_status_display(),
                timezone.localtime(engagement.created_at).strftime("%Y-%m-%d %H:%M"),
                contact.get("email"),
                contact.get("phone"),
                engagement.guests if engagement.kind == Kind.REGISTRATION else None,
                engagement.get_role_display() or engagement.get_gift_display(),
                engagement.amount,
                engagement.currency or None,
                "; ".join(filter(None, [engagement.dietary, engagement.accessibility])) or None,
                engagement.message or engagement.description or None,
                engagement.staff_note or None,
            ]
        )
    audit(
        request.user,
        AuditEntry.Action.EXPORT,
        subjects=[engagement.member_id for engagement in engagements],
        page="engagement",
        engagement_page=str(key),
        format=file_format,
        rows=len(cells),
    )
    name = f"engagement-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        text = io.StringIO(newline="")
        write_table_csv([str(h) for h in heading], cells, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        binary = io.BytesIO()
        write_table_xlsx([str(h) for h in heading], EXPORT_WIDTHS, cells, page.title, binary)
        response = HttpResponse(
            binary.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
