"""Every URL of ours, for every persona: the permission sweep (pretix's), derived from the URL
resolver so that no URL can escape it.

`EXPECTED` says, for each URL name, what each persona gets from a GET (and, for a view that acts
on POST, who may act). The URLs come from the resolver: our own views, and Wagtail's views of
our models (snippets, users). A URL added without an expectation fails
`test_every_url_has_an_expectation`; an expectation left for a URL that no longer exists fails
it too. Logged out → the login page; staff without the permission → 403; a member (no admin
access) → the admin's login page.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from cms.models import Category, EventPage
from engagement import services
from operations.mail.backend import store
from operations.models import OutgoingMessage
from registry.exporting import queue_export
from registry.importing.committing import commit_batch
from registry.importing.staging import stage
from registry.models import Association, Consent, Member
from registry.services.consents import record_consents, record_staff_consents
from search.models import SavedSearch
from tests.security.fuzz.routes import Route, all_routes
from trips.models import Document, FollowUp, Leg, Shortlisted, Trip

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "member",
    "editor",
    "chief_editor",
    "registry_viewer",
    "registry_officer",
    "administrator",
)
STAFF = frozenset(PERSONAS[2:])
OUR_APPS = {"accounts", "cms", "registry", "search", "operations", "engagement", "trips"}
OUR_MODULES = tuple(f"{app}." for app in sorted({"config", *OUR_APPS}))
LOGIN = "login"  # a redirect to a login page
# Our views answer 403; Wagtail's own views send a refused user back to the dashboard.
REFUSED = "refused"

Outcome = int | str


@dataclass(frozen=True)
class Rule:
    """What each persona gets from a GET; who may act with a POST (None: GET only)."""

    get: dict[str, Outcome]
    post: frozenset[str] | None = None
    why: str = ""


def admin(*allowed: str, get: Outcome = 200, post: bool = False) -> Rule:
    """An admin screen: `allowed` get `get`, other staff 403, everyone else the login page."""
    outcomes: dict[str, Outcome] = {
        p: get if p in allowed else REFUSED if p in STAFF else LOGIN for p in PERSONAS
    }
    return Rule(outcomes, frozenset(allowed) if post else None)


def post_only(*allowed: str, method_first: bool = False) -> Rule:
    """Acts on POST only: a GET is refused as a POST would be, or answered 405 ("method not
    allowed") to the allowed — or to all staff when the method is checked first (`method_first`;
    their POST is still refused, which the sweep checks)."""
    outcomes: dict[str, Outcome] = {
        p: 405
        if p in allowed or (method_first and p in STAFF)
        else REFUSED
        if p in STAFF
        else LOGIN
        for p in PERSONAS
    }
    return Rule(outcomes, frozenset(allowed))


def everyone(status: Outcome = 200) -> Rule:
    return Rule(dict.fromkeys(PERSONAS, status))


def signed_in(member: Outcome = 200, staff: Outcome = 200) -> Rule:
    """A member's own page: the login page when logged out. (The staff personas have no record
    of their own: the pages that show one send them to start signing up, 302.)"""
    outcomes: dict[str, Outcome] = {p: staff if p in STAFF else member for p in PERSONAS}
    return Rule({**outcomes, "anonymous": LOGIN})


OFFICERS = ("registry_officer", "administrator")
READERS = ("registry_viewer", "registry_officer", "administrator")
EDITORS = ("editor", "chief_editor", "administrator")
SNIPPETS = ("category", "contactdetails", "footertext")


def reference_data(
    namespace: str, *allowed: str, inspect: bool = False, exceptions: dict[str, Rule] | None = None
) -> dict[str, Rule]:
    """Wagtail's screens of one kind of registry reference data, kept by `allowed`."""
    views = ["index", "index_results", "add", "edit", "delete", "history", "history_results"]
    views += ["usage", "copy", *(["inspect"] if inspect else [])]
    return {f"{namespace}:{view}": admin(*allowed) for view in views} | {
        f"{namespace}:{view}": rule for view, rule in (exceptions or {}).items()
    }


