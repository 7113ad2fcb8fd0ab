from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_DOMAIN, totp_secret
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current one-time codes of the demo staff accounts (local demos only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_codes only runs with DEBUG on: it is for local demos.")
        counter = next(yield_hotp_counters_from_time())
        for user in User.objects.filter(email__endswith="@" + DEMO_DOMAIN):
            secret = totp_secret(user)
            if secret:
                code = format_hotp_value(hotp_value(secret, counter))
                self.stdout.write(f"{user.email:<32} {code}")
