"""The staff registry in the Wagtail admin: list, profile, edit, verify, duplicates, merge,
export, delete, statistics and the audit log.

Every view checks a permission (403 otherwise) and reaches records only through
`Member.objects.in_registry()` (404 otherwise). Contact details appear only to staff allowed to
see them and only for members who agreed to be contacted (`can_see_contact`). Each staff action
on personal data writes one audit entry.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable
from functools import wraps
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries

from registry import importing, services
from registry.duplicates import probable_duplicates
from registry.filters import MemberFilterForm
from registry.languages import LANGUAGE_CHOICES
from registry.models import (
    Association,
    AuditEntry,
    ImportBatch,
    Interest,
    LegacyCommune,
    Member,
    Ward,
)

PAGE_SIZE = 50
View = Callable[..., HttpResponse]
CONTACT_FIELDS = ("email", "phone", "messaging")


def forbidden(request: HttpRequest) -> HttpResponse:
    """A plain 403 page for staff without the permission.

    (Raising PermissionDenied would make Wagtail redirect to the dashboard, which hides from
    scripts and tests alike that access was refused.)
    """
    return render(
        request,
        "registry/admin/forbidden.html",
        {"page_title": _("Access denied"), "header_icon": "lock"},
        status=403,
    )


def permission_required(permission: str) -> Callable[[View], View]:
    """The view, or `forbidden` for staff without the permission."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(f"registry.{permission}"):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_see_contact(user: Any, member: Member) -> frozenset[str]:
    """Field-level rule: the contact details (email, phone, messaging) this staff member sees of
    `member`: the role allows them, and the member agreed to staff contact for those details
    (`Member.consented_contacts`). Empty, so false, when none."""
    if not user.has_perm("registry.view_member_contact"):
        return frozenset()
    return member.consented_contacts()


def registry_member(pk: int) -> Member:
    return get_object_or_404(
        Member.objects.in_registry()
        .select_related("hometown_ward", "hometown_legacy", "sector", "verified_by")
        .prefetch_related("interests", "associations", "consented_purposes"),
        pk=pk,
    )


# --- List and export -----------------------------------------------------------------------------


@permission_required("view_member")
def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None)
    members = form.filter(Member.objects.in_registry()).with_list_data()
    if form.active:
        services.audit(request.user, AuditEntry.Action.SEARCH, query=form.active)  # type: ignore[arg-type]
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("p"))
    return render(
        request,
        "registry/admin/member_list.html",
        {
            "page_title": _("Members"),
            "header_icon": "group",
            "form": form,
            "page": page,
            "query_string": request.GET.urlencode(),
            "can_export": request.user.has_perm("registry.export_member"),
        },
    )


@permission_required("export_member")
@require_POST
def member_export(request: HttpRequest) -> HttpResponse:
    """CSV of the chosen members (or all matching the filters); contact only where allowed."""
    members = Member.objects.in_registry().with_list_data()
    chosen = [pk for pk in request.POST.getlist("member") if pk.isdigit()]
    if chosen:
        members = members.filter(pk__in=chosen)
    else:
        form = MemberFilterForm(request.POST)
        members = form.filter(members)
    return csv_export(request.user, members)


def spreadsheet_text(value: str) -> str:
    """Free text a member typed, never run as a formula by the spreadsheet that opens the file."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_export(user: Any, members: Iterable[Member], **audit_detail: Any) -> HttpResponse:
    """The members as a CSV download, contact details only where `can_see_contact`; audited.

    The one export of personal data: the members list and the search screen both use it.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="members.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Number"),
            _("Full name"),
            _("Other names"),
            _("Year of birth"),
            _("Hometown"),
            _("Country"),
            _("City"),
            _("Occupation"),
            _("Organisation"),
            _("Interests"),
            _("Verified"),
            _("Email"),
            _("Phone"),
        ]
    )
    exported = []
    for member in members:
        contact = can_see_contact(user, member)
        writer.writerow(
            [
                member.pk,
                spreadsheet_text(member.full_name),
                spreadsheet_text(member.other_names),
                member.birth_year or "",
                member.hometown_label,
                member.country.code if member.country else "",
                spreadsheet_text(member.city_name),
                spreadsheet_text(member.occupation),
                spreadsheet_text(member.organisation),
                ", ".join(str(i) for i in member.interests.all()),
                _("yes") if member.is_verified else _("no"),
                member.email if "email" in contact else "",
                str(member.phone) if "phone" in contact else "",
            ]
        )
        exported.append(member.pk)
    services.audit(
        user, AuditEntry.Action.EXPORT, subjects=exported, count=len(exported), **audit_detail
    )
    return response


