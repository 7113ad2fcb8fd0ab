"""Staff's side of trips, in the Wagtail admin: the trips, one trip with its destinations and
its list, a person's line, and adding people from the staff search.

Who sees what (the registry's roles): registry viewers the trips with counts only (rounded as
every count they see); officers and administrators the lists, each view audited; those who may
change records (officers, administrators) build and change them. Invitations, documents and
tasks are in `trips.staff_actions`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.params import ids
from engagement import matching
from registry import disclosure
from registry.models import AuditEntry, ConsentPurpose, Interest, Member
from registry.permissions import StaffRequest, forbidden, permission_required
from registry.services import audit
from search import database
from search.forms import StaffSearchForm
from search.models import SavedSearch
from trips import services
from trips.forms import LegForm, PeopleForm, TripForm, staff_users
from trips.models import Leg, Shortlisted, Trip

Status = Shortlisted.Status


@permission_required("view_member_statistics")
def index(request: StaffRequest) -> HttpResponse:
    """Every trip with its state, dates and people per status (rounded for viewers)."""
    threshold = disclosure.threshold_for(request.user)
    trips = list(Trip.objects.prefetch_related("legs"))
    counted: dict[int, dict[str, int]] = {trip.pk: {} for trip in trips}
    for trip_id, status in (
        Shortlisted.objects.exclude(member=None).values_list("trip_id", "status").iterator()
    ):
        counted[trip_id][status] = counted[trip_id].get(status, 0) + 1
    rows = []
    for trip in trips:
        by_status = counted[trip.pk]
        rows.append(
            {
                "trip": trip,
                "listed": disclosure.shown(sum(by_status.values()), threshold),
                "accepted": disclosure.shown(
                    by_status.get(Status.ACCEPTED, 0) + by_status.get(Status.ATTENDED, 0),
                    threshold,
                ),
            }
        )
    return render(
        request,
        "trips/admin/index.html",
        {
            "page_title": _("Leadership trips"),
            "header_icon": "site",
            "rows": rows,
            "can_open": request.user.has_perm("registry.view_member"),
            "can_change": request.user.has_perm("registry.change_member"),
        },
    )


@permission_required("change_member")
def create(request: StaffRequest) -> HttpResponse:
    form = TripForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        trip = form.save()
        messages.success(
            request, _("Trip “%(title)s” created: add its destinations.") % {"title": trip}
        )
        return redirect("trips_admin:trip", pk=trip.pk)
    return render(
        request,
        "trips/admin/edit.html",
        {"page_title": _("New trip"), "header_icon": "site", "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("change_member")
def edit(request: StaffRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip, pk=pk)
    form = TripForm(request.POST or None, instance=trip)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Trip saved."))
        return redirect("trips_admin:trip", pk=trip.pk)
    return render(
        request,
        "trips/admin/edit.html",
        {
            "page_title": _("Edit: %(title)s") % {"title": trip},
            "header_icon": "site",
            "form": form,
            "trip": trip,
        },
        status=400 if form.errors else 200,
    )


def listed(trip: Trip, status: str = "") -> Any:
    lines = (
        trip.people.select_related("member__sector", "member__hometown_ward", "added_by")
        .prefetch_related("member__interests", "member__consented_purposes")
        .order_by("member__search_name", "pk")
    )
    return lines.filter(status=status) if status in Status.values else lines


def fits(members: list[Member], pages: list[Any]) -> dict[int, list[str]]:
    """Why each member fits the trip's projects and programmes: the matching reasons of the
    engagement work (sector, where they live, the interest a page answers)."""
    interests = dict(Interest.objects.values_list("slug", "name"))
    found: dict[int, list[str]] = {}
    for page in pages:
        for criterion in matching.criteria_of(page):
            query = criterion.query
            for member in members:
                slugs = {interest.slug for interest in member.interests.all()}
                if (
                    (
                        "sectors" in query
                        and member.sector
                        and member.sector.slug in query["sectors"]
                    )
                    or ("countries" in query and member.country in query["countries"])
                    or ("interests" in query and slugs & set(query["interests"]))
                ):
                    words = found.setdefault(member.pk, [])
                    reason = matching.reason(criterion.name, member, page, interests)
                    if reason not in words:
                        words.append(reason)
    return found


@permission_required("view_member")
def trip(request: StaffRequest, pk: int) -> HttpResponse:
    """One trip: what it is, its destinations, its list (each person's role, status, why they
    were chosen and how they fit), invitations, documents and the follow-up."""
    return trip_page(request, get_object_or_404(Trip, pk=pk))


def trip_page(
    request: StaffRequest, trip: Trip, *, leg_form: LegForm | None = None
) -> HttpResponse:
    """The trip's page; with a destination that could not be added, its form as typed."""
    status = request.GET.get("status", "")
    lines = list(listed(trip, status))
    pages = [page.specific for page in trip.pages.all()]
    members = [line.member for line in lines if line.member is not None]
    fitting = fits(members, pages)
    audit(
        request.user,
        AuditEntry.Action.VIEW,
        subjects=[member.pk for member in members],
        page="trip",
        trip=trip.pk,
    )
    return render(
        request,
        "trips/admin/trip.html",
        {
            "page_title": trip.title,
            "header_icon": "site",
            "trip": trip,
            "legs": trip.legs.all(),
            "pages": pages,
            "rows": [(line, fitting.get(line.member_id or 0, [])) for line in lines],
            "contactable": {
                line.pk
                for line in lines
                if line.member and line.member.has_consented(ConsentPurpose.STAFF_CONTACT)
            },
            "counts": [(Status(s).label, s, n) for s, n in services.counts(trip).items()],
            "status": status,
            "form": PeopleForm(ids=[]),
            "leg_form": leg_form or LegForm(),
            "saved_searches": SavedSearch.objects.filter(owner=request.user.pk),
            "owners": staff_users(),
            "documents": trip.documents.all()[:6],
            "tasks": trip.tasks.select_related("owner", "line__member"),
            "commitments": services.commitments(trip),
            "can_change": request.user.has_perm("registry.change_member"),
            "can_export": request.user.has_perm("registry.export_member"),
            "approved": sum(1 for line in lines if line.status == Status.APPROVED),
        },
        status=400 if leg_form is not None else 200,
    )


