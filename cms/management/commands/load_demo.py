from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.demo import create_demo_staff
from cms.demo.content import load_site
from cms.editorial import ensure_editorial_setup
from registry.admin_units import load_admin_units
from registry.demo.associations import ensure_demo_associations
from registry.demo.members import generate_members
from registry.models import Member
from trips.demo import ensure_demo_trip

# Synthetic registry members in the demo (clearly marked as source "generated").
DEMO_MEMBERS = 2000


class Command(BaseCommand):
    help = (
        "Load the demo site (pages in every language, seed news), the province's wards, "
        "2,000 synthetic members and demo staff accounts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            counts = load_site()
            ensure_editorial_setup()  # workflow, and the other languages' trees synced from vi
            units = load_admin_units(settings.PROVINCE_CODE)
            associations = ensure_demo_associations()
            existing = Member.objects.filter(source=Member.Source.GENERATED).count()
            generated = (
                generate_members(DEMO_MEMBERS - existing, seed=existing)
                if existing < DEMO_MEMBERS
                else 0
            )
            trip = ensure_demo_trip()
            password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
            staff = create_demo_staff(password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready: {counts['languages']} languages, "
                f"{counts['articles_created']} seed articles, "
                f"{counts['projects_created']} demo investment projects, "
                f"{counts['programmes_created']} charity programmes and "
                f"{counts['events_created']} events and {associations} associations added; "
                f"{units.province_name}: "
                f"{units.wards} wards, {units.legacy_communes} pre-2025 communes; "
                f"{generated:,} synthetic members added ({DEMO_MEMBERS:,} in all); "
                f"a leadership trip: {trip.title}."
            )
        )
        base = settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(f"\n  Public site:  {base}/vi/   (English: {base}/en/)")
        self.stdout.write(f"  Staff admin:  {base}/admin/")
        self.stdout.write(f"\n  Demo staff accounts (password: {password}):")
        for member in staff:
            self.stdout.write(
                f"    {member.role:<18} {member.email:<32} TOTP secret {member.totp_secret}"
            )
        self.stdout.write(
            "\n  Staff sign in with a one-time code: add the secret to an authenticator app, or\n"
            "  run `make codes` (python manage.py demo_codes) to print the current codes.\n"
        )
