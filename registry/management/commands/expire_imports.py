from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from registry.importing.staging import expire_staged_batches


class Command(BaseCommand):
    help = (
        "Delete imported lists staged more than IMPORT_STAGED_HOURS ago and never committed "
        "(run it hourly from a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_staged_batches()
        self.stdout.write(
            f"{expired} staged lists older than {settings.IMPORT_STAGED_HOURS} hours deleted."
        )
