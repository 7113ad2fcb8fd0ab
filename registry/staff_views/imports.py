"""The pages of an import after its commit was asked for: the commit under way on the worker
(for a large list, `registry.importing.background`), then what it did."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registry.importing.background import is_committing
from registry.importing.changes import change_label
from registry.importing.undoing import can_undo
from registry.models import ImportBatch, Member
from registry.permissions import StaffRequest
from registry.staff_views.exports import REFRESH_SECONDS


@dataclass
class Outcome:
    """A row of the committed list, with the record it became (None: gone since)."""

    row: int
    pk: int | None
    name: str | None
    fields: list[str]


def import_result(request: StaffRequest, batch: ImportBatch) -> HttpResponse:
    """What the commit did: the records created, updated and matched, each a link, and what
    it could not do."""
    changes = batch.changes or {}
    done = changes.get("rows", [])
    ids = {row["member"] for row in done if row.get("member")}
    names = dict(Member.objects.in_registry().filter(pk__in=ids).values_list("pk", "full_name"))
    by_outcome: dict[str, list[Outcome]] = {}
    for row in done:
        pk = row.get("member")
        by_outcome.setdefault(row["outcome"], []).append(
            Outcome(
                row=row["row"],
                pk=pk,
                name=names.get(pk) if pk else None,
                fields=[change_label(g) for g in row.get("fields", [])],
            )
        )
    return render(
        request,
        "registry/admin/import_result.html",
        {
            "page_title": _("Import a list"),
            "header_icon": "upload",
            "batch": batch,
            "created": by_outcome.get("created", []),
            "updated": by_outcome.get("updated", []),
            "matched": by_outcome.get("matched", []),
            "stale": by_outcome.get("stale", []),
            "gone": by_outcome.get("gone", []),
            "hidden": by_outcome.get("hidden", []),
            "can_undo": can_undo(batch),
        },
    )


def commit_progress(request: StaffRequest, batch: ImportBatch) -> HttpResponse | None:
    """While the worker commits the list: the page saying so (a form sent meanwhile changes
    nothing). After a failed commit: the preview again, with the reason. Else None."""
    if is_committing(batch):
        if request.method == "POST":
            return redirect("registry_import_preview", pk=batch.pk)
        return render(
            request,
            "registry/admin/import_progress.html",
            {
                "page_title": _("Import a list"),
                "header_icon": "upload",
                "batch": batch,
                "rows": len(batch.rows),
                "refresh": REFRESH_SECONDS,
            },
        )
    if batch.commit_state == ImportBatch.CommitState.FAILED and request.method == "GET":
        ImportBatch.objects.filter(pk=batch.pk, commit_state=batch.commit_state).update(
            commit_state=""
        )
        messages.error(
            request,
            _(
                "The import could not be completed, so nothing was imported. Check the rows "
                "and import again."
            ),
        )
    return None
