"""Hostile member list benchmark (run on demand, not in CI).

    .venv/bin/python bench/hostile_uploads.py

Reads each file of the hostile corpus in `tests/registry/hostile_corpus.py`, and a
legitimate 5,000-row workbook, through `registry.importing.reading.read_table` in a forked child,
and prints a table: file, size, wall and CPU seconds, the child's peak resident memory above its
size when forked, and the answer. tracemalloc would miss what zlib and expat allocate in C. Target: every
hostile file refused in under 2 s and 100 MB.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from registry.importing.reading import read_table  # noqa: E402
from tests.registry.hostile_corpus import CORPUS, built  # noqa: E402
from tests.registry.test_hostile_uploads import measure  # noqa: E402
from tests.registry.workbooks import HEADER, legitimate_workbook, sheet_xml, workbook  # noqa: E402


def main() -> None:
    read_table("list.xlsx", workbook(sheet_xml(HEADER)))  # what the first read loads
    files = [(h.label, h.filename, built(h.label)) for h in CORPUS]
    files.append(("a legitimate list of 5,000 rows", "list.xlsx", legitimate_workbook()))
    print(f"| {'file':<52} | {'bytes':>9} | {'s':>6} | {'CPU s':>6} | {'extra MB':>8} | answer")
    print(f"|{'-' * 54}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 10}|{'-' * 42}")
    for label, filename, data in files:
        outcome = measure(filename, data)
        answer = outcome.message[:40] if outcome.error else "read"
        print(
            f"| {label:<52} | {len(data):>9,} | {outcome.seconds:6.3f} | "
            f"{outcome.cpu_seconds:6.3f} | {outcome.extra_mb:8.1f} | {answer}"
        )


if __name__ == "__main__":
    main()