@permission_required("change_member")
@require_POST
def add_leg(request: StaffRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip, pk=pk)
    form = LegForm(request.POST, instance=Leg(trip=trip))
    if not form.is_valid():
        return trip_page(request, trip, leg_form=form)
    leg = form.save()
    messages.success(request, _("Destination added: %(leg)s.") % {"leg": leg})
    return redirect("trips_admin:trip", pk=trip.pk)


@permission_required("change_member")
@require_POST
def delete_leg(request: StaffRequest, pk: int, leg: int) -> HttpResponse:
    found = get_object_or_404(Leg.objects.select_related("trip"), pk=leg, trip_id=pk)
    if found.trip.state != Trip.State.PLANNING:
        messages.error(
            request,
            _(
                "Invitations are out: the destinations they name can no longer be removed. "
                "Set the trip back to “Planning” first if it really changes."
            ),
        )
        return redirect("trips_admin:trip", pk=pk)
    found.delete()
    messages.success(request, _("Destination removed: %(leg)s.") % {"leg": found})
    return redirect("trips_admin:trip", pk=pk)


@permission_required("change_member")
@require_POST
def people(request: StaffRequest, pk: int) -> HttpResponse:
    """A status, a role or a note for the people ticked."""
    trip = get_object_or_404(Trip, pk=pk)
    chosen = services.lines_of(trip, request.POST.getlist("line"))
    form = PeopleForm(request.POST, ids=[line.pk for line in chosen])
    if not form.is_valid():
        say_errors(request, form)
        return redirect(status_url(pk, request.POST.get("shown", "")))
    changed = services.change_people(
        chosen,
        actor=request.user,
        status=form.cleaned_data["status"],
        role=form.cleaned_data["role"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("%(count)s changed.") % {"count": changed})
    return redirect(status_url(pk, request.POST.get("shown", "")))


def status_url(pk: int, status: str) -> str:
    """The trip's page, showing the people of `status` if it is one."""
    target = reverse("trips_admin:trip", args=[pk])
    return f"{target}?status={status}" if status in Status.values else target


@permission_required("change_member")
@require_POST
def add_from_search(request: StaffRequest) -> HttpResponse:
    """From the search screen: the members ticked, or every member the search finds (at most
    ADD_AT_MOST), onto a trip's list, with the search's criteria as why they were chosen."""
    if not request.user.has_perm("registry.view_member"):
        return forbidden(request)
    chosen_trip = ids([request.POST.get("trip", "")])
    trip = Trip.objects.filter(pk=chosen_trip[0]).first() if chosen_trip else None
    params = QueryDict(request.POST.get("query", ""))
    back = f"{reverse('registry_search')}?{params.urlencode()}"
    if trip is None:
        messages.error(request, _("Choose the trip to add them to."))
        return redirect(back)
    form = StaffSearchForm(params)
    if not form.is_valid():
        messages.error(request, _("Correct the search before adding its people to a trip."))
        return redirect(back)
    wanted: list[int] | None
    if request.POST.get("scope") == "chosen":
        wanted = ids(request.POST.getlist("member"))
        if not wanted:
            messages.error(request, _("Tick the people to add first."))
            return redirect(back)
    else:
        wanted = everyone_found(request, form)
        if wanted is None:
            return redirect(back)
    return added(request, trip, wanted, form, source="search")


def everyone_found(request: StaffRequest, form: StaffSearchForm) -> list[int] | None:
    """Every member the search finds, in name order; None (and the officer told why) when
    they are more than a list takes at once."""
    found = database.filtered(form.to_query()).order_by("search_name", "pk")
    wanted = list(found.values_list("pk", flat=True)[: services.ADD_AT_MOST + 1])
    if len(wanted) <= services.ADD_AT_MOST:
        return wanted
    messages.error(
        request,
        _("The search finds more than %(n)s people: narrow it, or tick those to add.")
        % {"n": services.ADD_AT_MOST},
    )
    return None


@permission_required("change_member")
@require_POST
def add_saved_search(request: StaffRequest, pk: int) -> HttpResponse:
    """Everyone a saved search of the officer's finds, onto the list."""
    trip = get_object_or_404(Trip, pk=pk)
    chosen = ids([request.POST.get("saved", "")])
    saved = SavedSearch.objects.filter(owner=request.user, pk__in=chosen).first()
    if saved is None:
        messages.error(request, _("Choose one of your saved searches."))
        return redirect("trips_admin:trip", pk=pk)
    form = StaffSearchForm(QueryDict(saved.query_string))
    if not form.is_valid():
        messages.error(request, _("That saved search no longer works: open it and save it again."))
        return redirect("trips_admin:trip", pk=pk)
    wanted = everyone_found(request, form)
    if wanted is None:
        return redirect("trips_admin:trip", pk=pk)
    return added(request, trip, wanted, form, source="saved-search", name=saved.name)


def added(
    request: StaffRequest,
    trip: Trip,
    wanted: list[int],
    form: StaffSearchForm,
    *,
    source: str,
    name: str = "",
) -> HttpResponse:
    words = ", ".join(form.words())
    if name:
        reason = _("Saved search “%(name)s”: %(words)s") % {"name": name, "words": words}
    else:
        reason = _("Search: %(words)s") % {"words": words} if words else _("Search")
    result = services.add_people(
        trip, wanted, actor=request.user, reason=reason, source=source, query=form.active
    )
    added = ngettext(
        "%(n)s person added to “%(trip)s”.", "%(n)s people added to “%(trip)s”.", result.added
    ) % {"n": result.added, "trip": trip}
    if result.already:
        added += " " + ngettext(
            "%(n)s was already on its list.", "%(n)s were already on its list.", result.already
        ) % {"n": result.already}
    messages.success(request, added)
    return redirect("trips_admin:trip", pk=trip.pk)


def say_errors(request: StaffRequest, form: forms.BaseForm) -> None:
    """A small form's mistakes as messages atop the page it leads back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
