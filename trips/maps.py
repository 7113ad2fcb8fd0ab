"""A destination's map, drawn as inline SVG for the briefing pack: no tile server, nothing
fetched. Country outlines come from the world map the staff search already vendors
(`search/static/search/vendor/world-110m.geojson`); the view is the leg's circle, padded, in an
equirectangular projection scaled by the cosine of its latitude (true to shape at that size);
members are drawn as circles per cluster (`trips.pack.Cluster`), their area proportional to the
count, with the count written on them, the leg's city marked and a scale bar in km.

Every element is built with `format_html`, so a city's name is escaped like any text.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trips.pack import Cluster, Destination

WIDTH, HEIGHT = 640, 420
MARGIN = 1.2  # the view reaches this many radii from the city
MAX_CIRCLE = 26.0  # px, the largest cluster's radius
MIN_CIRCLE = 3.5
MAX_CLUSTERS = 80  # the largest ones; the rest are counted in the tables
KM_PER_DEGREE = 111.32
LAND, WATER, BORDER = "#eceee6", "#dbe7f0", "#9aa5ad"
MEMBERS, CITY = "#b23a2e", "#1d3557"

Ring = list[tuple[float, float]]


@functools.cache
def world() -> tuple[tuple[tuple[float, float, float, float], Ring], ...]:
    """Every ring of every country's outline (lon, lat), with its box, read once."""
    search = next(config for config in apps.get_app_configs() if config.name == "search")
    path = Path(search.path) / "static" / "search" / "vendor" / "world-110m.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    rings = []
    for feature in data["features"]:
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                points = [(float(lon), float(lat)) for lon, lat in ring]
                lons, lats = [p[0] for p in points], [p[1] for p in points]
                rings.append(((min(lons), min(lats), max(lons), max(lats)), points))
    return tuple(rings)


@dataclass(frozen=True)
class View:
    """The part of the world drawn, and how a point lands on the picture."""

    west: float
    south: float
    east: float
    north: float
    cos: float  # of the centre's latitude
    scale: float  # px per degree of latitude
    width: float
    height: float

    @classmethod
    def around(cls, latitude: float, longitude: float, radius_km: float) -> View:
        half = math.degrees(radius_km * MARGIN / 6371.0088)
        cos = max(math.cos(math.radians(latitude)), 0.05)
        return cls.fitting(latitude - half, latitude + half, longitude, half / cos, cos)

    @classmethod
    def of_points(cls, points: Sequence[tuple[float, float]]) -> View:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        south, north, west, east = min(lats), max(lats), min(lons), max(lons)
        centre = (south + north) / 2
        cos = max(math.cos(math.radians(centre)), 0.05)
        pad = max(north - south, (east - west) * cos, 0.5) * 0.1
        half_lon = (east - west) / 2 + pad / cos
        return cls.fitting(south - pad, north + pad, (west + east) / 2, half_lon, cos)

    @classmethod
    def fitting(cls, south: float, north: float, longitude: float, half: float, cos: float) -> View:
        """The box widened to the picture's shape, then scaled to fit it."""
        tall, wide = north - south, 2 * half * cos
        if wide / tall < WIDTH / HEIGHT:
            half = tall * WIDTH / HEIGHT / cos / 2
        else:
            extra = (wide * HEIGHT / WIDTH - tall) / 2
            south, north = south - extra, north + extra
        scale = HEIGHT / (north - south)
        return cls(longitude - half, south, longitude + half, north, cos, scale, WIDTH, HEIGHT)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.cos * self.scale, (self.north - lat) * self.scale)

    def overlaps(self, box: tuple[float, float, float, float]) -> bool:
        west, south, east, north = box
        return (
            west <= self.east and east >= self.west and south <= self.north and north >= self.south
        )

    @property
    def px_per_km(self) -> float:
        return self.scale / KM_PER_DEGREE


