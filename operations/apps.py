"""How the site runs beyond a web request: background work, the scheduler, heartbeats.

Its own app because it belongs to no content area: registry, search and cms declare their
background jobs with `operations.jobs.job` and their periodic ones in `operations.schedule`;
operations itself imports none of them (it names their tasks by dotted path).
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_delete

        from operations.mail.signal_handlers import forget_recipient

        post_delete.connect(
            forget_recipient,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="operations.mail.forget_recipient",
        )