EXPECTED: dict[str, Rule] = {
    "healthz": everyone(),
    "robots_txt": everyone(),
    "wagtailadmin_login": everyone(LOGIN),  # the site's own login page, for staff too
    "/admin/failwhale/": everyone(404),
    "/admin/snippets/choose/<app>/<model>/create/": everyone(404),
    # Editors' translation screens.
    "cms_translation_status": admin(*EDITORS),
    "cms_submit_translation": post_only(*EDITORS, method_first=True),
    # Public pages.
    "cms:display": everyone(302),  # sets a display preference, then back to the page
    "cms:search": everyone(),
    "cms:site_map": everyone(),
    "cms:news_feed_rss": everyone(),
    "cms:news_feed_atom": everyone(),
    "cms:category_feed_rss": everyone(),
    "cms:category_feed_atom": everyone(),
    "wagtail_serve": everyone(),
    "registry:association_directory": everyone(),
    "registry:start": everyone(),
    "registry:claim": everyone(404),  # a link that is not ours
    # Signing up, and a member's own record.
    "registry:profile_step": signed_in(),
    "registry:hometown_options": signed_in(),
    "registry:city_options": signed_in(),
    "registry:delete_account": signed_in(),
    "registry:check": signed_in(member=302, staff=302),  # a finished sign-up has nothing to check
    "registry:confirm": signed_in(member=405, staff=405),  # POST only
    "registry:profile": signed_in(staff=302),
    "registry:consents": signed_in(staff=302),
    "registry:staff_view": signed_in(staff=302),
    "registry:download": signed_in(staff=302),
    "registry:download_json": signed_in(staff=302),
    # Taking part from a page (an event's registration here), and one's own engagements.
    "engagement:take_part": signed_in(staff=302),  # staff have no record: to start joining
    "engagement:calendar": everyone(),  # an event's calendar file is as public as the event
    "engagement:mine": signed_in(staff=302),
    "engagement:withdraw": signed_in(member=404, staff=404),  # another member's: not found
    # Who took part: counts for readers; the lists, check-in and exports for officers.
    "engagement_admin:overview": admin(*READERS),
    "engagement_admin:page": admin(*OFFICERS, post=True),
    "engagement_admin:check_in": admin(*OFFICERS, post=True),
    "engagement_admin:matches": admin(*OFFICERS, get=404),  # an event looks for nobody
    "engagement_admin:export": post_only(*OFFICERS),
    # Leadership trips: counts for readers; the trips themselves for officers. A trip's
    # documents are their asker's alone (the world's is the officer's), as exports are. A reply
    # link that is not ours opens nothing, for anyone.
    "trips:reply": everyone(404),
    "trips_admin:index": admin(*READERS),
    "trips_admin:create": admin(*OFFICERS, post=True),
    "trips_admin:add_from_search": post_only(*OFFICERS),
    "trips_admin:trip": admin(*OFFICERS),
    "trips_admin:edit": admin(*OFFICERS, post=True),
    "trips_admin:add_leg": post_only(*OFFICERS),
    "trips_admin:delete_leg": post_only(*OFFICERS),
    "trips_admin:people": post_only(*OFFICERS),
    "trips_admin:add_saved_search": post_only(*OFFICERS),
    "trips_admin:line": admin(*OFFICERS, post=True),
    "trips_admin:invitation": admin(*OFFICERS, post=True),
    "trips_admin:invite": admin(*OFFICERS, get=302, post=True),  # nobody approved: to the trip
    "trips_admin:remind": post_only(*OFFICERS),
    "trips_admin:write": post_only(*OFFICERS),
    "trips_admin:document": Rule({**admin(*OFFICERS).get, "administrator": 404}),
    "trips_admin:download": Rule({**admin(*OFFICERS).get, "administrator": 404}),
    "trips_admin:add_task": post_only(*OFFICERS),
    "trips_admin:task_done": post_only(*OFFICERS),
    # The registry's staff screens.
    "registry_members": admin(*OFFICERS, get=302),  # to the search, filters kept
    "registry_export": post_only(*OFFICERS),
    "registry_member": admin(*OFFICERS),
    "registry_member_edit": admin(*OFFICERS, post=True),
    "registry_member_verify": post_only(*OFFICERS),
    "registry_member_delete": admin("administrator", post=True),
    "registry_member_consent": admin(*OFFICERS, post=True),
    "registry_consent_scan": admin(*OFFICERS),
    "registry_member_invite": post_only(*OFFICERS),
    "registry_duplicates": admin(*OFFICERS),
    "registry_merge": admin(*OFFICERS, post=True),
    "registry_import": admin(*OFFICERS, post=True),
    "registry_import_preview": admin(*OFFICERS, post=True),
    "registry_import_undo": admin(*OFFICERS, post=True),
    # Exports the worker wrote: each is its asker's alone (the world's is the officer's), so
    # an administrator gets 404 for it as anyone else with the permission would.
    "registry_exports": admin(*OFFICERS),
    "registry_export_status": Rule({**admin(*OFFICERS).get, "administrator": 404}),
    "registry_export_download": Rule({**admin(*OFFICERS).get, "administrator": 404}),
    "registry_statistics": admin(*READERS),
    "registry_audit": admin("administrator"),
    "registry_search": admin(*READERS),
    "registry_search_export": post_only(*OFFICERS, method_first=True),
    "registry_search_save": post_only(*READERS, method_first=True),
    "registry_search_delete": post_only(*READERS, method_first=True),
    # Reference data: officers keep the associations (administrators delete one); the lists
    # members choose from and the consent purposes are the administrators'; a consent text is
    # never changed nor deleted once people agreed to it: a new version is added instead.
    **reference_data("associations", *OFFICERS, exceptions={"delete": admin("administrator")}),
    **reference_data("interests", "administrator"),
    **reference_data("sectors", "administrator"),
    **reference_data("consent-purposes", "administrator"),
    **reference_data(
        "consent-texts",
        "administrator",
        inspect=True,
        exceptions={view: admin() for view in ("edit", "delete", "usage")},
    ),
    # The site's snippets: editors keep them, chief editors and administrators delete them.
    **{
        f"wagtailsnippets_cms_{model}:{view}": admin(
            *(EDITORS if view != "delete" else ("chief_editor", "administrator"))
        )
        for model in SNIPPETS
        for view in ("list", "list_results", "add", "edit", "delete", "copy", "history")
        + ("history_results", "usage")
    },
    # Wagtail's choosers of those snippets open to all staff (Wagtail's rule: the admin's
    # access); what they list is public content.
    **{
        f"wagtailsnippetchoosers_cms_{model}:{view}": admin(*STAFF)
        for model in SNIPPETS
        for view in ("choose", "choose_results", "chosen", "chosen_multiple")
    },
    # Creating a snippet inside a chooser is switched off (config/urls.py answers 404 first).
    **{f"wagtailsnippetchoosers_cms_{model}:create": everyone(404) for model in SNIPPETS},
    # The outgoing mail queue (Settings → Outgoing mail): administrators only.
    "operations_mail": admin("administrator"),
    "operations_mail_resend": post_only("administrator"),
    "operations_mail_delete": post_only("administrator"),
    # Staff accounts: administrators only.
    **{
        f"wagtailusers_users:{view}": admin("administrator")
        for view in ("index", "index_results", "add", "edit", "delete", "history")
        + ("history_results", "usage", "copy")
    },
}