def clipped(points: Ring, width: float, height: float) -> Ring:
    """The polygon cut to the picture (Sutherland–Hodgman, one edge of the frame at a time)."""
    edges = (
        (lambda p: p[0] >= 0, lambda a, b: _cross_x(a, b, 0)),
        (lambda p: p[0] <= width, lambda a, b: _cross_x(a, b, width)),
        (lambda p: p[1] >= 0, lambda a, b: _cross_y(a, b, 0)),
        (lambda p: p[1] <= height, lambda a, b: _cross_y(a, b, height)),
    )
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _path(points: Ring) -> str:
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


def land(view: View) -> SafeString:
    paths = []
    for box, ring in world():
        if not view.overlaps(box):
            continue
        cut = clipped([view.xy(lon, lat) for lon, lat in ring], view.width, view.height)
        if len(cut) >= 3:
            paths.append(_path(cut))
    return format_html(
        '<path d="{}" fill="{}" stroke="{}" stroke-width="0.8" fill-rule="evenodd"/>',
        " ".join(paths),
        LAND,
        BORDER,
    )


def merged(view: View, clusters: Iterable[Cluster]) -> list[tuple[float, float, float, Cluster]]:
    """The clusters as circles (x, y, radius, cluster), largest first; a circle that would
    mostly hide under a larger one is merged into it (counts added, placed at their weighted
    centre), so that every count drawn can be read."""
    shown = sorted(clusters, key=lambda c: -c.count)[:MAX_CLUSTERS]
    if not shown:
        return []
    largest = shown[0].count

    def radius(count: int) -> float:
        return max(MIN_CIRCLE, MAX_CIRCLE * math.sqrt(min(count, largest) / largest))

    kept: list[list[Any]] = []  # x, y, count, cluster
    for cluster in shown:
        x, y = view.xy(cluster.longitude, cluster.latitude)
        for circle in kept:
            gap = math.hypot(circle[0] - x, circle[1] - y)
            if gap < radius(circle[2]) + radius(cluster.count) * 0.5:
                total = circle[2] + cluster.count
                circle[0] = (circle[0] * circle[2] + x * cluster.count) / total
                circle[1] = (circle[1] * circle[2] + y * cluster.count) / total
                circle[2] = total
                break
        else:
            kept.append([x, y, cluster.count, cluster])
    top = max(circle[2] for circle in kept)
    found = []
    for x, y, count, cluster in sorted(kept, key=lambda c: -c[2]):
        if 0 <= x <= view.width and 0 <= y <= view.height:
            r = max(MIN_CIRCLE, MAX_CIRCLE * math.sqrt(count / top))
            found.append(
                (x, y, r, Cluster(cluster.latitude, cluster.longitude, count, cluster.city))
            )
    return found


def circles(
    view: View, clusters: Iterable[Cluster], city: tuple[float, float] | None = None
) -> SafeString:
    """The circles, biggest drawn first so that small ones stay visible on top; the count on
    each circle large enough to hold it, above the others, and below the city's mark (`city`,
    in px) when the circle holds it."""
    parts = []
    for x, y, r, cluster in merged(view, clusters):
        size = min(max(r * 0.6, 8.0), 13.0)
        inside = r >= 10
        label_y = y + size * 0.35 if inside else y - r - 2
        if city and math.hypot(city[0] - x, city[1] - y) < r:
            inside = r >= 18
            label_y = y + r * 0.45 + size * 0.35 if inside else y + r + size
        colour = "#ffffff" if inside else MEMBERS
        cx, cy = f"{x:.1f}", f"{y:.1f}"
        count = formats.number_format(cluster.count, force_grouping=True)
        parts.append((cx, cy, f"{r:.1f}", cx, f"{label_y:.1f}", f"{size:.1f}", colour, count))
    return format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="{}" fill="' + MEMBERS + '" fill-opacity="0.75" '
        'stroke="#ffffff" stroke-width="1"/><text x="{}" y="{}" font-size="{}" fill="{}" '
        'text-anchor="middle" font-weight="bold">{}</text>',
        parts,
    )


