from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations import backups


class Command(BaseCommand):
    help = (
        "Backups checked: --write FILE saves the data's fingerprint (counts and checksums, no "
        "personal values), with --dump DUMP also pg_dump's the database in the same snapshot; "
        "--against FILE checks a restored database (and its files) against it, exit 1 on a "
        "difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--write", type=Path, metavar="FILE")
        action.add_argument("--against", type=Path, metavar="FILE")
        parser.add_argument(
            "--dump", type=Path, metavar="DUMP", help="with --write: pg_dump -Fc into DUMP too"
        )
        parser.add_argument(
            "--skip-files",
            action="store_true",
            help="with --against: do not check that every stored file is present",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write"]:
            self.write(options["write"], options["dump"])
        else:
            if options["dump"]:
                raise CommandError("--dump goes with --write")
            self.check_against(options["against"], skip_files=options["skip_files"])

    def write(self, path: Path, dump: Path | None) -> None:
        try:
            taken = backups.dump_with_fingerprint(dump) if dump else backups.fingerprint()
        except ValueError as error:
            raise CommandError(str(error)) from error
        path.write_text(json.dumps(taken, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        counts = taken["counts"]
        self.stdout.write(
            f"Fingerprint written to {path}: {counts['members']:,} members, "
            f"{sum(counts['pages_live'].values()):,} live pages, {counts['files']:,} files"
            + (f"; database dumped to {dump}." if dump else ".")
        )

    def check_against(self, path: Path, *, skip_files: bool) -> None:
        try:
            expected = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the fingerprint {path}: {error}") from error
        problems = backups.differences(expected, backups.fingerprint())
        if not skip_files:
            problems += [
                f"files missing: {count} of {where}"
                for where, count in backups.newly_missing(expected).items()
            ]
        for problem in problems:
            self.stderr.write(f"  {problem}")
        if problems:
            raise CommandError(
                f"The restored data differs from the backup taken {expected.get('taken_at')} "
                f"({len(problems)} differences)."
            )
        counts = expected["counts"]
        files = "" if skip_files else ", every file present"
        self.stdout.write(
            self.style.SUCCESS(
                f"The restored data matches the backup taken {expected['taken_at']}: "
                f"{counts['members']:,} members, {sum(counts['pages_live'].values()):,} live "
                f"pages, {counts['users']:,} users, {counts['consents']:,} consents{files}."
            )
        )
