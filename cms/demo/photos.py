"""Photograph-like pictures for the demo, drawn here: no third-party photo, no licence to track.

Each is a landscape of the province's kind — sea and coast, green hills, rice fields, a river
town at dusk — drawn from a seed (the page's slug), so every page gets its own and a second
`load_demo` draws the same. Sky gradients, layered ridges with haze, water with reflections,
fields in rows, a little grain: enough to look like a photograph on a card, and to exercise
cropping around a focal point, responsive widths and modern formats as real photographs do.
Every picture says in its title that it is a demo illustration.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from wagtail.images.models import Image

WIDTH, HEIGHT = 1600, 900
# What these pictures show, said as their alt text on a page in each language.
ALT = {
    "vi": "Ảnh minh họa phong cảnh (dữ liệu mẫu)",
    "en": "Illustrative landscape (demo picture)",
    "fr": "Paysage d’illustration (image de démonstration)",
    "ru": "Иллюстративный пейзаж (демонстрационное изображение)",
}


@dataclass(frozen=True)
class Scene:
    sky_top: tuple[int, int, int]
    sky_horizon: tuple[int, int, int]
    sun: tuple[int, int, int]
    ridges: tuple[tuple[int, int, int], ...]
    ground: str  # "sea", "fields" or "river"
    ground_colour: tuple[int, int, int]


SCENES = [
    Scene(
        (64, 120, 190),
        (190, 215, 235),
        (255, 244, 214),
        ((96, 124, 140), (60, 96, 90)),
        "sea",
        (38, 92, 128),
    ),
    Scene(
        (90, 150, 210),
        (214, 230, 240),
        (255, 250, 230),
        ((110, 140, 120), (62, 110, 70)),
        "fields",
        (88, 150, 60),
    ),
    Scene(
        (40, 60, 120),
        (238, 160, 110),
        (255, 210, 150),
        ((90, 70, 100), (50, 45, 70)),
        "river",
        (70, 70, 110),
    ),
    Scene(
        (120, 170, 215),
        (236, 240, 236),
        (255, 255, 240),
        ((130, 150, 150), (80, 120, 100)),
        "fields",
        (150, 170, 70),
    ),
]


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _ridge(rng: random.Random, base: float, roughness: float) -> list[float]:
    """Heights across the picture by midpoint displacement: a mountain skyline."""
    points = [base + rng.uniform(-60, 60), base + rng.uniform(-60, 60)]
    spread = 160.0
    while len(points) < WIDTH // 4:
        refined = []
        for left, right in zip(points, points[1:], strict=False):
            refined += [left, (left + right) / 2 + rng.uniform(-spread, spread)]
        points = [*refined, points[-1]]
        spread *= roughness
    step = WIDTH / (len(points) - 1)
    return [points[min(int(x / step), len(points) - 1)] for x in range(WIDTH)]


def draw(seed: str) -> tuple[bytes, tuple[int, int]]:
    """A JPEG of a landscape for `seed`, and the point of interest (for the focal point)."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw, ImageFilter

    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    rng = random.Random(digest)  # noqa: S311 - a drawing, not a secret
    scene = SCENES[digest % len(SCENES)]
    horizon = int(HEIGHT * rng.uniform(0.52, 0.62))
    picture = PillowImage.new("RGB", (WIDTH, HEIGHT))
    pen = ImageDraw.Draw(picture)
    for y in range(horizon):
        pen.line([(0, y), (WIDTH, y)], fill=_mix(scene.sky_top, scene.sky_horizon, y / horizon))
    sun_x, sun_y = rng.randint(200, WIDTH - 200), rng.randint(120, horizon - 120)
    for radius in range(110, 26, -6):  # the glow, then the disc
        glow = _mix(scene.sky_horizon, scene.sun, 1 - (radius - 26) / 84)
        pen.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=glow)
    for index, colour in enumerate(scene.ridges):  # far ridges paler (haze), near ones darker
        heights = _ridge(rng, horizon - 140 + index * 70, 0.55)
        hazed = _mix(colour, scene.sky_horizon, 0.45 - index * 0.3)
        pen.polygon(
            [(0, horizon), *[(x, h) for x, h in enumerate(heights)], (WIDTH, horizon)], fill=hazed
        )
    if scene.ground == "sea" or scene.ground == "river":
        for y in range(horizon, HEIGHT):
            depth = (y - horizon) / (HEIGHT - horizon)
            pen.line(
                [(0, y), (WIDTH, y)],
                fill=_mix(scene.sky_horizon, scene.ground_colour, min(1.0, 0.35 + depth)),
            )
        for _ in range(900):  # light on the water under the sun
            x = int(rng.gauss(sun_x, 90 + (HEIGHT - horizon)))
            y = rng.randint(horizon, HEIGHT)
            pen.line(
                [(x, y), (x + rng.randint(8, 40), y)],
                fill=_mix(scene.sun, scene.ground_colour, (y - horizon) / HEIGHT),
            )
    else:
        rows = 26
        for row in range(rows):  # fields in rows, wider as they come nearer
            top = horizon + (HEIGHT - horizon) * (row / rows) ** 1.6
            bottom = horizon + (HEIGHT - horizon) * ((row + 1) / rows) ** 1.6
            shade = _mix(scene.ground_colour, (40, 80, 30), 0.15 * (row % 3) + 0.3 * row / rows)
            pen.rectangle((0, int(top), WIDTH, int(bottom)), fill=shade)
        for _ in range(40):  # trees along the field edges
            x, y = rng.randint(0, WIDTH), rng.randint(horizon, horizon + 60)
            size = rng.randint(14, 34)
            pen.ellipse((x - size, y - size * 2, x + size, y), fill=(34, 70, 40))
    if scene.ground == "river":  # a town's lights along the far bank
        for _ in range(120):
            x, y = rng.randint(0, WIDTH), horizon - rng.randint(0, 30)
            pen.rectangle((x, y, x + 3, y + 3), fill=(255, 220, 150))
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    grain = PillowImage.effect_noise((WIDTH, HEIGHT), 18).convert("RGB")
    picture = PillowImage.blend(picture, grain, 0.06)
    data = io.BytesIO()
    picture.save(data, format="JPEG", quality=86, optimize=True, progressive=True)
    return data.getvalue(), (sun_x, min(sun_y + 120, HEIGHT - 1))


def demo_photo(slug: str) -> Image:
    """The demo picture for a page (made once; a second load finds it by its title)."""
    name = f"Demo photo: {slug}"
    existing = Image.objects.filter(title=name).first()
    if existing is not None:
        return existing
    data, (x, y) = draw(slug)
    image = Image(
        title=name,
        file=ImageFile(io.BytesIO(data), name=f"demo-{slug}.jpg"),
        width=WIDTH,
        height=HEIGHT,
        focal_point_x=x,
        focal_point_y=y,
        focal_point_width=400,
        focal_point_height=300,
    )
    image.save()
    return image
