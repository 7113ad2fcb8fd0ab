"""Leadership trips abroad: from the registry to a shortlist, invitations in each person's
language, a briefing pack for the delegation and, afterwards, what came of it.

Its own app because it joins the registry (members, consents, search) with the CMS's pages and
the engagement records a trip's commitments become. Neither of those imports it.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "trips"
    verbose_name = _("Leadership trips")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trips import signals  # noqa: F401 - connects the receivers
