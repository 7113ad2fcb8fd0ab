from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.admin_units import UnknownProvince, load_admin_units


class Command(BaseCommand):
    help = "Load the configured province's wards (2025) and pre-2025 communes with the mapping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            default=settings.PROVINCE_CODE,
            help="province code (default: the PROVINCE_CODE setting)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_admin_units(options["province"])
        except UnknownProvince as exc:
            raise CommandError(f"Unknown province code: {exc}") from exc
        self.stdout.write(
            f"{result.province_name}: {result.wards} wards, "
            f"{result.legacy_communes} pre-2025 communes mapped to them."
        )
