"""How many requests each target deserves, and those requests generated and sent."""

from __future__ import annotations

import zlib

from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed
from hypothesis import settings as hypothesis_settings

from tests.security.fuzz.environment import SEED
from tests.security.fuzz.gate import Gate
from tests.security.fuzz.requests import FuzzRequest, Target, requests


def stable(text: str) -> int:
    return zlib.crc32(text.encode())


def weight(target: Target) -> float:
    """How many requests a target deserves, relative to the others."""
    route = target.route
    if not (route.ours or route.name.startswith(("registry", "cms", "search"))):
        return 0.3  # Wagtail's own screens (sampled already)
    if route.name == "wagtail_serve" or route.name.startswith("cms:"):
        return 0.6  # pages and feeds: costly to render, and they read few parameters
    if route.module.startswith("allauth."):
        return 0.6  # allauth's own forms (ours only configure them)
    return (1.0 + 0.1 * min(len(target.params), 30)) * (1.5 if target.post else 1.0)


QUIET = hypothesis_settings(
    database=None,
    deadline=None,
    derandomize=False,
    phases=[Phase.generate],
    verbosity=Verbosity.quiet,
    suppress_health_check=list(HealthCheck),
    max_examples=1,
)


def fuzz(gate: Gate, target: Target, examples: int, round_: int = 0) -> None:
    """`examples` distinct requests generated for one target, from the seed and its path alone."""
    sent = target.sent

    @seed(SEED ^ stable(f"{target.path} {round_}"))
    @hypothesis_settings(QUIET, max_examples=examples)
    @given(requests(target))
    def one(generated: tuple[FuzzRequest, str]) -> None:
        if generated in sent:
            reject()  # the same request again: not counted, another one is generated
        sent.add(generated)
        request, persona = generated
        gate.send(target.route, persona, request)

    one()
