"""Exports the worker writes (`registry.exporting`): one being written (its progress, then its
download), and the officer's recent ones.

An export is its asker's alone: anyone else, administrators included, gets 404 (its existence
is not told). A page of work in progress refreshes itself (<meta http-equiv="refresh">: no
script, which the admin's Content-Security-Policy would not run inline).
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from registry.exporting import file_path
from registry.exports import FORMATS
from registry.models import Export
from registry.permissions import StaffRequest, permission_required

# Seconds between two looks of a page showing work in progress.
REFRESH_SECONDS = 3


def own_export(request: StaffRequest, pk: int) -> Export:
    return get_object_or_404(Export.objects.for_display(), pk=pk, requested_by=request.user)


@permission_required("export_member")
def export_list(request: StaffRequest) -> HttpResponse:
    """The officer's exports still kept (EXPORT_KEEP_HOURS), newest first."""
    exports = Export.objects.for_display().filter(requested_by=request.user)
    return render(
        request,
        "registry/admin/export_list.html",
        {
            "page_title": _("Your exports"),
            "header_icon": "download",
            "exports": exports,
            "keep_hours": settings.EXPORT_KEEP_HOURS,
        },
    )


@permission_required("export_member")
def export_status(request: StaffRequest, pk: int) -> HttpResponse:
    export = own_export(request, pk)
    return render(
        request,
        "registry/admin/export_status.html",
        {
            "page_title": _("Export"),
            "header_icon": "download",
            "export": export,
            "refresh": REFRESH_SECONDS if export.in_progress else None,
            "keep_hours": settings.EXPORT_KEEP_HOURS,
        },
    )


@permission_required("export_member")
def export_download(request: StaffRequest, pk: int) -> HttpResponseBase:
    """The written file, to its asker (its audit entry was written with it)."""
    export = own_export(request, pk)
    if export.status != Export.Status.DONE:
        return redirect("registry_export_status", pk=export.pk)
    try:
        content = file_path(export).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=True,
        filename=export.filename,
        content_type=FORMATS[export.file_format],
    )
