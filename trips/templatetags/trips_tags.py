"""`{% add_to_trip_box %}`: on the staff search's results, the people ticked (or the whole
result) onto a trip's list. The search app knows nothing of trips; this tag brings them."""

from __future__ import annotations

from typing import Any

from django import template

from trips.models import Trip

register = template.Library()


@register.inclusion_tag("trips/includes/add_to_trip.html", takes_context=True)
def add_to_trip_box(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    allowed = user.has_perm("registry.change_member") and user.has_perm("registry.view_member")
    trips = list(Trip.objects.exclude(state=Trip.State.DONE).only("pk", "title")) if allowed else []
    return {"trips": trips, "allowed": allowed}
