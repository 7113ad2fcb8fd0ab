"""The briefing pack's drawn map: valid SVG, cut to its frame, circles sized by their counts,
text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trips.maps import HEIGHT, WIDTH, draw, nice_length
from trips.pack import Cluster

SVG = "{http://www.w3.org/2000/svg}"
TOKYO = (35.6895, 139.69171)


def drawn(clusters, **kwargs) -> ET.Element:
    return ET.fromstring(str(draw(clusters, **kwargs)))  # noqa: S314 - our own SVG


def test_it_draws_each_cluster_sized_by_its_count_with_the_count_written():
    clusters = [Cluster(35.69, 139.69, 400, "Tokyo"), Cluster(35.44, 139.64, 100, "Yokohama")]
    svg = drawn(clusters, latitude=TOKYO[0], longitude=TOKYO[1], radius_km=100, city="Tokyo")
    circles = [c for c in svg.iter(f"{SVG}circle") if c.get("stroke-dasharray") is None]
    assert [float(c.get("r")) for c in circles] == [26.0, 13.0]  # area ∝ count
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "400" in texts and "100" in texts and "Tokyo" in texts
    assert "100 km" in texts or "50 km" in texts  # the scale bar


def test_the_coastline_is_cut_to_the_frame():
    svg = drawn([], latitude=TOKYO[0], longitude=TOKYO[1], radius_km=100, city="Tokyo")
    land = next(p for p in svg.iter(f"{SVG}path") if p.get("fill-rule") == "evenodd")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", land.get("d"))]
    assert numbers  # Japan is there
    xs, ys = numbers[0::2], numbers[1::2]
    assert 0 <= min(xs) and max(xs) <= WIDTH and 0 <= min(ys) and max(ys) <= HEIGHT


def test_a_city_name_is_text_not_markup():
    svg = str(draw([], latitude=0.0, longitude=0.0, radius_km=50, city="<b>Lomé</b>"))
    assert "<b>" not in svg and "&lt;b&gt;Lomé" in svg


def test_without_coordinates_it_fits_the_clusters_or_draws_nothing():
    assert str(draw([])) == ""
    svg = drawn([Cluster(43.06, 141.35, 5, "Sapporo"), Cluster(33.59, 130.40, 3, "Fukuoka")])
    assert len(list(svg.iter(f"{SVG}circle"))) == 2


def test_circles_that_would_hide_each_other_are_merged():
    clusters = [Cluster(35.69, 139.69, 400, "Tokyo"), Cluster(35.70, 139.70, 100, "Tokyo")]
    svg = drawn(clusters, latitude=TOKYO[0], longitude=TOKYO[1], radius_km=100, city="Tokyo")
    circles = [c for c in svg.iter(f"{SVG}circle") if c.get("stroke-dasharray") is None]
    assert len(circles) == 1
    assert "500" in [t.text for t in svg.iter(f"{SVG}text")]


def test_the_scale_bar_is_a_round_length():
    assert [nice_length(km) for km in (0.7, 3.2, 48, 130)] == [0.5, 2, 20, 100]
