"""The briefing pack and the report as files: PDF through WeasyPrint from the templates in
`trips/templates/trips/pack/`, and the pack's spreadsheet (`trips.workbook`).

The PDF embeds the font vendored in `trips/static/trips/fonts/` (Noto Sans: every Vietnamese
letter with its tones), named by a file:// URL resolved from the app's directory, so the file
does not depend on the machine's fonts. WeasyPrint fetches nothing else: its URL fetcher reads
only that folder (and data: URLs); a link in a page's text cannot make it call out.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from trips.maps import leg_map
from trips.pack import Destination, Pack, Person, Row
from trips.report import Report
from trips.workbook import Table, write_tables

# WeasyPrint logs each step of each document at INFO: the worker's log keeps its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Rows a count table shows in the PDF; the rest are summed in one "other" row (the spreadsheet
# has them all).
PDF_ROWS = 15


@functools.cache
def fonts_dir() -> Path:
    return Path(apps.get_app_config("trips").path) / "static" / "trips" / "fonts"


class LocalFetcher(URLFetcher):
    """WeasyPrint's fetcher, for the vendored fonts and data: URLs only."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(fonts_dir()):
                raise ValueError(f"not fetched: {url[:80]}")
        return super().fetch(url, headers)


def write_pdf(template: str, context: dict[str, Any], path: Path) -> None:
    fonts = fonts_dir()
    context = {
        **context,
        "font_regular": (fonts / "NotoSans-Regular.ttf").as_uri(),
        "font_bold": (fonts / "NotoSans-Bold.ttf").as_uri(),
    }
    html = render_to_string(template, context)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=fonts.as_uri() + "/", url_fetcher=LocalFetcher())
    document.write_pdf(path, font_config=font_config)


def shortened(rows: list[Row], limit: int = PDF_ROWS) -> list[Row]:
    """The first `limit` rows, the rest summed as one "other" row; the "unknown" row kept
    apart, last."""
    known = [row for row in rows if not row.unknown]
    unknown = [row for row in rows if row.unknown]
    if len(known) > limit + 1:
        rest = sum(row.count for row in known[limit:])
        label = _("other (%(n)s)") % {"n": len(known) - limit}
        known = [*known[:limit], Row(label, rest)]
    return known + unknown


def count_tables(destination: Destination, limit: int | None = PDF_ROWS) -> list[dict[str, Any]]:
    """The destination's count tables, each with its title."""
    tables = [
        (_("By city"), destination.by_city),
        (_("By sector"), destination.by_sector),
        (_("By age"), destination.by_age),
        (_("By hometown district (before 2025)"), destination.by_district),
        (_("By hometown ward or commune"), destination.by_ward),
    ]
    return [
        {"title": title, "rows": shortened(rows, limit) if limit else rows}
        for title, rows in tables
    ]


def pairs(tables: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Two tables side by side on the page."""
    return [tables[start : start + 2] for start in range(0, len(tables), 2)]


def pack_pdf(pack: Pack, path: Path) -> None:
    destinations = [
        {"destination": d, "map": leg_map(d), "tables": pairs(count_tables(d))}
        for d in pack.destinations
    ]
    write_pdf(
        "trips/pack/pack.html",
        {"pack": pack, "trip": pack.trip, "destinations": destinations},
        path,
    )


def report_pdf(report: Report, path: Path) -> None:
    write_pdf("trips/pack/report.html", {"report": report, "trip": report.trip}, path)


# --- The spreadsheet ------------------------------------------------------------------------


def pack_xlsx(pack: Pack, path: Path) -> None:
    with path.open("wb") as out:
        write_tables(pack_tables(pack), out)


def pack_tables(pack: Pack) -> Iterator[Table]:
    """One sheet per destination (its count tables one under the other), one of the people who
    accepted, one of the linked pages."""
    for destination in pack.destinations:
        leg = destination.leg
        yield Table(
            title=f"{leg.city_name or leg.country.name}",
            heading=[_("Table"), _("Value"), _("Members")],
            widths=[36, 40, 12],
            rows=_count_rows(destination),
        )
    yield Table(
        title=_("Accepted"),
        heading=[
            _("Destination"),
            _("Name"),
            _("Hometown"),
            _("Lives in"),
            _("Occupation"),
            _("Organisation"),
            _("Role"),
            _("Status"),
            _("Why chosen"),
            _("Email"),
            _("Phone"),
        ],
        widths=[18, 28, 30, 22, 24, 26, 16, 14, 40, 28, 18],
        rows=_people_rows(pack),
    )
    yield Table(
        title=_("Projects and programmes"),
        heading=[_("Title"), _("Kind"), _("Description"), _("Address")],
        widths=[40, 22, 70, 50],
        rows=([page.title, page.kind, page.description, page.url] for page in pack.pages),
    )


def _count_rows(destination: Destination) -> Iterator[list[Any]]:
    leg = destination.leg
    dates = f"{formats.date_format(leg.starts_on)} – {formats.date_format(leg.ends_on)}"
    yield [_("Destination"), f"{leg.city_name}, {leg.country.name}", None]
    yield [_("Dates"), dates, None]
    yield [
        _("Members there"),
        _("whole country")
        if destination.whole_country
        else _("within %(km)s km") % {"km": leg.radius_km},
        destination.total,
    ]
    for table in count_tables(destination, limit=None):
        yield [None, None, None]
        for row in table["rows"]:
            yield [table["title"], row.label, row.count]
    yield [None, None, None]
    for association in destination.associations:
        yield [_("Associations"), association.name, association.members_there]


def _people_rows(pack: Pack) -> Iterator[list[Any]]:
    groups: list[tuple[str, list[Person]]] = [
        (d.leg.city_name, d.people) for d in pack.destinations
    ]
    groups.append((_("Elsewhere"), pack.elsewhere))
    for where, people in groups:
        for p in people:
            yield [
                where,
                p.name,
                p.hometown,
                ", ".join(part for part in (p.city, p.country) if part),
                p.occupation,
                p.organisation,
                p.role,
                p.status,
                p.reason,
                p.email,
                p.phone,
            ]
