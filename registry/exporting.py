"""Exports too large to write within a web request, written by the worker instead.

Up to EXPORT_IN_REQUEST_MAX members an export is written at once, as always
(`registry.exports.export_file`). Above that, the request keeps which members the officer asked
for, in the file's order (`Export`), and hands the writing to the worker (`write_export`); the
officer watches its progress and downloads the file, which only they can fetch, from
PRIVATE_MEDIA_ROOT. The audit entry is the one an export written at once makes, written when
the file is complete. Files are deleted EXPORT_KEEP_HOURS after they were asked for.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from operations.jobs import job
from registry.exports import (
    audit_export,
    chosen_columns,
    export_detail,
    export_file,
    file_name,
    known_format,
    rows,
    with_export_data,
    write_csv,
    write_xlsx,
)
from registry.models import Export, Member
from registry.permissions import can_see_contact

logger = logging.getLogger(__name__)

# Members read and written per query: the worker's memory stays flat at any size.
CHUNK = 1000
FOLDER = "exports"


def deliver(
    user: User,
    members: Any,
    *,
    file_format: str = "csv",
    columns: list[str] | None = None,
    name_words: Iterable[str] = (),
    **audit_detail: Any,
) -> HttpResponse:
    """The export's file now, or, for more than EXPORT_IN_REQUEST_MAX members, the page that
    follows its writing on the worker. `members` is ordered as the file will be."""
    if members.count() <= settings.EXPORT_IN_REQUEST_MAX:
        return export_file(
            user,
            members,
            file_format=file_format,
            columns=columns,
            name_words=name_words,
            **audit_detail,
        )
    export = queue_export(
        user,
        members,
        file_format=file_format,
        columns=columns,
        name_words=name_words,
        **audit_detail,
    )
    return redirect("registry_export_status", pk=export.pk)


def queue_export(
    user: User,
    members: Any,
    *,
    file_format: str,
    columns: list[str] | None,
    name_words: Iterable[str],
    **audit_detail: Any,
) -> Export:
    """Keep what the officer asked for and give its writing to the worker."""
    file_format = known_format(file_format)
    keys = chosen_columns(columns or [])
    ids = list(members.values_list("pk", flat=True))
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=user,
            file_format=file_format,
            columns=keys,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            filename=file_name(name_words, file_format, timezone.localdate().isoformat()),
            member_ids=ids,
            total=len(ids),
            audit_detail=export_detail(audit_detail, file_format, columns, keys),
        )
        write_export.enqueue(export.pk)
    return export


def file_path(export: Export) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / export.path


# Progress is committed as the rows are written (atomic=False), so the officer sees it. Run
# again (a worker stopped half-way), it starts the file over; once the export is done or failed
# it does nothing, and the audit entry is written once, with the status that says "done".
@job(atomic=False)
def write_export(export_id: int) -> str:
    export = (
        Export.objects.select_related("requested_by")
        .filter(pk=export_id, status__in=[Export.Status.WAITING, Export.Status.RUNNING])
        .first()
    )
    if export is None:
        return "nothing to do"
    if export.path:
        file_path(export).unlink(missing_ok=True)  # an earlier attempt's partial file
    export.path = f"{FOLDER}/{export.pk}-{secrets.token_hex(8)}.{export.file_format}"
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, written=0, path=export.path
    )
    user = export.requested_by
    if user is None or not user.has_perm("registry.export_member"):
        fail(export)
        return "refused"
    try:
        with translation.override(export.language):
            exported = write_file(export, user)
    except Exception:
        fail(export)
        raise
    with transaction.atomic():
        finished = Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING).update(
            status=Export.Status.DONE,
            written=len(exported),
            finished_at=timezone.now(),
            member_ids=[],
            audit_detail={},
        )
        if finished:
            audit_export(user, exported, export.audit_detail)
    return "done"


def write_file(export: Export, user: User) -> list[int]:
    """Write the export's file; the records in it, in order."""
    path = file_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    exported: list[int] = []
    cells = _cells(export, user, exported)
    if export.file_format == "xlsx":
        with path.open("wb") as binary:
            write_xlsx(export.columns, cells, _("Members"), binary)
    else:
        with path.open("w", encoding="utf-8", newline="") as text:
            write_csv(export.columns, cells, text)
    return exported


def _cells(export: Export, user: User, exported: list[int]) -> Iterator[list[Any]]:
    """Each member's row, CHUNK members a query; the count written is saved after each chunk.
    A member deleted (or merged away) since the export was asked for is left out."""
    ids = export.member_ids
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = with_export_data(
            Member.objects.in_registry().with_list_data().filter(pk__in=chunk), export.columns
        )
        by_pk = {member.pk: member for member in found}
        members = [by_pk[pk] for pk in chunk if pk in by_pk]
        yield from rows(
            members, export.columns, lambda member: can_see_contact(user, member), exported
        )
        Export.objects.filter(pk=export.pk).update(written=len(exported))


def fail(export: Export) -> None:
    file_path(export).unlink(missing_ok=True)
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.FAILED, finished_at=timezone.now(), member_ids=[], audit_detail={}
    )
    logger.warning("Export %s failed", export.pk)


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete the exports asked for more than EXPORT_KEEP_HOURS ago, with their files; returns
    how many. One still being written gets twice as long (then it is taken for stuck)."""
    keep = datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    cutoff = (now or timezone.now()) - keep
    expired = Export.objects.filter(created_at__lt=cutoff).exclude(
        status=Export.Status.RUNNING, created_at__gte=cutoff - keep
    )
    deleted = 0
    for export in expired.only("pk", "path"):
        if export.path:
            file_path(export).unlink(missing_ok=True)
        deleted += Export.objects.filter(pk=export.pk).delete()[0]
    return deleted
