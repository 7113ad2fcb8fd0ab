"""A trip's briefing pack (PDF and XLSX) and post-trip report (PDF), written by the worker.

The officer asks (`queue_document`): the request keeps a `Document` and hands the writing to
the worker (`write_document`), in the same transaction, as `registry.exporting` does for large
exports. The job gathers the pack a destination at a time, committing its progress as it goes
(`step`, `done_steps`, `total_steps`) so the status page can show it; then renders the files,
always in Vietnamese, under PRIVATE_MEDIA_ROOT/trips/, where only permission-checked views
read them (`document_file`). One audit entry names the records the document names (the people
listed, never the members only counted). Files are deleted EXPORT_KEEP_HOURS after they were
asked for (`delete_expired`).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from operations.jobs import job
from registry import services
from registry.models import AuditEntry
from trips import pack as packs
from trips import rendering
from trips import report as reports
from trips.models import Document, Trip

logger = logging.getLogger(__name__)

FOLDER = "trips"
FORMATS = ("pdf", "xlsx")
# Who may have a document written: it names people on the list, as their records do.
PERMISSION = "registry.view_member"
AUDIT_PAGES = {Document.Kind.PACK: "trip-pack", Document.Kind.REPORT: "trip-report"}


def queue_document(trip: Trip, kind: str, user: User) -> Document:
    """Keep the request for a document and give its writing to the worker."""
    kind = Document.Kind(kind)
    steps = trip.legs.count() + 1 if kind == Document.Kind.PACK else 2
    with transaction.atomic():
        document = Document.objects.create(
            trip=trip, kind=kind, requested_by=user, total_steps=steps
        )
        write_document.enqueue(document.pk)
    return document


def document_file(document: Document, file_format: str) -> Path:
    """Where the document's file in `file_format` ("pdf" or "xlsx") is; FileNotFoundError when
    it has none (not written yet, failed, deleted, or a report's spreadsheet)."""
    name = {"pdf": document.pdf_path, "xlsx": document.xlsx_path}.get(file_format, "")
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name if name else None
    if path is None or document.status != Document.Status.DONE or not path.is_file():
        raise FileNotFoundError(file_format)
    return path


def _paths(document: Document) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [root / name for name in (document.pdf_path, document.xlsx_path) if name]


def progress(document: Document, step: str, done: int) -> None:
    """Say what is being written now (committed at once: the job runs outside a transaction)."""
    document.step, document.done_steps = step[:200], done
    Document.objects.filter(pk=document.pk).update(step=document.step, done_steps=done)


# Progress is committed as the document is written (atomic=False). Run again (a worker stopped
# half-way), it starts over with new files; once the document is done or failed it does
# nothing, and the audit entry is written once, with the status that says "done".
@job(atomic=False)
def write_document(document_id: int) -> str:
    document = (
        Document.objects.select_related("trip", "requested_by")
        .filter(pk=document_id, status__in=[Document.Status.WAITING, Document.Status.RUNNING])
        .first()
    )
    if document is None:
        return "nothing to do"
    for path in _paths(document):
        path.unlink(missing_ok=True)  # an earlier attempt's partial files
    token = secrets.token_hex(8)
    document.pdf_path = f"{FOLDER}/{document.pk}-{token}.pdf"
    document.xlsx_path = f"{FOLDER}/{document.pk}-{token}.xlsx" if document.kind == "pack" else ""
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.RUNNING,
        done_steps=0,
        step="",
        pdf_path=document.pdf_path,
        xlsx_path=document.xlsx_path,
    )
    user = document.requested_by
    if user is None or not user.is_active or not user.has_perm(PERMISSION):
        fail(document)
        return "refused"
    try:
        with translation.override("vi"):
            subjects = write_files(document, user)
    except Exception:
        fail(document)
        raise
    with transaction.atomic():
        finished = Document.objects.filter(pk=document.pk, status=Document.Status.RUNNING).update(
            status=Document.Status.DONE,
            step="",
            done_steps=document.total_steps,
            finished_at=timezone.now(),
        )
        if finished:
            services.audit(
                user,
                AuditEntry.Action.EXPORT,
                subjects=subjects,
                page=AUDIT_PAGES[Document.Kind(document.kind)],
                trip=document.trip_id,
                count=len(subjects),
            )
    return "done"


def write_files(document: Document, user: User) -> list[int]:
    """Write the document's files; the records they name."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    (root / FOLDER).mkdir(parents=True, exist_ok=True)
    trip = document.trip
    if document.kind == Document.Kind.REPORT:
        progress(document, _("Gathering the list, commitments and tasks"), 0)
        report = reports.gather(trip)
        progress(document, _("Writing the PDF"), 1)
        rendering.report_pdf(report, root / document.pdf_path)
        return report.subjects
    destinations = []
    for number, leg in enumerate(packs.legs_of(trip)):
        progress(
            document, _("Counting the members around %(city)s") % {"city": leg.city_name}, number
        )
        destinations.append(packs.destination(leg))
    progress(document, _("Writing the PDF and the spreadsheet"), len(destinations))
    pack = packs.finish(trip, user, destinations)
    rendering.pack_pdf(pack, root / document.pdf_path)
    rendering.pack_xlsx(pack, root / document.xlsx_path)
    return pack.subjects


def fail(document: Document) -> None:
    for path in _paths(document):
        path.unlink(missing_ok=True)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.FAILED, step="", finished_at=timezone.now()
    )
    logger.warning("Trip document %s (%s) failed", document.pk, document.kind)


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete the documents asked for more than EXPORT_KEEP_HOURS ago, with their files;
    returns how many. One still being written gets twice as long (then it is taken for stuck)."""
    keep = datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    cutoff = (now or timezone.now()) - keep
    expired = Document.objects.filter(created_at__lt=cutoff).exclude(
        status=Document.Status.RUNNING, created_at__gte=cutoff - keep
    )
    deleted = 0
    for document in expired.only("pk", "pdf_path", "xlsx_path"):
        for path in _paths(document):
            path.unlink(missing_ok=True)
        deleted += Document.objects.filter(pk=document.pk).delete()[0]
    return deleted
