"""The targets: each route opened as each persona with real ids, its forms and links read."""

from __future__ import annotations

import random
import time

from django.urls import Resolver404, resolve

from tests.security.fuzz.environment import SEED, WAGTAIL_ADMIN_SAMPLE
from tests.security.fuzz.gate import Gate
from tests.security.fuzz.pages import Form, Param, page_parts
from tests.security.fuzz.reads import BUTTONS, CODE_PARAMS, EVERYWHERE, HOSTILE_SLOTS, POST_VIEWS
from tests.security.fuzz.requests import FuzzRequest, Target
from tests.security.fuzz.routes import Route
from tests.security.fuzz.world import World

PERSONAS = (
    "anonymous",
    "member",
    "newcomer",
    "editor",
    "registry_officer",
    "registry_viewer",
    "administrator",
)
# A persona the discovery's GET answered thus is not let in (sent to log in, refused, not found).
TURNED_AWAY = {301, 302, 403, 404}
# Targets a route makes at most, one per real value of a slot (`variants`).
MAX_VARIANTS = 8


def chosen_routes(routes: list[Route]) -> list[Route]:
    """Ours all; Wagtail's admin screens a sample of WAGTAIL_ADMIN_SAMPLE (the seed's)."""
    ours = [r for r in routes if r.ours or r.name.startswith(("registry", "cms", "search"))]
    model_ours = [
        r
        for r in routes
        if r not in ours
        and (model := r.model()) is not None
        and model._meta.app_label in ("registry", "cms", "search", "accounts")
    ]
    others = [r for r in routes if r not in ours and r not in model_ours]
    chosen = random.Random(SEED)  # noqa: S311 - a sample of screens, not a secret
    sample = chosen.sample(others, min(WAGTAIL_ADMIN_SAMPLE, len(others)))
    return ours + model_ours + sample


def variants(route: Route, slots: dict[str, list[str]]) -> list[dict[str, list[str]]]:
    """The slots of each target a route makes: one per real value of its first slot that is not
    a number (each sign-up step, each page type has forms of its own), else one."""
    varied = next((s.name for s in route.slots if s.kind != "int" and len(slots[s.name]) > 1), "")
    if not varied:
        return [slots]
    return [{**slots, varied: [value]} for value in slots[varied][:MAX_VARIANTS]]


def new_target(route: Route, slots: dict[str, list[str]], code_values: dict[str, list[str]]):
    target = Target(
        route=route,
        path=route.path({name: values[0] for name, values in slots.items()}),
        post=route.name in POST_VIEWS,
        slots=slots,
        hostile_slots={
            s.name: HOSTILE_SLOTS["int" if s.kind == "int" else "other"] for s in route.slots
        },
    )
    for name, values in CODE_PARAMS.get(route.name, {}).items():
        param = target.params.setdefault(
            name, Param(name, kind="submit" if name in BUTTONS else "code")
        )
        for value in values:
            for filled in code_values.get(value, [value]):
                param.add(filled)
    for name in EVERYWHERE:
        target.params.setdefault(name, Param(name, kind="code"))
    return target


def discover(gate: Gate, world: World, routes: list[Route]) -> list[Target]:
    """GET each route as each persona with real ids; its forms and links say what it reads.

    A route with several targets (`variants`) is opened as every persona on the first, and on
    the others as the first three personas it let in.
    """
    code_values = world.code_values()
    targets: dict[str, Target] = {}
    by_name: dict[tuple[str, str], Target] = {}
    forms: list[Form] = []
    for route in routes:
        slots = {s.name: world.slot_values(route, s.name, s.kind) for s in route.slots}
        askers = PERSONAS
        for index, variant in enumerate(variants(route, slots)):
            target = new_target(route, variant, code_values)
            if target.path in targets:
                continue
            targets[target.path] = target
            by_name.setdefault((route.name, target.path[:4]), target)
            let_in: list[str] = []
            for persona in askers:
                response = gate.send(route, persona, FuzzRequest("GET", target.path, "", b"", ""))
                if response is None:
                    continue
                if response.status_code not in TURNED_AWAY:
                    let_in.append(persona)
                if "html" in response.get("Content-Type", ""):
                    began = time.monotonic()
                    html = response.content.decode(errors="replace")
                    page_forms, linked = page_parts(html, target.path)
                    gate.harness["reading pages"] += time.monotonic() - began
                    forms += page_forms
                    for name, param in linked.items():
                        known = target.params.setdefault(name, Param(name, kind="link"))
                        for value in param.values:
                            known.add(value)
            # Anyone may ask; those let in (who reach the view) ask most.
            target.personas = (*PERSONAS, *let_in * 3)
            if index == 0:
                askers = tuple(let_in[:3]) or ("anonymous",)
    for form in forms:
        target = targets.get(form.action)
        if target is None:
            try:
                match = resolve(form.action)
            except Resolver404:
                continue
            target = by_name.get((match.view_name, form.action[:4]))
            if target is None:
                continue
        target.post |= form.method == "post"
        target.get |= form.method == "get"
        target.multipart |= form.multipart
        for name, param in form.params.items():
            if name == "csrfmiddlewaretoken":
                continue
            known = target.params.setdefault(name, Param(name, kind=param.kind))
            for value in param.values:
                known.add(value)
    return list(targets.values())
