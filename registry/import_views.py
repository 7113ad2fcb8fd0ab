"""Importing an association's list in the Wagtail admin: upload, the preview where the officer
decides, the commit, the list of what it did, and its undo (wired in `wagtail_hooks.py`).

Views parse, call the modules of `registry.importing` and render. An officer reaches only their
own uploads (administrators everyone's), and a list staged longer than IMPORT_STAGED_HOURS is
refused. What the preview shows of a record follows `can_see_contact`: a record found only by an
email or phone the officer may not see is never named, and its contact details are neither shown
nor compared.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from config.params import whole_number
from registry import services
from registry.importing.background import commit_now_or_later
from registry.importing.changes import (
    Change,
    Places,
    phone_text,
    proposed_changes,
    record_digest,
)
from registry.importing.committing import UndecidedRows
from registry.importing.matching import ContactRule, shown_reasons
from registry.importing.reading import MAX_FILE_SIZE, ImportFileError
from registry.importing.results import (
    BY_EMAIL,
    BY_NAME,
    BY_PHONE,
    SAME,
    Decision,
    RowResult,
    results_of,
)
from registry.importing.staging import (
    discard_batch,
    expire_batch,
    expire_staged_batches,
    has_expired,
    save_decisions,
    stage,
)
from registry.importing.undoing import UndoBlocked, can_undo, undo_batch, undo_blockers
from registry.models import Association, AuditEntry, ImportBatch, Member
from registry.permissions import can_see_contact, permission_required
from registry.staff_views.imports import commit_progress, import_result

# Rows per page of the preview: its form stays well under Django's 1,000 fields a request
# (a matched row sends a decision and a box per change).
ROWS_PER_PAGE = 50
SHOWN_SALT = "registry.import_views.shown"
REASONS = {
    BY_NAME: gettext_lazy("same name, year of birth and hometown"),
    BY_EMAIL: gettext_lazy("same email address"),
    BY_PHONE: gettext_lazy("same phone number"),
}


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
            batch = stage(
                upload.name,
                # One byte past the limit is enough for `read_table` to refuse a larger file.
                upload.read(MAX_FILE_SIZE + 1),
                actor=request.user,  # type: ignore[arg-type]
                association_id=association.pk if association else None,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            expire_staged_batches()
            return redirect("registry_import_preview", pk=batch.pk)
    return render(
        request,
        "registry/admin/import_upload.html",
        {"page_title": _("Import a list"), "header_icon": "upload", "form": form},
    )


def own_batch(request: HttpRequest, pk: int) -> ImportBatch:
    """An officer's own upload, or anyone's for an administrator; 404 otherwise."""
    batches = ImportBatch.objects.select_related("association")
    if not request.user.is_superuser:
        batches = batches.filter(created_by_id=request.user.pk)
    return get_object_or_404(batches, pk=pk)


def contact_rule(request: HttpRequest) -> ContactRule:
    def shown(member: Member) -> Collection[str]:
        return can_see_contact(request.user, member)

    return shown


@permission_required("import_member")
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Each row as it will be stored, with its errors, matches and decisions; saving choices
    page by page, then committing all valid rows at once, or discarding. Once committed, the
    list of what was done."""
    batch = own_batch(request, pk)
    if batch.committed_at is not None:
        if request.method == "POST":
            return redirect("registry_import_preview", pk=batch.pk)
        return import_result(request, batch)  # type: ignore[arg-type]
    progress = commit_progress(request, batch)  # type: ignore[arg-type]
    if progress is not None:
        return progress
    if has_expired(batch):
        expire_batch(batch)
        messages.error(
            request,
            _(
                "This list was uploaded more than %(hours)s hours ago and was never imported, "
                "so it has been deleted. Upload it again."
            )
            % {"hours": settings.IMPORT_STAGED_HOURS},
        )
        return redirect("registry_import")
    if request.method == "POST":
        return decide(request, batch)
    return preview_page(request, batch)


