"""What the worker and the scheduler leave behind for each other and for /healthz, and the
outgoing mail they send (operations.mail)."""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """A running worker or scheduler saying it is alive, every few seconds."""

    class Role(models.TextChoices):
        WORKER = "worker", _("Worker")
        SCHEDULER = "scheduler", _("Scheduler")

    # "worker:<worker id>" (one row per worker process) or "scheduler:<host>:<pid>".
    name = models.CharField(max_length=120, primary_key=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name


class CompletedTask(models.Model):
    """A task whose work is done, recorded in the same transaction as that work.

    A worker killed after the work committed but before the queue heard of it leaves the task
    "running"; when it is handed to another worker, this row tells that worker it is done.
    """

    task_id = models.CharField(max_length=64, primary_key=True)
    finished_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("completed task")
        verbose_name_plural = _("completed tasks")

    def __str__(self) -> str:
        return self.task_id


class ScheduleSlot(models.Model):
    """One firing of a periodic job: the first scheduler to take a slot enqueues the job, any
    other scheduler running at the same time finds the slot taken and does nothing."""

    job = models.CharField(max_length=64)
    slot = models.CharField(max_length=32)
    fired_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("schedule slots")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_firing_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"


class OutgoingMessageQuerySet(models.QuerySet["OutgoingMessage"]):
    def due(self, now: datetime.datetime) -> OutgoingMessageQuerySet:
        return self.filter(status=OutgoingMessage.Status.WAITING, next_attempt_at__lte=now)

    def interrupted(self, before: datetime.datetime) -> OutgoingMessageQuerySet:
        """Being sent since before `before`: the worker sending them stopped."""
        return self.filter(status=OutgoingMessage.Status.SENDING, attempted_at__lt=before)


class OutgoingMessage(models.Model):
    """An email, stored as it will be sent before anything is sent (operations.mail).

    `mime` is the whole message as Django built it (alternatives and attachments included),
    sent byte for byte by the worker; its Message-ID never changes, so a message sent again
    after an interrupted attempt can be recognised by the receiving side. `last_error` holds
    the error's class and SMTP code only: a server's text may quote the address.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    mime = models.BinaryField()
    from_email = models.CharField(max_length=320)
    # The envelope: To, Cc and Bcc as the caller gave them.
    recipients = models.JSONField(default=list)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    message_id = models.CharField(max_length=255, db_index=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_due")]

    def __str__(self) -> str:
        return self.subject or self.message_id

    def masked_recipients(self) -> list[str]:
        """The addresses as the staff screen shows them: "n***@gmail.com". Enough to tell a
        provider refusing mail, not enough to read a member's contact details."""
        return [masked(address) for address in self.recipients]


def masked(address: str) -> str:
    local, at, domain = parseaddr(address)[1].rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"
