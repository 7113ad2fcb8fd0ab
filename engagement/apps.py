"""Engagement: what members do with the province's projects, programmes and events (an interest
in a project, a pledge to a programme, a registration for an event), and the staff lists of it.

Its own app because it joins two others: the registry's members (and their consents) and the
CMS's pages. Neither imports it; its template tags put its forms and figures on the pages.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")
    default_auto_field = "django.db.models.BigAutoField"
