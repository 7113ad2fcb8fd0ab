"""What the worker and the scheduler leave behind for each other and for /healthz."""

from __future__ import annotations

from django.db import models
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