def swept_routes() -> dict[str, Route]:
    """Our URLs, one per name (the Vietnamese prefix for the language-prefixed ones)."""
    routes: dict[str, Route] = {}
    for route in all_routes()[0]:
        if route.template.startswith("/en/"):
            continue
        model = route.model()
        ours = route.module.startswith(OUR_MODULES)
        our_model = model is not None and model._meta.app_label in OUR_APPS
        if ours or our_model:
            # An unnamed URL goes by its path (its name would be its view's, perhaps shared).
            routes.setdefault(route.template if route.name == route.module else route.name, route)
    return routes


ROUTES = swept_routes()


def test_every_url_has_an_expectation():
    """A new URL must say who may use it before it can land; a removed one takes its line."""
    unexpected = sorted(set(ROUTES) - set(EXPECTED))
    assert not unexpected, f"URLs without an expectation in EXPECTED: {unexpected}"
    stale = sorted(set(EXPECTED) - set(ROUTES))
    assert not stale, f"expectations for URLs that do not exist: {stale}"


@dataclass
class World:
    """Real records for the slots of the paths."""

    member: Member
    other: Member
    values: dict[str, str] = field(default_factory=dict)

    def slot(self, route: Route, name: str) -> str:
        if route.name == "registry_merge":
            return str(self.member.pk if name == "keep" else self.other.pk)
        given = self.values.get(f"{route.name}:{name}") or self.values.get(name)
        model = route.model()
        if given is None and model is not None and name == "pk":  # Wagtail's views of our models
            given = str(model._default_manager.values_list("pk", flat=True).first())
        return given or ""


