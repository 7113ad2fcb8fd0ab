from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.demo.members import generate_members


class Command(BaseCommand):
    help = (
        "Add N synthetic members (source 'generated') for demos and benchmarks: no real person "
        "behind them. Needs the province's admin units (load_admin_units)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, metavar="N", help="how many members to add")
        parser.add_argument("--seed", type=int, help="the same seed gives the same people")
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if count < 1:
            raise CommandError("N must be at least 1.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done:,} / {count:,}")

        started = time.monotonic()
        try:
            added = generate_members(
                count, seed=options["seed"], batch_size=options["batch_size"], progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"{added:,} synthetic members added in {elapsed:.1f} seconds.")
        )
