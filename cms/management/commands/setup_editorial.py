from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.editorial import ensure_editorial_setup
from cms.workflow import WORKFLOW_NAME


class Command(BaseCommand):
    help = (
        "Create what editors need, wherever it is missing: a locale per language, page "
        "permissions, the chief editors' approval workflow, and every language's page tree "
        "synchronised from the Vietnamese one. `migrate` and `load_demo` run it too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_editorial_setup()
        self.stdout.write(self.style.SUCCESS(f"Editorial set-up done: workflow “{WORKFLOW_NAME}”."))