def decide(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    url = reverse("registry_import_preview", args=[batch.pk])
    if "discard" in request.POST:
        discard_batch(batch, request.user)  # type: ignore[arg-type]
        messages.success(request, _("The list was discarded; nothing was imported."))
        return redirect("registry_import")
    save_decisions(batch, posted_decisions(request.POST, batch))
    if "commit" in request.POST:
        try:
            outcome = commit_now_or_later(batch, request.user, contact_rule(request))  # type: ignore[arg-type]
        except UndecidedRows as undecided:
            rows = undecided.rows
            messages.error(
                request,
                ngettext(
                    "Decide row %(rows)s first: nothing was imported.",
                    "Decide rows %(rows)s first: nothing was imported.",
                    len(rows),
                )
                % {"rows": get_text_list([str(n) for n in rows], _("and"))},
            )
            return redirect(f"{url}?p={page_of(batch, rows[0])}#row-{rows[0]}")
        if outcome is None:  # a large list: the worker commits it, and this page follows
            return redirect(url)
        messages.success(
            request,
            _(
                "Imported: %(created)s new records, %(matched)s matched to existing records "
                "(%(updated)s of them updated)."
            )
            % {"created": outcome.created, "matched": outcome.matched, "updated": outcome.updated},
        )
        return redirect(url)
    if "save" in request.POST:
        messages.success(request, _("Your choices are saved. Nothing is imported yet."))
    go = whole_number(request.POST.get("go") or request.POST.get("page"), maximum=10_000) or 1
    return redirect(f"{url}?p={go}")


def page_of(batch: ImportBatch, number: int) -> int:
    numbers = [row["number"] for row in batch.rows]
    return numbers.index(number) // ROWS_PER_PAGE + 1 if number in numbers else 1


def posted_decisions(post: QueryDict, batch: ImportBatch) -> dict[int, Decision]:
    """The choices sent for the rows the page showed. The page carries, signed, which rows it
    showed and a digest of each record it offered changes to, as the officer saw it."""
    try:
        shown = signing.loads(post.get("shown", ""), salt=SHOWN_SALT)
    except signing.BadSignature:
        return {}
    if shown.get("batch") != batch.pk:
        return {}
    decisions = {}
    for number in shown["rows"]:
        choice = post.get(f"decision-{number}", "")
        seen, accepted = "", []
        if choice.startswith(SAME):
            index = choice[len(SAME) :]
            seen = shown["seen"].get(str(number), {}).get(index, "")
            accepted = [
                value.split(":", 1)[1]
                for value in post.getlist(f"accept-{number}")
                if value.startswith(f"{index}:")
            ]
        decisions[number] = Decision(choice, tuple(accepted) if seen else (), seen)
    return decisions


@dataclass
class CandidateView:
    """A record the row may be, as the officer may see it."""

    index: int
    member: Member
    reasons: str
    changes: list[Change]
    checked: set[str]
    withheld: bool
    moved: bool  # the record changed since the officer ticked changes for it

    @property
    def value(self) -> str:
        return f"{SAME}{self.index}"


@dataclass
class RowView:
    result: RowResult
    hometown: str
    country: str
    phone: str
    candidates: list[CandidateView] = field(default_factory=list)
    hidden_choice: str = ""  # the decision that says "the record you may not see"
    shares: str = ""  # "Same email address as row 2 (…)"


def preview_page(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    results = results_of(batch)
    page: Page[RowResult] = Paginator(results, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    rows = list(page.object_list)
    ids = {candidate["id"] for row in rows for candidate in row.candidates}
    records = {
        member.pk: member
        for member in Member.objects.in_registry()
        .filter(pk__in=ids)
        .prefetch_related("consented_purposes")
    }
    places = Places(
        [row.values["ward"] for row in rows] + [m.hometown_ward_id for m in records.values()],
        [row.values["legacy"] for row in rows] + [m.hometown_legacy_id for m in records.values()],
    )
    by_number = {row.number: row for row in results}
    seen: dict[str, dict[str, str]] = {}
    views = []
    for row in rows:
        view = row_view(row, records, places, contact_rule(request), by_number)
        if view.candidates:
            seen[str(row.number)] = {str(c.index): record_digest(c.member) for c in view.candidates}
        views.append(view)
    shown = signing.dumps(
        {"batch": batch.pk, "rows": [row.number for row in rows], "seen": seen}, salt=SHOWN_SALT
    )
    services.audit(
        request.user,  # type: ignore[arg-type]
        AuditEntry.Action.IMPORT,
        subjects={c.member.pk for view in views for c in view.candidates},
        step="preview",
        batch=batch.pk,
        page=page.number,
    )
    undecided = [row.number for row in results if row.undecided]
    return render(
        request,
        "registry/admin/import_preview.html",
        {
            "page_title": _("Import a list"),
            "header_icon": "upload",
            "batch": batch,
            "page": page,
            "rows": views,
            "shown": shown,
            "undecided": [(number, page_of(batch, number)) for number in undecided],
            "to_create": sum(1 for r in results if r.will_create),
            "to_match": sum(1 for r in results if r.will_match),
            "with_errors": sum(1 for r in results if r.errors),
            "staged_hours": settings.IMPORT_STAGED_HOURS,
        },
    )


def row_view(
    row: RowResult,
    records: Mapping[int, Member],
    places: Places,
    contacts: ContactRule,
    by_number: Mapping[int, RowResult],
) -> RowView:
    values = row.values
    view = RowView(
        result=row,
        hometown=places.hometown(values["ward"], values["legacy"]),
        country=str(countries.name(values["country"])) if values["country"] else "",
        phone=phone_text(values["phone"]),
    )
    for index, candidate in enumerate(row.candidates):
        member = records.get(candidate["id"])
        if member is None:  # merged or deleted since the upload: not offered
            continue
        reasons = shown_reasons(candidate, member, contacts)
        if not reasons:
            view.hidden_choice = view.hidden_choice or f"{SAME}{index}"
            continue
        changes, withheld = proposed_changes(values, member, contacts(member), places)
        chosen = row.decision == f"{SAME}{index}"
        # Ticks carry over only while the record is as it was when they were made.
        moved = chosen and bool(row.seen) and row.seen != record_digest(member)
        if moved:
            checked: set[str] = set()
        elif row.reviewed:
            checked = set(row.accepted if chosen else ())
        else:
            checked = {change.group for change in changes if change.ticked}
        view.candidates.append(
            CandidateView(
                index=index,
                member=member,
                reasons=", ".join(str(REASONS[reason]) for reason in reasons),
                changes=changes,
                checked=checked,
                withheld=withheld,
                moved=moved,
            )
        )
    earlier = by_number.get(row.shares_with_row or 0)
    if earlier is not None:
        same_email = values["email"] and values["email"] == earlier.values["email"]
        text = (
            _("Same email address as row %(row)s (%(name)s).")
            if same_email
            else _("Same phone number as row %(row)s (%(name)s).")
        )
        view.shares = text % {"row": earlier.number, "name": earlier.values["full_name"]}
    return view


@permission_required("import_member")
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """What undoing the import would do, or which records stop it; then undo it."""
    batch = own_batch(request, pk)
    result = reverse("registry_import_preview", args=[batch.pk])
    if batch.committed_at is None:
        return redirect(result)
    if request.method == "POST":
        if can_undo(batch):
            try:
                undo_batch(batch, request.user)  # type: ignore[arg-type]
            except UndoBlocked as blocked:
                messages.error(
                    request,
                    ngettext(
                        "%(count)s record has changed since the import: nothing was undone.",
                        "%(count)s records have changed since the import: nothing was undone.",
                        len(blocked.blockers),
                    )
                    % {"count": len(blocked.blockers)},
                )
                return redirect("registry_import_undo", pk=batch.pk)
            messages.success(request, _("The import was undone."))
        return redirect(result)
    changes = batch.changes or {}
    created = changes.get("created", [])
    return render(
        request,
        "registry/admin/import_undo.html",
        {
            "page_title": _("Undo the import"),
            "header_icon": "undo",
            "batch": batch,
            "can_undo": can_undo(batch),
            "blockers": undo_blockers(batch) if can_undo(batch) else [],
            "created": len(created),
            "updated": len(changes.get("updated", {})),
            "linked": len([pk for pk in changes.get("linked", []) if pk not in created]),
        },
    )
