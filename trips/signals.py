"""An erased member leaves their lines on trips' lists, emptied: "person removed at their
request" (a merged record's lines move to the kept one first: `registry.merging`). A
registration for an event a trip links to puts its member on the trip's list."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from engagement.models import Engagement
from registry.models import Member
from trips import services
from trips.models import FollowUp, LineEvent, Shortlisted


@receiver(pre_delete, sender=Member, dispatch_uid="trips-member-removed")
def empty_lines(sender: Any, instance: Member, **kwargs: Any) -> None:
    lines = Shortlisted.objects.filter(member=instance)
    ids = list(lines.values_list("pk", flat=True))
    if not ids:
        return
    now = timezone.now()
    lines.update(
        member=None, removed_at=now, reason="", notes="", reply_message="", nonce="", guests=0
    )
    FollowUp.objects.filter(line_id__in=ids).update(line=None)
    LineEvent.objects.bulk_create(
        [LineEvent(line_id=pk, at=now, action=LineEvent.Action.REMOVED) for pk in ids]
    )


@receiver(post_save, sender=Engagement, dispatch_uid="trips-event-registration")
def registration_flows_in(sender: Any, instance: Engagement, **kwargs: Any) -> None:
    """A registration for an event a trip links to puts the person on the trip's list."""
    if instance.kind == Engagement.Kind.REGISTRATION:
        services.registered_for_event(instance)
