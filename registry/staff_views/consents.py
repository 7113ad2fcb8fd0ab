"""Consents a person gave on paper or by phone, recorded by an officer, and the scans of the
signed forms."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import services
from registry.forms.staff_consents import StaffConsentForm, content_type_of
from registry.models import AuditEntry, Consent
from registry.permissions import StaffRequest, can_see_contact, records_consents
from registry.services import consents, records
from registry.staff_views.records import form_title, registry_member


@records_consents
def member_consent(request: StaffRequest, pk: int) -> HttpResponse:
    """Record a decision the person gave on paper or by phone (`StaffConsentForm`)."""
    member = registry_member(pk)
    form = StaffConsentForm(
        request.POST or None,
        request.FILES or None,
        member=member,
        visible_contacts=can_see_contact(request.user, member),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = consents.record_staff_consents(
                member,
                form.decisions(),
                channel=data["channel"],
                actor=request.user,
                given_on=data["given_on"],
                expected_version=data["version"],
                note=data["note"],
                evidence=data["evidence"],
                evidence_extension=getattr(form, "evidence_extension", ""),
                contacts=form.contacts_given,
            )
        except (records.EditConflict, consents.NothingToRecord) as problem:
            form.add_error(None, problem.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s decision recorded.", "%(count)s decisions recorded.", len(recorded)
                )
                % {"count": len(recorded)},
            )
            return redirect("registry_member", pk=member.pk)
    return render(
        request,
        "registry/admin/member_consent.html",
        {
            "page_title": form_title(_("Record a consent given on paper or by phone"), form),
            "header_icon": "tick",
            "member": member,
            "form": form,
        },
    )


@records_consents
def consent_scan(request: StaffRequest, pk: int, consent: int) -> HttpResponseBase:
    """The scan of a signed form, from private storage, to staff who may record consents; every
    opening audited. A download (never shown inline), under a name that says nothing."""
    member = registry_member(pk)
    decision = get_object_or_404(Consent.objects.exclude(evidence=""), pk=consent, member=member)
    try:
        scan = decision.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.audit(request.user, AuditEntry.Action.VIEW, member.pk, scan=decision.pk)
    extension = PurePath(decision.evidence.name).suffix
    return FileResponse(
        scan,
        as_attachment=True,
        filename=f"consent-{member.pk}-{decision.pk}{extension}",
        content_type=content_type_of(decision.evidence.name),
    )