def city_mark(view: View, latitude: float, longitude: float, name: str) -> SafeString:
    """The city's square and name, the name on a white halo (drawn first, then the text)."""
    x, y = view.xy(longitude, latitude)
    tx, ty = f"{x + 8:.1f}", f"{y - 7:.1f}"
    return format_html(
        '<rect x="{}" y="{}" width="9" height="9" fill="{}" stroke="#ffffff" stroke-width="1.2"/>'
        '<text x="{}" y="{}" font-size="12" font-weight="bold" fill="#ffffff" stroke="#ffffff" '
        'stroke-width="3.5" stroke-linejoin="round">{}</text>'
        '<text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">{}</text>',
        f"{x - 4.5:.1f}",
        f"{y - 4.5:.1f}",
        CITY,
        tx,
        ty,
        name,
        tx,
        ty,
        CITY,
        name,
    )


def radius_circle(view: View, latitude: float, longitude: float, radius_km: float) -> SafeString:
    """The leg's circle, dashed: whom the counts include."""
    x, y = view.xy(longitude, latitude)
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="1" '
        'stroke-dasharray="5 4"/>',
        f"{x:.1f}",
        f"{y:.1f}",
        f"{radius_km * view.px_per_km:.1f}",
        CITY,
    )


def nice_length(km: float) -> float:
    """The largest of 1, 2, 5 × 10ⁿ km not above `km`."""
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def scale_bar(view: View) -> SafeString:
    km = nice_length(view.width / 4 / view.px_per_km)
    length = km * view.px_per_km
    x, y = 14.0, view.height - 16.0
    label = _("%(km)s km") % {"km": f"{km:g}"}
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="22" fill="#ffffff" fill-opacity="0.8"/>'
        '<path d="M{},{} v5 h{} v-5" fill="none" stroke="#222222" stroke-width="1.5"/>'
        '<text x="{}" y="{}" font-size="10" fill="#222222">{}</text>',
        f"{x - 6:.1f}",
        f"{y - 14:.1f}",
        f"{length + 12:.1f}",
        f"{x:.1f}",
        f"{y - 5:.1f}",
        f"{length:.1f}",
        f"{x:.1f}",
        f"{y - 7:.1f}",
        label,
    )


def draw(
    clusters: Sequence[Cluster],
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    radius_km: float = 100,
    city: str = "",
) -> SafeString:
    """The map of a destination: around its city when it has coordinates, else around its
    members' clusters; empty when there is neither."""
    centre: tuple[float, float] | None = None
    marked = SafeString("")
    if latitude is not None and longitude is not None:
        view = View.around(latitude, longitude, radius_km)
        centre = view.xy(longitude, latitude)
        marked = format_html(
            "{}{}",
            radius_circle(view, latitude, longitude, radius_km),
            city_mark(view, latitude, longitude, city),
        )
    elif clusters:
        view = View.of_points([(c.latitude, c.longitude) for c in clusters])
    else:
        return SafeString("")
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{}" height="{}" '
        'viewBox="0 0 {} {}" font-family="Noto Sans, sans-serif" role="img" aria-label="{}">'
        '<rect width="{}" height="{}" fill="{}"/>{}{}{}{}'
        '<rect width="{}" height="{}" fill="none" stroke="#888888" stroke-width="1"/></svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        _("Map of the members around %(city)s") % {"city": city} if city else _("Map"),
        WIDTH,
        HEIGHT,
        WATER,
        land(view),
        circles(view, clusters, centre),
        marked,
        scale_bar(view),
        WIDTH,
        HEIGHT,
    )


def leg_map(destination: Destination) -> SafeString:
    """`draw` for a `trips.pack.Destination`."""
    leg = destination.leg
    return draw(
        destination.clusters,
        latitude=leg.latitude,
        longitude=leg.longitude,
        radius_km=leg.radius_km,
        city=leg.city_name,
    )
