"""Staff's actions on a trip beyond its list: one person's line (notes, history, a commitment
recorded), the invitation's text, sending invitations and reminders, the briefing pack and the
report written on the worker, and the follow-up tasks. Every one audited where it touches a
person (`trips.services`, `trips.invitations`, `trips.documents`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engagement.models import Engagement
from registry.models import AuditEntry
from registry.permissions import StaffRequest, can_see_contact, forbidden, permission_required
from registry.services import audit
from trips import documents, invitations, services
from trips.forms import CommitmentForm, FollowUpForm, InvitationTextForm
from trips.models import Document, FollowUp, InvitationText, Shortlisted, Trip
from trips.staff_views import say_errors


@permission_required("view_member")
def line(request: StaffRequest, pk: int, line: int) -> HttpResponse:
    """One person on the list: why, notes, the answer, the history; a commitment recorded."""
    found = get_object_or_404(
        Shortlisted.objects.select_related("trip", "member__user", "added_by"), pk=line, trip_id=pk
    )
    trip = found.trip
    can_change = request.user.has_perm("registry.change_member")
    form = CommitmentForm(request.POST or None, trip=trip)
    if request.method == "POST":
        if not can_change:
            return forbidden(request)
        if found.member is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            services.record_commitment(
                found,
                data["page"],
                actor=request.user,
                kind=Engagement.Kind.INTEREST if kind == "partnership" else kind,
                role=Engagement.Role.PARTNER
                if kind == "partnership"
                else (Engagement.Role.INVESTOR if kind == Engagement.Kind.INTEREST else ""),
                amount=data.get("amount"),
                currency=data.get("currency", ""),
                note=data.get("note", ""),
            )
            messages.success(request, _("Commitment recorded."))
            return redirect("trips_admin:line", pk=pk, line=found.pk)
    if found.member_id:
        audit(request.user, AuditEntry.Action.VIEW, found.member_id, page="trip-line", trip=trip.pk)
    return render(
        request,
        "trips/admin/line.html",
        {
            "page_title": str(found),
            "header_icon": "user",
            "trip": trip,
            "line": found,
            "history": found.history.select_related("actor", "engagement"),
            "form": form,
            "can_change": can_change,
            # The registry's field-level rule: only the details the person's consent covers.
            "contact": can_see_contact(request.user, found.member) if found.member else (),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required("change_member")
def invitation(request: StaffRequest, pk: int) -> HttpResponse:
    """The invitation's text in every language: written in Vietnamese, each language editable."""
    trip = get_object_or_404(Trip, pk=pk)
    current = invitations.texts(trip)
    form = InvitationTextForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for code, text in current.items():
            text.subject = (
                form.cleaned_data.get(f"subject_{code}", "").strip() or current["vi"].subject
            )
            text.body = form.cleaned_data.get(f"body_{code}", "").strip()
            InvitationText.objects.filter(pk=text.pk).update(subject=text.subject, body=text.body)
        messages.success(request, _("Invitation saved."))
        return redirect("trips_admin:trip", pk=pk)
    return render(
        request,
        "trips/admin/invitation.html",
        {
            "page_title": _("Invitation: %(title)s") % {"title": trip},
            "header_icon": "mail",
            "trip": trip,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@permission_required("change_member")
def invite(request: StaffRequest, pk: int) -> HttpResponse:
    """Who will be emailed and who cannot be (named), then, once confirmed, the invitations
    to every approved person who agreed to staff contact."""
    trip = get_object_or_404(Trip, pk=pk)
    if not trip.legs.exists():
        messages.error(request, _("Add the trip's destinations before inviting anyone."))
        return redirect("trips_admin:trip", pk=pk)
    approved = list(
        trip.people.filter(status=Shortlisted.Status.APPROVED)
        .exclude(member=None)
        .select_related("member__user", "trip")
        .prefetch_related("member__consented_purposes")
        .order_by("member__search_name", "pk")
    )
    if not approved:
        messages.error(request, _("Nobody is approved yet: approve the people to invite first."))
        return redirect("trips_admin:trip", pk=pk)
    if request.method != "POST":
        available = invitations.texts(trip)
        languages = dict(settings.LANGUAGES)
        return render(
            request,
            "trips/admin/invite.html",
            {
                "page_title": _("Send the invitations: %(title)s") % {"title": trip},
                "header_icon": "mail",
                "trip": trip,
                "emailed": [
                    (line, code, languages[code])
                    for line in approved
                    if invitations.may_be_contacted(line) and invitations.address(line)
                    for code in [invitations.language_for(line, available)]
                ],
                "not_emailed": [
                    line for line in approved if not invitations.may_be_contacted(line)
                ],
                "no_address": [
                    line
                    for line in approved
                    if invitations.may_be_contacted(line) and not invitations.address(line)
                ],
            },
        )
    sent = invitations.send_invitations(trip, approved, actor=request.user)
    if trip.state == Trip.State.PLANNING and sent.sent:
        Trip.objects.filter(pk=trip.pk).update(state=Trip.State.INVITING)
    messages.success(
        request,
        ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", len(sent.sent))
        % {"n": len(sent.sent)},
    )
    if sent.no_consent:
        messages.warning(
            request,
            ngettext(
                "%(n)s person not invited: they have not agreed to be contacted by staff. "
                "Contact them through their association, or ask for their consent.",
                "%(n)s people not invited: they have not agreed to be contacted by staff. "
                "Contact them through their association, or ask for their consent.",
                len(sent.no_consent),
            )
            % {"n": len(sent.no_consent)},
        )
    if sent.no_email:
        messages.warning(
            request,
            ngettext(
                "%(n)s person not invited: no email address.",
                "%(n)s people not invited: no email address.",
                len(sent.no_email),
            )
            % {"n": len(sent.no_email)},
        )
    return redirect("trips_admin:trip", pk=pk)


@permission_required("change_member")
@require_POST
def remind(request: StaffRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip, pk=pk)
    reminded = invitations.send_reminders(trip, actor=request.user)
    if reminded:
        messages.success(
            request,
            ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", len(reminded))
            % {"n": len(reminded)},
        )
    else:
        messages.warning(
            request,
            _("Nobody to remind: everyone invited has answered, or was reminded in the last day."),
        )
    return redirect("trips_admin:trip", pk=pk)


@permission_required("export_member")
@require_POST
def write(request: StaffRequest, pk: int, kind: str) -> HttpResponse:
    """Ask the worker for a briefing pack or a report; its progress page follows."""
    trip = get_object_or_404(Trip, pk=pk)
    if kind not in Document.Kind.values:
        raise Http404
    document = documents.queue_document(trip, kind, request.user)
    return redirect("trips_admin:document", pk=pk, document=document.pk)


@permission_required("export_member")
def document(request: StaffRequest, pk: int, document: int) -> HttpResponse:
    """A document's progress (the page refreshes itself while it is written), then its files."""
    found = get_object_or_404(Document, pk=document, trip_id=pk, requested_by=request.user)
    return render(
        request,
        "trips/admin/document.html",
        {
            "page_title": found.get_kind_display(),
            "header_icon": "doc-full",
            "trip": found.trip,
            "document": found,
        },
    )


@permission_required("export_member")
def download(request: StaffRequest, pk: int, document: int, file_format: str) -> FileResponse:
    """Only to the officer who asked for it."""
    found = get_object_or_404(
        Document, pk=document, trip_id=pk, requested_by=request.user, status=Document.Status.DONE
    )
    if file_format not in ("pdf", "xlsx") or not getattr(found, f"{file_format}_path"):
        raise Http404
    path = documents.document_file(found, file_format)
    if not path.exists():
        raise Http404
    day = timezone.localdate(found.created_at)
    name = f"{found.kind}-{found.trip_id}-{day:%Y-%m-%d}.{file_format}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@permission_required("change_member")
@require_POST
def add_task(request: StaffRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip, pk=pk)
    form = FollowUpForm(request.POST, trip=trip)
    if form.is_valid():
        services.add_task(
            trip,
            form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
            owner=form.cleaned_data["owner"],
            line=form.cleaned_data["line"],
        )
        messages.success(request, _("Task added."))
    else:
        say_errors(request, form)
    return redirect("trips_admin:trip", pk=pk)


@permission_required("change_member")
@require_POST
def task_done(request: StaffRequest, pk: int, task: int) -> HttpResponse:
    found = get_object_or_404(FollowUp, pk=task, trip_id=pk)
    found.done_at = None if found.done_at else timezone.now()
    found.save(update_fields=["done_at"])
    return redirect("trips_admin:trip", pk=pk)
