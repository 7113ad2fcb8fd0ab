from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.alerts import send_alerts


class Command(BaseCommand):
    help = (
        "Email officers how many members newly match their saved searches (alerts on). "
        "Run it daily, from cron or the task scheduler."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_alerts()
        self.stdout.write(f"{sent} alert(s) sent.")
