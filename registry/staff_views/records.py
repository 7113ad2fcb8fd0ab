"""One record: the members list (the search screen in name order), the export, a profile, an
officer's edit, the invitation to claim it, its verification and its deletion."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.params import ids
from registry import exporting, invitations, merging, services
from registry.forms.staff import CONTACT_FIELDS, StaffMemberForm, VerifyForm
from registry.models import AuditEntry, Member
from registry.permissions import (
    StaffRequest,
    can_see_contact,
    may_enter_contact,
    may_record_consents,
    permission_required,
)
from registry.services import records


def registry_member(pk: int) -> Member:
    return get_object_or_404(
        Member.objects.in_registry()
        .select_related("hometown_ward", "hometown_legacy", "sector", "verified_by")
        .prefetch_related("interests", "languages", "associations", "consented_purposes"),
        pk=pk,
    )


@permission_required("view_member")
def member_list(request: StaffRequest) -> HttpResponse:
    """The search screen is the one place staff look members up: the members list is that
    screen in name order, its filters (a bookmark, a link from elsewhere) carried over."""
    params = request.GET.copy()
    for old in ("p", "page"):
        params.pop(old, None)  # a page of 50 is not a page of 25: the first one
    if not params.get("sort"):
        params["sort"] = "name"
    return redirect(f"{reverse('registry_search')}?{params.urlencode()}")


@permission_required("export_member")
@require_POST
def member_export(request: StaffRequest) -> HttpResponse:
    """The chosen members (all in the registry when none is), as the search screen exports
    them; contact details only where allowed."""
    members = Member.objects.in_registry().with_list_data().order_by("search_name", "pk")
    chosen = ids(request.POST.getlist("member"))
    if chosen:
        members = members.filter(pk__in=chosen)
    return exporting.deliver(
        request.user,
        members,
        file_format=request.POST.get("format", "csv"),
        columns=request.POST.getlist("column") or None,
    )


def results_address(request: HttpRequest) -> str:
    """The address of the results a profile was opened from (its `back` parameter), to lead
    back to them: only the search screen's, on this site; anything else is ignored."""
    back = request.GET.get("back", "")
    if len(back) > 2000 or not back.isprintable():
        return ""
    parts = urlsplit(back)
    if parts.scheme or parts.netloc or parts.path != reverse("registry_search"):
        return ""
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@permission_required("view_member")
def member_detail(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        member = registry_member(pk)
    except Http404:
        return merged_away(request, pk)
    services.audit(request.user, AuditEntry.Action.VIEW, member.pk)
    invitation, now = member.invitations.select_related("sent_by").first(), timezone.now()
    return render(
        request,
        "registry/admin/member_detail.html",
        {
            "page_title": member.full_name,
            "header_icon": "user",
            "member": member,
            "show_contact": can_see_contact(request.user, member),
            "verify_form": VerifyForm(),
            "can_change": request.user.has_perm("registry.change_member"),
            "can_verify": request.user.has_perm("registry.verify_member"),
            "can_delete": request.user.has_perm("registry.delete_member"),
            "can_record_consents": may_record_consents(request.user),
            "invitation": invitation,
            "invitation_expired": invitation is not None and invitation.expires_at <= now,
            "back_to_results": results_address(request),
        },
    )


@permission_required("change_member")
def member_edit(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        member = registry_member(pk)
    except Http404:
        return merged_away(request, pk)  # a bookmark of a record merged since: the kept one
    show_contact = can_see_contact(request.user, member)
    form = StaffMemberForm(
        request.POST or None,
        instance=member,
        show_contact=show_contact,
        may_enter_contact=may_enter_contact(request.user),
    )
    if request.method == "POST" and form.is_valid():
        changed = form.changed_fields()
        try:
            form.write(form.save(commit=False), actor=request.user, changed=changed, staff=True)
        except records.EditConflict as conflict:
            form.add_error(None, conflict.message)
        else:
            messages.success(request, _("Record saved."))
            entered = {n for n in CONTACT_FIELDS if n in changed and getattr(member, n)}
            if entered - member.consented_contacts():
                messages.info(
                    request,
                    _(
                        "The contact details you entered stay hidden from staff until the "
                        "person agrees to be contacted at them: on the site, or on paper or by "
                        "phone, recorded with “Record a consent”."
                    ),
                )
            return redirect("registry_member", pk=member.pk)
    # The form shows the record (its contact details too): who opened it is in the audit.
    services.audit(
        request.user,
        AuditEntry.Action.VIEW,
        member.pk,
        page="edit",
    )
    return render(
        request,
        "registry/admin/member_edit.html",
        {
            "page_title": form_title(member.full_name, form),
            "header_icon": "edit",
            "member": member,
            "form": form,
        },
    )


def form_title(title: str, form: django_forms.BaseForm) -> str:
    """The page's title, with "Error: " before it while its form has errors."""
    return _("Error: %(title)s") % {"title": title} if form.errors else title


@permission_required("change_member")
@require_POST
def member_invite(request: StaffRequest, pk: int) -> HttpResponse:
    """Email the person a link to claim their record (registry.invitations)."""
    member = registry_member(pk)
    try:
        invitation = invitations.send_invitation(member, actor=request.user)
    except invitations.InvitationRefused as refused:
        messages.error(request, str(refused.message))  # in the admin's language, now
    else:
        messages.success(
            request,
            _(
                "Invitation sent to the email address on record. The link works once, "
                "until %(date)s."
            )
            % {"date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")},
        )
    return redirect("registry_member", pk=member.pk)


@permission_required("verify_member")
@require_POST
def member_verify(request: StaffRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        records.verify_member(member, actor=request.user, method=form.cleaned_data["method"])
        messages.success(request, _("Record verified."))
    else:
        messages.error(request, _("Choose how the identity was checked."))
    return redirect("registry_member", pk=member.pk)


@permission_required("delete_member")
def member_delete(request: StaffRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    if request.method == "POST":
        records.erase_member(member, actor=request.user, by_member=False)
        messages.success(request, _("Record deleted."))
        return redirect("registry_search")
    return render(
        request,
        "registry/admin/member_delete.html",
        {"page_title": member.full_name, "header_icon": "bin", "member": member},
    )


def merged_away(request: StaffRequest, pk: int) -> HttpResponse:
    """The address of a record merged into another leads to the record that holds it now (through
    every later merge), saying so; 404 for a record that never was or was deleted."""
    merge = merging.kept_record_of(pk, within=Member.objects.in_registry())
    if merge is None:
        raise Http404
    messages.info(
        request,
        _("Record #%(merged)s was merged into this record on %(date)s.")
        % {"merged": pk, "date": date_format(localtime(merge.merged_at), "DATE_FORMAT")},
    )
    return redirect("registry_member", pk=merge.member_id)
