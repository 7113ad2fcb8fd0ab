from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from registry.synthetic import generate_members


class Command(BaseCommand):
    help = "Add N synthetic members (demo and benchmark data; no real person behind them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=None, help="same seed, same people")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if count < 1:
            raise CommandError("N must be a positive number")
        started = time.monotonic()

        def progress(done: int) -> None:
            self.stdout.write(f"\r  {done:,} / {count:,}", ending="")
            self.stdout.flush()

        try:
            generate_members(
                count, seed=options["seed"], batch_size=options["batch_size"], progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"{count:,} synthetic members added in {elapsed:.1f} s.")
        )
