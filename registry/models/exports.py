"""An export too large for a web request: written by the worker, downloaded by the officer who
asked for it, deleted after EXPORT_KEEP_HOURS (`registry.exporting`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportQuerySet(models.QuerySet["Export"]):
    def for_display(self) -> ExportQuerySet:
        """Without the list of members and the audit's detail, which a status page never reads
        and which run to a megabyte for a large export."""
        return self.defer("member_ids", "audit_detail")


class Export(models.Model):
    """Members asked for as a file, between the request and the download.

    The members are the ones matching when the officer asked (`member_ids`, in the file's
    order); the file is written in the language of the page they asked from. Once written, the
    list and the audit's detail are emptied: only the file remains, until it is deleted.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    file_format = models.CharField(max_length=4)
    columns = models.JSONField(default=list)
    language = models.CharField(max_length=10)
    filename = models.CharField(_("file"), max_length=200)
    member_ids = models.JSONField(default=list, blank=True)
    audit_detail = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(_("members"), default=0)
    written = models.PositiveIntegerField(_("written"), default=0)
    # The file's path under PRIVATE_MEDIA_ROOT, once written.
    path = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.written / self.total) if self.total else 0