@pytest.fixture
def world(
    member_record, private_record, registry_officer, registry_viewer, editor, settings, tmp_path
) -> World:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    record_staff_consents(
        private_record,
        {"newsletter": True},
        channel="paper",
        actor=registry_officer,
        given_on=timezone.localdate(),
        expected_version=private_record.version,
        evidence=io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        evidence_extension=".pdf",
    )
    scan = Consent.objects.exclude(evidence="").get(member=private_record)
    staged = stage("l.csv", b"Ho va ten\nAn Nguyen\n", actor=registry_officer, association_id=None)
    committed = stage(
        "m.csv", b"Ho va ten\nBinh Tran\n", actor=registry_officer, association_id=None
    )
    commit_batch(committed, registry_officer)
    export = queue_export(
        registry_officer,
        Member.objects.in_registry().order_by("pk"),
        file_format="csv",
        columns=None,
        name_words=(),
    )
    # The least privileged of those who may delete one (another's answers 404: not theirs).
    saved = SavedSearch.objects.create(owner=registry_viewer, name="HU", criteria={})
    page = Page.objects.filter(depth=2).first() or Page.objects.get(depth=1)
    if not Association.objects.exists():
        Association.objects.create(name="Hội thử")
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventPage(
        title="Gặp mặt", slug="gap-mat", start_at=start, end_at=start, place="Tokyo",
        registration_open=True,
    )  # fmt: skip
    page.add_child(instance=event)
    record_consents(private_record, {"programmes": True}, channel="web")
    registration = services.register(
        private_record, event, guests=0, dietary="", accessibility="", message=""
    )
    trip = Trip.objects.create(title="Chuyến thăm Budapest")
    leg = Leg.objects.create(
        trip=trip, country="HU", city_name="Budapest", starts_on=start.date(), ends_on=start.date()
    )
    line = Shortlisted.objects.create(trip=trip, member=private_record)
    task = FollowUp.objects.create(trip=trip, text="Gửi thư cảm ơn", due_on=start.date())
    (tmp_path / "trips").mkdir()
    (tmp_path / "trips" / "pack.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    document = Document.objects.create(
        trip=trip,
        kind=Document.Kind.PACK,
        status=Document.Status.DONE,
        requested_by=registry_officer,
        pdf_path="trips/pack.pdf",
    )
    failed_mail = store(EmailMessage("Thư mời", "…", to=[member_record.email]))
    OutgoingMessage.objects.filter(pk=failed_mail.pk).update(status=OutgoingMessage.Status.FAILED)
    values = {
        "operations_mail_resend:pk": str(failed_mail.pk),
        "operations_mail_delete:pk": str(failed_mail.pk),
        **{
            f"registry_member{view}:pk": str(private_record.pk)
            for view in ("_edit", "_verify", "_delete", "_consent", "_invite")
        },
        "registry_member:pk": str(member_record.pk),
        **{
            f"trips_admin:{view}:pk": str(trip.pk)
            for view in (
                "trip edit add_leg delete_leg people add_saved_search line invitation invite "
                "remind write document download add_task task_done"
            ).split()
        },
        "leg": str(leg.pk),
        "line": str(line.pk),
        "task": str(task.pk),
        "document": str(document.pk),
        "kind": "pack",
        "trips_admin:download:file_format": "pdf",
        "registry_consent_scan:pk": str(private_record.pk),
        "consent": str(scan.pk),
        "registry_import_preview:pk": str(staged.pk),
        "registry_import_undo:pk": str(committed.pk),
        "registry_export_status:pk": str(export.pk),
        "registry_export_download:pk": str(export.pk),
        "registry_search_delete:pk": str(saved.pk),
        "engagement:take_part:page_id": str(event.pk),
        "engagement:calendar:page_id": str(event.pk),
        "engagement_id": str(registration.pk),
        "key": str(event.translation_key),
        "file_format": "csv",
        "page_id": str(page.pk),
        "step": "about",
        "token": "not-a-real-token",
        "slug": Category.objects.filter(locale__language_code="vi").first().slug,
        "group1": "",
        "app": "cms",
        "model": "footertext",
    }
    for view in ("edit", "delete", "history", "history_results", "usage", "copy"):
        values[f"wagtailusers_users:{view}:pk"] = str(editor.pk)
    return World(member_record, private_record, values)


def outcome(client: Client, url: str, method: str = "get") -> Outcome:
    response = getattr(client, method)(url, {})
    if response.status_code == 302:
        location = response["Location"]
        if "login" in location:
            return LOGIN
        if location == "/admin/":  # Wagtail's "Sorry, you do not have permission"
            return REFUSED
        if location == f"/vi{url}":  # outside the language prefixes: one hop through /vi/
            return outcome(client, location, method)
    return REFUSED if response.status_code == 403 else int(response.status_code)


def signed_in_as(request: pytest.FixtureRequest, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_persona_gets_what_the_url_promises(request, world, name):
    rule, route = EXPECTED[name], ROUTES[name]
    url = route.path({slot.name: world.slot(route, slot.name) for slot in route.slots})
    clients = {persona: signed_in_as(request, persona) for persona in PERSONAS}
    got = {persona: outcome(clients[persona], url) for persona in PERSONAS}
    assert got == rule.get, url
    if rule.post is None:
        return
    before = Member.objects.values_list("pk", "version").order_by("pk")
    before = list(before)
    for persona in PERSONAS:
        if persona not in rule.post:
            refused = outcome(clients[persona], url, "post")
            assert refused == (REFUSED if persona in STAFF else LOGIN), (persona, url)
    assert list(Member.objects.values_list("pk", "version").order_by("pk")) == before
    least = next(p for p in PERSONAS if p in rule.post)  # the least privileged allowed
    assert outcome(clients[least], url, "post") in {200, 302, 400}, (least, url)