# --- One record ----------------------------------------------------------------------------------


class VerifyForm(django_forms.Form):
    method = django_forms.ChoiceField(
        label=gettext_lazy("How was the identity checked?"), choices=Member.Verification.choices
    )


@permission_required("view_member")
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    services.audit(request.user, AuditEntry.Action.VIEW, member.pk)  # type: ignore[arg-type]
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
        },
    )


class StaffMemberForm(django_forms.ModelForm):
    """What an officer may correct; contact fields only when they may see them."""

    version = django_forms.IntegerField(widget=django_forms.HiddenInput)
    languages = django_forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=django_forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Member
        fields = [
            "full_name",
            "other_names",
            "birth_year",
            "gender",
            "hometown_ward",
            "hometown_legacy",
            "hometown_village",
            "country",
            "city_name",
            "email",
            "phone",
            "messaging",
            "occupation",
            "sector",
            "skills",
            "organisation",
            "interests",
            "associations",
            "preferred_language",
        ]
        widgets = {
            "interests": django_forms.CheckboxSelectMultiple,
            "skills": django_forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, show_contact: Collection[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = settings.PROVINCE_CODE
        self.fields["hometown_ward"].queryset = Ward.objects.filter(province_code=province)
        self.fields["hometown_legacy"].queryset = LegacyCommune.objects.filter(
            ward__province_code=province
        )
        self.fields["interests"].queryset = Interest.objects.all()
        self.fields["version"].initial = self.instance.version
        self.fields["languages"].initial = self.instance.languages.split()
        for name in CONTACT_FIELDS:
            if name not in show_contact:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        legacy, ward = data.get("hometown_legacy"), data.get("hometown_ward")
        if legacy is not None and ward is None:
            data["hometown_ward"] = legacy.ward
        elif legacy is not None and ward is not None and ward != legacy.ward:
            self.add_error(
                "hometown_legacy",
                _("This pre-2025 commune is now part of %(ward)s.") % {"ward": legacy.ward},
            )
        return data

    def save(self, commit: bool = True) -> Member:
        self.instance.languages = " ".join(self.cleaned_data["languages"])
        return super().save(commit)


@permission_required("change_member")
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    show_contact = can_see_contact(request.user, member)
    form = StaffMemberForm(request.POST or None, instance=member, show_contact=show_contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_member(
                form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                actor=request.user,  # type: ignore[arg-type]
                changed=form.changed_data,
                staff=True,
            )
            form.save_m2m()
        except services.EditConflict as conflict:
            form.add_error(None, conflict.message)
        else:
            messages.success(request, _("Record saved."))
            return redirect("registry_member", pk=member.pk)
    return render(
        request,
        "registry/admin/member_edit.html",
        {"page_title": member.full_name, "header_icon": "edit", "member": member, "form": form},
    )


@permission_required("verify_member")
@require_POST
def member_verify(request: HttpRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        services.verify_member(member, actor=request.user, method=form.cleaned_data["method"])  # type: ignore[arg-type]
        messages.success(request, _("Record verified."))
    else:
        messages.error(request, _("Choose how the identity was checked."))
    return redirect("registry_member", pk=member.pk)


@permission_required("delete_member")
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = registry_member(pk)
    if request.method == "POST":
        services.erase_member(member, actor=request.user, by_member=False)  # type: ignore[arg-type]
        messages.success(request, _("Record deleted."))
        return redirect("registry_members")
    return render(
        request,
        "registry/admin/member_delete.html",
        {"page_title": member.full_name, "header_icon": "bin", "member": member},
    )


# --- Duplicates and merge ------------------------------------------------------------------------


@permission_required("merge_member")
def duplicates(request: HttpRequest) -> HttpResponse:
    pairs = probable_duplicates()
    return render(
        request,
        "registry/admin/duplicates.html",
        {"page_title": _("Probable duplicates"), "header_icon": "resubmit", "pairs": pairs},
    )


@permission_required("merge_member")
def merge(request: HttpRequest, keep: int, other: int) -> HttpResponse:
    """Side by side; the officer confirms which record is kept."""
    if keep == other:
        raise Http404
    kept, merged = registry_member(keep), registry_member(other)
    if request.method == "POST":
        services.merge_members(kept, merged, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Records merged."))
        return redirect("registry_member", pk=kept.pk)
    return render(
        request,
        "registry/admin/merge.html",
        {
            "page_title": _("Merge records"),
            "header_icon": "resubmit",
            "kept": kept,
            "merged": merged,
            "show_contact_kept": can_see_contact(request.user, kept),
            "show_contact_merged": can_see_contact(request.user, merged),
        },
    )


# --- Counts and audit ----------------------------------------------------------------------------


@permission_required("view_member_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    """Aggregated counts only: what a registry viewer may see. No name, no contact."""
    members = Member.objects.in_registry()
    by_country = members.exclude(country="").values("country").annotate(n=Count("pk"))
    interests = {interest.pk: interest for interest in Interest.objects.all()}

    return render(
        request,
        "registry/admin/statistics.html",
        {
            "page_title": _("Registry in numbers"),
            "header_icon": "table",
            "total": members.count(),
            "verified": members.exclude(verified_at=None).count(),
            "by_country": sorted(
                ((countries.name(row["country"]), row["n"]) for row in by_country),
                key=lambda row: -row[1],
            ),
            "by_ward": members.exclude(hometown_ward=None)
            .values_list("hometown_ward__name")
            .annotate(n=Count("pk"))
            .order_by("-n")[:30],
            "by_interest": sorted(
                (
                    (interests[row["interests"]], row["n"])
                    for row in members.exclude(interests=None)
                    .values("interests")
                    .annotate(n=Count("pk"))
                ),
                key=lambda row: -row[1],
            ),
        },
    )


class AuditFilterForm(django_forms.Form):
    action = django_forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All")), *AuditEntry.Action.choices],
    )
    member = django_forms.IntegerField(label=gettext_lazy("Record"), required=False, min_value=1)


@permission_required("view_auditentry")
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who saw or touched whose data, when and how: filtered by a record, every entry about it
    (its views, edits, merges, and the exports and imports that included it), to the second."""
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.annotate(subject_count=Count("subjects"))
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


# --- Import --------------------------------------------------------------------------------------


class ImportForm(django_forms.Form):
    file = django_forms.FileField(
        label=gettext_lazy("Member list"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx), first row with the column names: Họ và tên, Năm sinh, "
            "Quê quán, Quốc gia, Thành phố, Email, Điện thoại…"
        ),
    )
    association = django_forms.ModelChoiceField(
        label=gettext_lazy("Association the list comes from"),
        queryset=Association.objects.all(),
        required=False,
    )


@permission_required("import_member")
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        association = form.cleaned_data["association"]
        try:
            if upload.size > importing.MAX_FILE_SIZE:
                raise importing.ImportFileError(gettext_lazy("The file is larger than 5 MB."))
            batch = importing.stage(
                upload.name,
                upload.read(),
                actor=request.user,  # type: ignore[arg-type]
                association_id=association.pk if association else None,
            )
        except importing.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("registry_import_preview", pk=batch.pk)
    return render(
        request,
        "registry/admin/import_upload.html",
        {"page_title": _("Import a list"), "header_icon": "upload", "form": form},
    )


@permission_required("import_member")
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Each row with its errors and matches; commit all valid rows at once, or discard."""
    batches = ImportBatch.objects.all()
    if not request.user.is_superuser:
        batches = batches.filter(created_by_id=request.user.pk)  # an officer's own uploads
    batch = get_object_or_404(batches, pk=pk)
    if request.method == "POST" and batch.committed_at is None:
        if "discard" in request.POST:
            batch.delete()
            messages.success(request, _("The list was discarded; nothing was imported."))
            return redirect("registry_import")
        created, matched = importing.commit_batch(batch, actor=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("Imported: %(created)s new records, %(matched)s matched to existing records.")
            % {"created": created, "matched": matched},
        )
        return redirect("registry_import_preview", pk=batch.pk)
    results = importing.results_of(batch)
    matched_ids = {pk for result in results for pk in result.matches}
    names = dict(Member.objects.filter(pk__in=matched_ids).values_list("pk", "full_name"))
    return render(
        request,
        "registry/admin/import_preview.html",
        {
            "page_title": _("Import a list"),
            "header_icon": "upload",
            "batch": batch,
            "results": results,
            "names": names,
            "to_create": sum(1 for r in results if r.will_create),
            "to_match": sum(
                1 for r in results if r.matches and not r.errors and r.duplicate_of_row is None
            ),
            "with_errors": sum(1 for r in results if r.errors),
        },
    )
