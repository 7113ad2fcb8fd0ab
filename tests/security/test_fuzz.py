"""The fuzzing gate: hostile values in every parameter of every URL, as every persona.

Every URL comes from the resolver (both language prefixes; Wagtail's own admin screens sampled,
ours all), its slots filled with ids of real records and with hostile values. What each URL
reads comes from its pages (the forms and links a persona is shown) and from our views' code
(`CODE_PARAMS`). Hypothesis then mixes valid values with hostile ones: other scripts' digits,
Vietnamese letters, NUL and control characters, invalid UTF-8, huge and negative numbers, long
strings, unknown choices, repeated and missing parameters. No request may end in a server error,
a refused POST may change nothing, and no log record may carry a member's name, email or phone.

Reproducible: the requests follow from FUZZ_SEED (default fixed), each target's from the seed and
its own name; every request runs in a savepoint rolled back after it, so each replays alone from
the report (`var/fuzz-report.json`; printed with `-s`). FUZZ_REQUESTS scales the budget.

The gate's machinery is the package `tests/security/fuzz/` (its environment variables are read in
`environment.py`, what our views read besides their forms is listed in `reads.py`).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.test import Client
from django.urls import path
from wagtail.users.models import UserProfile

from registry.models import Consent
from search.models import SavedSearch
from tests.conftest import make_user
from tests.security.fuzz.checks import ROOT, Recorder, fingerprint
from tests.security.fuzz.discovery import PERSONAS, chosen_routes, discover
from tests.security.fuzz.environment import BUDGET, MAX_SECONDS, SEED
from tests.security.fuzz.gate import Gate, LeanClient
from tests.security.fuzz.pages import Param
from tests.security.fuzz.requests import FuzzRequest, Target
from tests.security.fuzz.rounds import fuzz, weight
from tests.security.fuzz.routes import all_routes
from tests.security.fuzz.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

REPORT = ROOT / "var" / "fuzz-report.json"


@pytest.fixture
def private_scans(tmp_path: Path):
    """Scans go to a folder of the test's own (the storage's location is read at import)."""
    storage = Consent._meta.get_field("evidence").storage
    saved = storage._location  # type: ignore[attr-defined]

    def forget() -> None:
        for name in ("base_location", "location"):
            storage.__dict__.pop(name, None)

    storage._location = str(tmp_path / "private")  # type: ignore[attr-defined]
    forget()
    yield tmp_path / "private"
    storage._location = saved  # type: ignore[attr-defined]
    forget()


def test_no_hostile_request_breaks_the_site(
    member, editor, registry_officer, registry_viewer, administrator, private_scans
):
    started = time.monotonic()
    users = {
        "member": member,
        "newcomer": make_user("newcomer@example.org"),
        "editor": editor,
        "registry_officer": registry_officer,
        "registry_viewer": registry_viewer,
        "administrator": administrator,
    }
    for persona, user in users.items():  # made now, not by the first request of each
        profile = UserProfile.get_for_user(user)
        if persona in ("registry_viewer", "editor"):  # the admin in English for some
            profile.preferred_language = "en"
            profile.save()
    world = build_world(users, private_scans)
    clients: dict[str, Client] = {}
    cookies: dict[str, dict[str, str]] = {}
    for persona in PERSONAS:
        client = LeanClient()
        if persona in users:
            client.force_login(users[persona])
        clients[persona] = client
        cookies[persona] = {name: morsel.value for name, morsel in client.cookies.items()}
    recorder = Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    gate = Gate(clients=clients, cookies=cookies, personal=world.personal, recorder=recorder)
    try:
        gate.start()
        setup_seconds = time.monotonic() - started
        routes, skipped = all_routes()
        routes = chosen_routes(routes)
        targets = discover(gate, world, routes)
        discovered = gate.requests
        discovery_seconds = time.monotonic() - started - setup_seconds
        # Two rounds: a target whose requests are fewer than its share (Hypothesis ran out of
        # new ones) leaves the rest to the others.
        stopped_early = False
        for round_ in (0, 1):
            weights = [weight(t) for t in targets]
            scale = max(0, BUDGET - (gate.requests - discovered)) / sum(weights)
            for target, share in zip(targets, weights, strict=True):
                if time.monotonic() - started > MAX_SECONDS:
                    stopped_early = True
                    break
                if (examples := round(share * scale)) or round_ == 0:
                    began, sending = time.monotonic(), gate.sending
                    minimising = gate.harness["minimising"]
                    fuzz(gate, target, max(1, examples), round_)
                    spent = time.monotonic() - began - (gate.sending - sending)
                    gate.harness["generating requests"] += spent - (
                        gate.harness["minimising"] - minimising
                    )
        final = gate.baseline
        gate.start()
        assert gate.baseline == final, "the requests' savepoints did not restore the data"
    finally:
        root.removeHandler(recorder)
    seconds = round(time.monotonic() - started, 1)
    report = {
        "seed": SEED,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "requests": gate.requests,
        "discovery_requests": discovered,
        "generated_requests": gate.requests - discovered,
        "per_persona": dict(gate.per_persona),
        "server_errors": sum(
            f.count for f in gate.findings.values() if f.kind in {"server error", "exception"}
        ),
        "findings": [f.__dict__ for f in gate.findings.values()],
        "statuses": {str(k): v for k, v in sorted(gate.statuses.items())},
        "seconds": seconds,
        "setup_seconds": round(setup_seconds, 1),
        "discovery_seconds": round(discovery_seconds, 1),
        "routes": len(routes),
        "targets": len(targets),
        "routes_skipped": skipped,
        "replays": gate.replays,
        "get_writes": {name: sorted(writes) for name, writes in sorted(gate.get_writes.items())},
        "per_route": dict(sorted(gate.per_route.items())),
        "request_seconds": round(gate.sending, 1),
        "harness_seconds": {name: round(value, 1) for name, value in gate.harness.items()},
        "slowest_routes": {k: round(v, 1) for k, v in gate.seconds.most_common(20)},
        "stopped_early": stopped_early,
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(  # noqa: T201 - the figure for the CI log
        f"\nfuzz gate ({report['database']}, seed {SEED}): {gate.requests} requests "
        f"({discovered} discovery GETs, {gate.requests - discovered} generated) to "
        f"{len(routes)} routes ({len(targets)} targets) as {len(PERSONAS)} personas in "
        f"{seconds} s; server errors: {report['server_errors']}; findings: "
        f"{len(gate.findings)}; per persona: {dict(gate.per_persona)}; report: {REPORT}"
    )
    problems = "\n\n".join(
        f"[{f.kind}] ×{f.count} {f.route} as {f.persona}\n  {f.request}\n  {f.detail}"
        for f in gate.findings.values()
    )
    assert not gate.findings, f"{len(gate.findings)} problems found:\n\n{problems}"
    generated = gate.requests - discovered
    assert generated >= BUDGET, f"only {generated} generated requests in {seconds} s"
    assert not stopped_early, f"stopped after {MAX_SECONDS} s with {gate.requests} requests"


# --- The gate can fail ---------------------------------------------------------------------------


def faulty(request: HttpRequest) -> HttpResponse:
    """A view with each fault the gate looks for: `int()` of a parameter, a write before a
    refusal, and a search logged with what was searched for."""
    if request.method == "POST":
        SavedSearch.objects.create(owner=request.user, name="written", criteria={})
        return HttpResponseForbidden()
    logging.getLogger(__name__).warning("searched for %s", request.GET.get("q", ""))
    return HttpResponse(int(request.GET.get("page") or 1))


urlpatterns = [path("faulty/", faulty, name="faulty")]


@pytest.mark.urls(__name__)
def test_the_gate_finds_a_server_error_a_refused_write_and_a_logged_name(member, member_record):
    client = LeanClient()
    client.force_login(member)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    recorder = Recorder()
    logging.getLogger().addHandler(recorder)
    gate = Gate(
        {"member": client}, {"member": cookies}, [member_record.full_name.casefold()], recorder
    )
    [route] = [route for route in all_routes()[0] if route.name == "faulty"]
    target = Target(
        route=route,
        path="/faulty/",
        personas=("member",),
        post=True,
        get=True,
        params={"page": Param("page", ["1", "2"]), "q": Param("q", ["Hà Tĩnh"])},
    )
    try:
        gate.start()
        fuzz(gate, target, 40)
        name = quote(member_record.full_name)
        gate.send(route, "member", FuzzRequest("GET", "/faulty/", f"q={name}", b"", ""))
    finally:
        logging.getLogger().removeHandler(recorder)

    found = {finding.kind: finding for finding in gate.findings.values()}
    assert set(found) == {"server error", "database changed", "personal value logged"}
    assert found["server error"].request.startswith("GET /faulty/?page=")  # nothing else needed
    assert "ValueError" in found["server error"].detail
    assert "INSERT registry_search_savedsearch" in found["database changed"].detail
    assert gate.baseline == fingerprint(gate.sql)  # every request rolled back
