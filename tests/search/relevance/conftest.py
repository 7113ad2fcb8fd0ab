"""The relevance report, shown at the end of the run (the tests write it to
`var/relevance-report.txt` as well)."""

from __future__ import annotations

from typing import Any

REPORTS: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for text in REPORTS:
        terminalreporter.section("search relevance (issue 18)")
        terminalreporter.write_line(text)
