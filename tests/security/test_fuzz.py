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
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.test import Client
from django.urls import Resolver404, path, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed
from hypothesis import settings as hypothesis_settings
from wagtail.models import Page
from wagtail.users.models import UserProfile

from accounts.models import User
from cms.models import Category
from registry import invitations
from registry.exports import COLUMNS, FORMATS
from registry.gazetteer import find_cities
from registry.importing.staging import stage
from registry.models import (
    Association,
    Consent,
    ConsentPurpose,
    Interest,
    LegacyCommune,
    Member,
    Sector,
    Ward,
)
from registry.services.consents import record_staff_consents
from search.models import SavedSearch
from tests.conftest import PASSWORD, make_member, make_user
from tests.security.fuzz import (
    ROOT,
    Form,
    FuzzRequest,
    Gate,
    LeanClient,
    Param,
    Recorder,
    Route,
    Target,
    all_routes,
    fingerprint,
    page_parts,
    requests,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

SEED = int(os.environ.get("FUZZ_SEED", "20250611"))
# Requests in all: the discovery's GETs (each route as each persona), then generated ones.
BUDGET = int(os.environ.get("FUZZ_REQUESTS", "10000"))
# Wagtail's own admin screens tried per run, out of ~300 (ours are always all tried).
WAGTAIL_ADMIN_SAMPLE = int(os.environ.get("FUZZ_WAGTAIL_ADMIN_ROUTES", "40"))
# Past this, no new target starts and the gate fails (a slower gate must be seen, not paid).
MAX_SECONDS = float(os.environ.get("FUZZ_MAX_SECONDS", "900"))
REPORT = ROOT / "var" / "fuzz-report.json"

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
# Parameters that are a form's submit buttons: a browser sends the one pressed, never all.
BUTTONS = {"back", "find", "save", "commit", "discard"}

# Parameters our views read besides the fields of the forms they show (grep `request.GET`,
# `request.POST`, `.getlist(` in registry/, search/, cms/, accounts/, config/), with valid
# values where they are few; `{…}` values are filled from the data (`World.code_values`).
CODE_PARAMS: dict[str, dict[str, list[str]]] = {
    "wagtailadmin_login": {"next": ["/admin/", "//evil.example/"]},
    "registry:association_directory": {"country": ["HU", "hu", "XX"]},
    "registry:profile_step": {
        "from": ["check"],
        "back": [""],
        "find": [""],
        "query": ["Thạch", "Hà Huy Tập", "thach dai"],
        "choice": ["{choice}"],
        "city_query": ["Budapest", "Osaka"],
        "city": ["{city}"],
        "country": ["HU", "JP"],
        "not_listed": ["on"],
        "listed": ["Thạch"],
    },
    "registry:consents": {"purpose": ["{purpose}"], "decision": ["grant", "withdraw"]},
    "registry:hometown_options": {
        "query": ["Thạch", "Hà Huy Tập", "thach"],
        "choice": ["{choice}"],
        "listed": ["Thạch"],
    },
    "registry:city_options": {
        "city_query": ["Budapest", "Bu", "Osaka"],
        "country": ["HU", "JP", ""],
        "city": ["{city}"],
        "not_listed": ["on"],
    },
    "registry:delete_account": {"password": [PASSWORD]},
    "registry_members": {"p": ["2"], "page": ["2"], "sort": ["name", ""], "country": ["HU"]},
    "registry_export": {"member": ["{member}"], "format": list(FORMATS), "column": list(COLUMNS)},
    "registry_member": {"back": ["/admin/registry/search/?q=nguyen", "https://evil.example/"]},
    "registry_import_preview": {
        "p": ["1", "2"],
        "go": ["1", "2"],
        "page": ["1"],
        "save": [""],
        "commit": [""],
        "discard": [""],
    },
    "registry_audit": {"action": ["view", "search", "export"], "member": ["{member}"], "p": ["2"]},
    "registry_search": {"page": ["1", "2"], "counts": ["1"], "q": ["nguyen", "Nguyễn"]},
    "registry_search_save": {
        "name": ["Budapest", "Tên"],
        "query": ["country=HU", "q=nguyen&page=2", "ward={ward}"],
        "alert": ["on"],
    },
    "registry_search_export": {
        "query": ["country=HU", "q=nguyen", "page=2"],
        "scope": ["chosen", "all"],
        "member": ["{member}"],
        "format": list(FORMATS),
        "column": list(COLUMNS),
    },
    "registry_member_verify": {"method": ["{verification}"]},
    "cms:search": {"q": ["Hà Tĩnh", "ha tinh", "đầu tư"], "page": ["1", "2"]},
    "cms:display": {"action": ["larger", "smaller", "contrast", "reset"], "next": ["/vi/"]},
    "cms_translation_status": {"p": ["1", "2"]},
    "wagtail_serve": {"page": ["1", "2"], "category": ["{category}"], "sector": ["{sector}"]},
}
# Views that act on POST only (their forms may be on other pages, or not shown to everyone).
POST_VIEWS = {
    "registry_export",
    "registry_member_verify",
    "registry_member_invite",
    "registry_member_delete",
    "registry_member_edit",
    "registry_member_consent",
    "registry_merge",
    "registry_import",
    "registry_import_preview",
    "registry_import_undo",
    "registry_search_save",
    "registry_search_delete",
    "registry_search_export",
    "registry:consents",
    "registry:confirm",
    "registry:delete_account",
    "registry:check",
    "registry:profile_step",
    "registry:claim",
}
# Parameters every URL gets a few hostile values for (views read them without a form).
EVERYWHERE = ("page", "p", "q", "next")
# Hostile values for the slots of a path (percent-encoded as a browser would send them).
HOSTILE_SLOTS = {
    "int": ["0", str(2**63), "9" * 30, "-1", quote("²"), quote("٣")],
    "other": [
        quote("²"),
        quote("①"),
        quote("ệ"),
        "%00",
        "%FF%FE",
        "-1",
        "0",
        "9" * 30,
        "x" * 300,
        "%2e%2e",
        "a%2Fb",
        quote("Nguyễn Văn An"),
    ],
}


@dataclass
class World:
    """The records the requests meet, made once for the gate."""

    users: dict[str, User]
    members: list[Member]
    duplicates: tuple[Member, Member]
    batch_id: int
    saved_ids: list[int]
    scan: Consent
    token: str
    pages: dict[str, list[str]]  # per language, page paths under its prefix
    personal: list[str]

    def code_values(self) -> dict[str, list[str]]:
        ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
        commune = LegacyCommune.objects.filter(ward__province_code=settings.PROVINCE_CODE).first()
        budapest = find_cities("HU", "Budapest", limit=1)
        return {
            "{choice}": [
                f"ward:{ward.pk}" if ward else "",
                f"commune:{commune.pk}" if commune else "",
            ],
            "{ward}": [str(ward.pk) if ward else "1"],
            "{city}": [str(budapest[0].geonameid) if budapest else "3054643"],
            "{purpose}": list(ConsentPurpose.objects.values_list("slug", flat=True)),
            "{member}": [str(m.pk) for m in self.members[:3]],
            "{verification}": list(Member.Verification.values),
            "{category}": list(Category.objects.values_list("slug", flat=True)[:3]),
            "{sector}": list(Sector.objects.values_list("slug", flat=True)[:3]),
        }

    def slot_values(self, route: Route, name: str, kind: str) -> list[str]:
        """Ids of real records for a slot of `route` (the first one is the discovery's)."""
        members = [str(m.pk) for m in self.members]
        if route.name == "registry_merge":
            first, second = (str(m.pk) for m in self.duplicates)
            return [first, second, members[0]] if name == "keep" else [second, first]
        if route.name == "registry_consent_scan":
            return [str(self.scan.member_id), members[0]] if name == "pk" else [str(self.scan.pk)]
        if route.name.startswith("registry_member"):
            return [members[0], str(self.scan.member_id), *members[1:3]]
        if route.name.startswith("registry_import_"):
            return [str(self.batch_id)]
        if route.name == "registry_search_delete":
            return [str(pk) for pk in self.saved_ids]
        if route.name == "registry:profile_step":
            return ["about", "hometown", "residence", "work", "interests", "consents", "check"]
        if route.name == "registry:claim":
            return [self.token, "x" * 43]
        if route.name.startswith("cms:category_feed"):
            return list(Category.objects.values_list("slug", flat=True)[:3]) or ["news"]
        if route.name == "wagtail_serve":
            language = route.template[1:3]
            return self.pages.get(language) or [""]
        if name in {"page_id", "parent_page_id", "destination_id", "page_to_move_id"}:
            return [
                str(pk) for pk in Page.objects.filter(depth__gt=1).values_list("pk", flat=True)[:3]
            ]
        if name == "app_label":
            return ["cms", "registry", "wagtailcore"]
        if name == "model_name":
            return ["category", "interest", "page"]
        model = route.model()
        if model is not None and name in {"pk", "object_id", "id"}:
            found = [
                quote(str(pk)) for pk in model._default_manager.values_list("pk", flat=True)[:3]
            ]
            if found:
                return found
        if kind == "path" or (kind == "regex" and "*" in route.template):
            return [""]
        return ["1"]


def build_world(users: dict[str, User], private_scans: Path) -> World:
    member_record = make_member(
        "Nguyễn Thị Hồng Nhung",
        user=users["member"],
        email=users["member"].email,
        phone="+36201234567",
        birth_year=1990,
        consents=("registry", "staff-contact"),
    )
    private = make_member(
        "Trần Văn Bình",
        email="binh.tran@example.org",
        phone="+81312345678",
        birth_year=1978,
        country="JP",
        city_name="Osaka",
    )
    ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    first = make_member(
        "Lê Văn Tâm",
        birth_year=1975,
        hometown_ward=ward,
        email="tam.le@example.org",
        consents=("registry", "staff-contact"),
    )
    second = make_member(
        "Lê Văn Tâm",
        birth_year=1975,
        hometown_ward=ward,
        source=Member.Source.IMPORT,
        consents=(),
        phone="+36301112233",
    )
    invited = make_member(
        "Phạm Thu Trang", source=Member.Source.IMPORT, consents=(), email="trang@example.org"
    )
    interest = Interest.objects.first()
    if interest is not None:
        member_record.interests.add(interest)
    association = Association.objects.create(
        name="Hội người Hà Tĩnh tại Hungary", country="HU", city="Budapest", listed_publicly=True
    )
    member_record.associations.add(association)
    # The newcomer stopped after the first step of the sign-up.
    Member.objects.create(
        user=users["newcomer"],
        email=users["newcomer"].email,
        full_name="Võ Minh Khôi",
        birth_year=1999,
        signup_steps=["about"],
    )
    officer = users["registry_officer"]
    invitations.send_invitation(invited, actor=officer)
    token = re.search(r"/profile/claim/([^/\s]+)/", mail.outbox[-1].body)[1]  # type: ignore[index]
    record_staff_consents(
        private,
        {"newsletter": True},
        channel="paper",
        actor=officer,
        given_on=timezone.localdate(),
        expected_version=private.version,
        evidence=io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        evidence_extension=".pdf",
    )
    scan = Consent.objects.exclude(evidence="").get(member=private)
    listed = (
        "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Điện thoại;Email\n"
        "Lê Văn Tâm;1975;Thạch Đài;Hungary;Budapest;;tam.le@example.org\n"
        "Đỗ Thị Lan;1988;Hà Huy Tập;Hungary;Szeged;+36 20 765 4321;\n"
        "Xã Không Có;²;Nowhere;Atlantis;;12;not-an-email\n"
    )
    batch = stage("list.csv", listed.encode(), actor=officer, association_id=association.pk)
    saved = [
        SavedSearch.objects.create(owner=officer, name="Hungary", criteria={"country": ["HU"]}),
        SavedSearch.objects.create(
            owner=users["registry_viewer"], name="Tất cả", criteria={"verified": ["no"]}
        ),
    ]
    pages: dict[str, list[str]] = {}
    for language in ("vi", "en"):
        chosen: dict[int, str] = {}
        for page in Page.objects.live().filter(locale__language_code=language).specific():
            url = page.get_url() or ""
            relative = url.removeprefix(f"/{language}/")
            if relative != url and page.content_type_id not in chosen:
                chosen[page.content_type_id] = relative
        pages[language] = sorted(chosen.values())
    members = [member_record, private, first, second, invited]
    personal: list[str] = []
    for record in Member.objects.all():
        personal += [record.full_name, record.search_name, record.email]
        if record.phone:
            personal += [str(record.phone), record.phone.as_national, record.phone.national_number]
    personal += [user.email for user in users.values()]
    personal = sorted(
        {str(value).casefold() for value in personal if value and len(str(value)) > 4}
    )
    return World(
        users=users,
        members=members,
        duplicates=(first, second),
        batch_id=batch.pk,
        saved_ids=[s.pk for s in saved],
        scan=scan,
        token=token,
        pages=pages,
        personal=personal,
    )


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


def stable(text: str) -> int:
    return zlib.crc32(text.encode())


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
