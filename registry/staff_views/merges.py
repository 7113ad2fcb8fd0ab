"""Probable duplicates, and merging two records of one person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registry import merging, services
from registry.duplicates import probable_duplicates
from registry.forms.staff import MergeForm
from registry.models import AuditEntry, Member
from registry.permissions import StaffRequest, permission_required
from registry.services import merges, records
from registry.staff_views.records import registry_member


@permission_required("merge_member")
def duplicates(request: StaffRequest) -> HttpResponse:
    """Pairs of records in the registry that are probably one person, each told apart by what
    an officer needs to choose (number, source, dates, place, login, whether it has contact
    details); the merge link keeps the person's own record."""
    pairs = probable_duplicates()
    return render(
        request,
        "registry/admin/duplicates.html",
        {"page_title": _("Probable duplicates"), "header_icon": "resubmit", "pairs": pairs},
    )


@permission_required("merge_member")
def merge(request: StaffRequest, keep: int, other: int) -> HttpResponse:
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
            merges.merge_members(
                kept,
                merged,
                actor=request.user,
                choices=form.choices(),
                versions=(form.cleaned_data["kept_version"], form.cleaned_data["merged_version"]),
            )
        except records.EditConflict:
            # Shown again as they are now, with the officer's choices kept.
            data["kept_version"], data["merged_version"] = str(kept.version), str(merged.version)
            form = MergeForm(data, rows=rows, logins=logins)
            form.is_valid()
            form.add_error(None, merge_conflict_message())
        else:
            messages.success(request, _("Records merged."))
            return redirect("registry_member", pk=kept.pk)
    services.audit(
        request.user,
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
