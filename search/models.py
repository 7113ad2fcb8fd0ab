from __future__ import annotations

from django.db import models
from django.utils import timezone


class IndexTask(models.Model):
    """A member whose search document must be written again (or removed): the outbox.

    Rows are added in the same database transaction as the change itself, so a change that
    commits is never forgotten; they are applied to Elasticsearch after the commit and deleted
    once it has them. While Elasticsearch is down they wait, retried with a growing delay.
    Only a member id is stored: no personal data waits here.
    """

    member_id = models.PositiveIntegerField(db_index=True)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"member {self.member_id}"
