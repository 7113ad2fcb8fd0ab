"""The staff registry in the Wagtail admin: list, profile, edit, verify, duplicates, merge,
export, delete, statistics and the audit log.

Every view checks a permission (403 otherwise) and reaches records only through
`Member.objects.in_registry()` (404 otherwise). Contact details appear only to staff allowed to
see them and only for members who agreed to be contacted (`can_see_contact`). Each staff action
on personal data writes one audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import wraps
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_countries import countries

from config.params import ids
from registry import disclosure, exports, invitations, merging, services
from registry.duplicates import probable_duplicates
from registry.languages import LANGUAGE_CHOICES
from registry.models import (
    AuditEntry,
    Consent,
    Interest,
    LegacyCommune,
    Member,
    Ward,
)
from registry.staff_forms import StaffConsentForm, content_type_of

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
def member_export(request: HttpRequest) -> HttpResponse:
    """The chosen members (all in the registry when none is), as the search screen exports
    them; contact details only where allowed."""
    members = Member.objects.in_registry().with_list_data().order_by("search_name", "pk")
    chosen = ids(request.POST.getlist("member"))
    if chosen:
        members = members.filter(pk__in=chosen)
    return export_file(
        request.user,
        members,
        file_format=request.POST.get("format", "csv"),
        columns=request.POST.getlist("column") or None,
    )


def export_file(
    user: Any,
    members: Any,
    *,
    file_format: str = "csv",
    columns: list[str] | None = None,
    name_words: Iterable[str] = (),
    **audit_detail: Any,
) -> HttpResponse:
    """The members as a CSV or Excel download (`registry.exports`), contact details only where
    `can_see_contact`; audited once, naming every record. `columns` and the format chosen are
    audited too (field names, not values); the file is named after `name_words` (the search's
    criteria as words, never what a person typed) and the day.

    The one export of personal data: the search screen and the members list both use it.
    """
    if file_format not in exports.FORMATS:
        file_format = "csv"
    keys = exports.chosen_columns(columns or [])
    exported: list[int] = []
    cells = exports.rows(
        exports.with_export_data(members, keys),
        keys,
        lambda member: can_see_contact(user, member),
        exported,
    )
    if file_format == "xlsx":
        content = exports.write_xlsx(keys, cells, title=_("Members"))
    else:
        content = exports.write_csv(keys, cells)
    name = exports.file_name(name_words, file_format, timezone.localdate().isoformat())
    response = HttpResponse(content, content_type=exports.FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    if columns is not None:
        audit_detail.update(format=file_format, columns=keys)
    services.audit(
        user, AuditEntry.Action.EXPORT, subjects=exported, count=len(exported), **audit_detail
    )
    return response


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


# --- One record ----------------------------------------------------------------------------------


class VerifyForm(django_forms.Form):
    method = django_forms.ChoiceField(
        label=gettext_lazy("How was the identity checked?"), choices=Member.Verification.choices
    )


@permission_required("view_member")
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        member = registry_member(pk)
    except Http404:
        return merged_away(request, pk)
    services.audit(request.user, AuditEntry.Action.VIEW, member.pk)  # type: ignore[arg-type]
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


def may_record_consents(user: Any) -> bool:
    return bool(
        user.has_perm("registry.change_member") and user.has_perm("registry.view_member_contact")
    )


class StaffMemberForm(django_forms.ModelForm):
    """What an officer may correct.

    Contact details: an officer with the contact permission may enter or correct them on any
    record, yet sees only those the member's consent to staff contact covers. A hidden one is
    write-only here: left empty it stays as it is, typed it is replaced, ticked it is removed.
    What an officer types is never covered by that consent by itself, so it stays hidden until
    the member gives it on the site, or a consent given on paper or by phone covering it is
    recorded (`member_consent`).
    """

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

    def __init__(
        self,
        *args: Any,
        show_contact: Collection[str],
        may_enter_contact: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        province = settings.PROVINCE_CODE
        self.fields["hometown_ward"].queryset = Ward.objects.filter(province_code=province)
        self.fields["hometown_legacy"].queryset = LegacyCommune.objects.filter(
            ward__province_code=province
        )
        self.fields["interests"].queryset = Interest.objects.all()
        self.fields["version"].initial = self.instance.version
        self.fields["languages"].initial = self.instance.languages.split()
        self.hidden_contacts: list[str] = []
        for name in CONTACT_FIELDS:
            if not may_enter_contact:
                del self.fields[name]
            elif name not in show_contact:
                self.hide_contact(name)

    HIDDEN_ON_RECORD = gettext_lazy(
        "One is on record, hidden from staff. Leave this empty to keep it, or type a new one "
        "to replace it."
    )
    NONE_ON_RECORD = gettext_lazy("None on record.")
    REMOVE_LABELS = {
        "email": gettext_lazy("Remove the email address on record"),
        "phone": gettext_lazy("Remove the phone number on record"),
        "messaging": gettext_lazy("Remove the messaging apps on record"),
    }

    def hide_contact(self, name: str) -> None:
        """A contact detail staff may not see: shown empty, written only if typed or removed."""
        self.hidden_contacts.append(name)
        self.initial[name] = ""
        on_record = bool(getattr(self.instance, name))
        self.fields[name].help_text = self.HIDDEN_ON_RECORD if on_record else self.NONE_ON_RECORD
        if on_record:
            self.fields[f"remove_{name}"] = django_forms.BooleanField(
                label=self.REMOVE_LABELS[name], required=False
            )

    def contact_fields(self) -> list[tuple[Any, Any]]:
        """Each contact field with its "remove" box, if any, for the contact section."""
        return [
            (self[name], self[f"remove_{name}"] if f"remove_{name}" in self.fields else None)
            for name in CONTACT_FIELDS
            if name in self.fields
        ]

    def other_fields(self) -> list[Any]:
        return [
            field
            for field in self.visible_fields()
            if field.name not in CONTACT_FIELDS and not field.name.startswith("remove_")
        ]

    def changed_fields(self) -> list[str]:
        """The record's fields this save changes (names only, for the audit)."""
        changed = {n for n in self.changed_data if not n.startswith("remove_")}
        changed |= {n for n in self.hidden_contacts if self.cleaned_data.get(f"remove_{n}")}
        return sorted(changed - {"version"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.hidden_contacts:
            typed, remove = data.get(name), data.get(f"remove_{name}")
            if typed and remove:
                self.add_error(
                    f"remove_{name}",
                    _("Type a new value or remove the one on record, not both."),
                )
            elif remove:
                data[name] = ""
            elif not typed:
                data.pop(name, None)  # left empty: what is on record stays
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
    try:
        member = registry_member(pk)
    except Http404:
        return merged_away(request, pk)  # a bookmark of a record merged since: the kept one
    show_contact = can_see_contact(request.user, member)
    form = StaffMemberForm(
        request.POST or None,
        instance=member,
        show_contact=show_contact,
        may_enter_contact=request.user.has_perm("registry.view_member_contact"),
    )
    if request.method == "POST" and form.is_valid():
        changed = form.changed_fields()
        try:
            services.save_member(
                form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                actor=request.user,  # type: ignore[arg-type]
                changed=changed,
                staff=True,
            )
            form.save_m2m()
        except services.EditConflict as conflict:
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
        request.user,  # type: ignore[arg-type]
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


# --- Consents given on paper or by phone, invitations to claim a record --------------------------

AnyView = Callable[..., HttpResponseBase]  # a file's download is a streaming response


def records_consents(view: AnyView) -> AnyView:
    """Recording a consent changes the record and, for staff contact, makes contact details
    visible: it takes both permissions (`may_record_consents`), and so does opening a scan of
    one (it shows them too)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_record_consents(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


@records_consents
def member_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision the person gave on paper or by phone (staff_forms.StaffConsentForm)."""
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
            recorded = services.record_staff_consents(
                member,
                form.decisions(),
                channel=data["channel"],
                actor=request.user,  # type: ignore[arg-type]
                given_on=data["given_on"],
                expected_version=data["version"],
                note=data["note"],
                evidence=data["evidence"],
                evidence_extension=getattr(form, "evidence_extension", ""),
                contacts=form.contacts_given,
            )
        except (services.EditConflict, services.NothingToRecord) as problem:
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
def consent_scan(request: HttpRequest, pk: int, consent: int) -> HttpResponseBase:
    """The scan of a signed form, from private storage, to staff who may record consents; every
    opening audited. A download (never shown inline), under a name that says nothing."""
    member = registry_member(pk)
    decision = get_object_or_404(Consent.objects.exclude(evidence=""), pk=consent, member=member)
    try:
        scan = decision.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.audit(request.user, AuditEntry.Action.VIEW, member.pk, scan=decision.pk)  # type: ignore[arg-type]
    extension = PurePath(decision.evidence.name).suffix
    return FileResponse(
        scan,
        as_attachment=True,
        filename=f"consent-{member.pk}-{decision.pk}{extension}",
        content_type=content_type_of(decision.evidence.name),
    )


@permission_required("change_member")
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Email the person a link to claim their record (registry.invitations)."""
    member = registry_member(pk)
    try:
        invitation = invitations.send_invitation(member, actor=request.user)  # type: ignore[arg-type]
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
        return redirect("registry_search")
    return render(
        request,
        "registry/admin/member_delete.html",
        {"page_title": member.full_name, "header_icon": "bin", "member": member},
    )


# --- Duplicates and merge ------------------------------------------------------------------------


def merged_away(request: HttpRequest, pk: int) -> HttpResponse:
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


@permission_required("merge_member")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Pairs of records in the registry that are probably one person, each told apart by what
    an officer needs to choose (number, source, dates, place, login, whether it has contact
    details); the merge link keeps the person's own record."""
    pairs = probable_duplicates()
    return render(
        request,
        "registry/admin/duplicates.html",
        {"page_title": _("Probable duplicates"), "header_icon": "resubmit", "pairs": pairs},
    )


class MergeForm(django_forms.Form):
    """The officer's choice for each field where the two records differ (the default is the
    person's own data, see `registry.merging`), and the versions of both records as shown."""

    kept_version = django_forms.IntegerField(widget=django_forms.HiddenInput)
    merged_version = django_forms.IntegerField(widget=django_forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        rows: list[merging.Comparison],
        logins: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if not row.same:
                self.fields[row.key] = django_forms.ChoiceField(
                    label=str(row.field.label),
                    choices=[(option.side, option.text) for option in row.options],
                    initial=row.default,
                    required=False,  # not sent: the default shown (`merging.resolved_choices`)
                    widget=django_forms.RadioSelect,
                )
        if logins:
            self.fields[merging.LOGIN] = django_forms.ChoiceField(
                label=gettext_lazy("Login"),
                choices=logins,
                initial=merging.KEPT,
                required=False,
                widget=django_forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name not in ("kept_version", "merged_version")
        }

    def selected(self, name: str) -> str:
        return str(self[name].value()) if name in self.fields else merging.KEPT


@permission_required("merge_member")
def merge(request: HttpRequest, keep: int, other: int) -> HttpResponse:
    """Both records side by side, every field (contacts included, to the officer merging), a
    choice for each field where they differ; the merge as chosen. The page is audited as a view
    of both records, the merge as one entry about both."""
    if keep == other:
        raise Http404
    if not Member.objects.filter(pk=other).exists():
        done = merging.kept_record_of(other, within=Member.objects.in_registry())
        if done is not None:  # sent twice, or opened again with Back
            messages.info(
                request,
                _("Record #%(merged)s has already been merged into this record.")
                % {"merged": other},
            )
            return redirect("registry_member", pk=done.member_id)
    kept, merged = registry_member(keep), registry_member(other)
    kept_user, merged_user = kept.user, merged.user
    rows = merging.compare(kept, merged)
    logins = []
    if kept_user is not None and merged_user is not None:
        logins = [
            (merging.KEPT, merging.login_text(kept)),
            (merging.MERGED, merging.login_text(merged)),
        ]
    data = request.POST.copy() if request.method == "POST" else None
    form = MergeForm(
        data,
        rows=rows,
        logins=logins,
        initial={"kept_version": kept.version, "merged_version": merged.version},
    )
    if data is not None and form.is_valid():
        try:
            services.merge_members(
                kept,
                merged,
                actor=request.user,  # type: ignore[arg-type]
                choices=form.choices(),
                versions=(form.cleaned_data["kept_version"], form.cleaned_data["merged_version"]),
            )
        except services.EditConflict:
            # Shown again as they are now, with the officer's choices kept.
            data["kept_version"], data["merged_version"] = str(kept.version), str(merged.version)
            form = MergeForm(data, rows=rows, logins=logins)
            form.is_valid()
            form.add_error(None, merge_conflict_message())
        else:
            messages.success(request, _("Records merged."))
            return redirect("registry_member", pk=kept.pk)
    services.audit(
        request.user,  # type: ignore[arg-type]
        AuditEntry.Action.VIEW,
        kept.pk,
        subjects=[merged.pk],
        page="merge",
    )
    return render(
        request,
        "registry/admin/merge.html",
        {
            "page_title": _("Merge records"),
            "header_icon": "resubmit",
            "kept": kept,
            "merged": merged,
            "form": form,
            "rows": [(row, form.selected(row.key), form.errors.get(row.key)) for row in rows],
            "login_note": merging.login_note(kept, merged),
            "login_selected": form.selected(merging.LOGIN),
            "logins": logins,
            "records": [
                (record, record is kept, merging.login_text(record), merging.shown_labels(record))
                for record in (kept, merged)
            ],
            "keep_other_instead": merging.is_own(merged) and not merging.is_own(kept),
        },
    )


def merge_conflict_message() -> str:
    return _(
        "Someone changed one of these records while you were comparing them. Nothing was "
        "merged: check both records as they are now, then merge again."
    )


# --- Counts and audit ----------------------------------------------------------------------------


@permission_required("view_member_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
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
