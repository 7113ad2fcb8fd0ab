"""Shared fixtures: the personas, a search engine stand-in and a real browser.

Personas (STYLE.md): an anonymous visitor, a member, another member, an editor, a registry
officer, a registry viewer and an administrator. Staff personas have an authenticator app, as the
admin requires.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

# Settings are read when Django starts, which pytest-django does after this module is imported.
os.environ.setdefault("TESTING", "true")
# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import (  # noqa: E402
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from cms.demo.content import load_site  # noqa: E402
from registry.admin_units import load_admin_units  # noqa: E402
from registry.models import Member  # noqa: E402
from tests.search_engine import running_noida  # noqa: E402
from tests.workers import DATABASE_QUEUE  # noqa: E402

PASSWORD = "correct horse battery staple"


def make_user(
    email: str, *, groups: tuple[str, ...] = (), superuser: bool = False, mfa: bool = False
) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if mfa:
        user.totp_secret = generate_totp_secret()  # type: ignore[attr-defined]
        TOTP.activate(user, user.totp_secret)  # type: ignore[attr-defined]
    return user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: object) -> None:
    """The demo page tree and the province's wards, loaded once; each test's transaction is rolled
    back around them.

    Transactional tests (the browser ones) run last and flush it; they load it again themselves.
    """
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        load_site()
        load_admin_units(settings.PROVINCE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache (Redis on CI): no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def database_queue(settings) -> None:
    """Background work waits in the database queue, as in production, instead of running at
    once (the suite's default, TASKS_BACKEND=immediate)."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def site_pages(db: None) -> None:
    """The demo pages in every language (already loaded for the session)."""


def queries_for(client: Client, url: str) -> int:
    """How many database queries one GET of `url` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# allauth accepts only the current 30-second TOTP step (MFA_TOTP_TOLERANCE 0, as in production):
# a code made in a step's last seconds may reach the server in the next one and be refused.
TOTP_PERIOD, TOTP_MARGIN = 30, 4


def totp_code(secret: str) -> str:
    """The authenticator's current code, made early enough in its step to be typed in time."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < TOTP_MARGIN:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def member(db: None) -> User:
    return make_user("alice@example.org")


@pytest.fixture
def other_member(db: None) -> User:
    return make_user("bob@example.org")


@pytest.fixture
def editor(db: None) -> User:
    return make_user("editor@example.org", groups=(roles.EDITORS,), mfa=True)


@pytest.fixture
def chief_editor(db: None) -> User:
    return make_user("chief.editor@example.org", groups=(roles.CHIEF_EDITORS,), mfa=True)


@pytest.fixture
def registry_officer(db: None) -> User:
    return make_user("officer@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)


@pytest.fixture
def registry_viewer(db: None) -> User:
    return make_user("viewer@example.org", groups=(roles.REGISTRY_VIEWERS,), mfa=True)


@pytest.fixture
def administrator(db: None) -> User:
    return make_user("admin@example.org", groups=(roles.ADMINISTRATORS,), superuser=True, mfa=True)


@pytest.fixture
def anonymous(client: Client) -> Client:
    return client


# --- Elasticsearch -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def elasticsearch_url() -> Iterator[str]:
    """A real Elasticsearch when ELASTICSEARCH_URL is given, else noida-db on a free port."""
    given = os.environ.get("ELASTICSEARCH_URL")
    if given:
        yield given
        return
    with running_noida() as url:
        yield url


# --- Browser -------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


# --- Registry records ----------------------------------------------------------------------------


def make_member(
    full_name: str = "Nguyễn Văn An", *, consents: tuple[str, ...] = ("registry",), **fields: object
) -> Member:
    """A finished registry record (as after the last sign-up step) with the given consents;
    `languages` may be given as codes in one string ("vi en"), as tests read most easily."""
    from django.utils import timezone

    from registry.models import Consent, Ward
    from registry.services.consents import record_consents

    fields.setdefault(
        "hometown_ward", Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    )
    fields.setdefault("country", "HU")
    fields.setdefault("city_name", "Budapest")
    languages = fields.pop("languages", "")
    record = Member.objects.create(
        full_name=full_name, profile_completed_at=timezone.now(), **fields
    )
    record.languages.set(languages.split() if isinstance(languages, str) else languages)
    record_consents(record, dict.fromkeys(consents, True), channel=Consent.Channel.WEB)
    return record


@pytest.fixture
def member_record(member: User) -> Member:
    """The member persona's own record; they agreed to be contacted by staff."""
    return make_member(
        "Nguyễn Thị Hồng Nhung",
        user=member,
        email=member.email,
        phone="+36201234567",
        birth_year=1990,
        consents=("registry", "staff-contact"),
    )


@pytest.fixture
def private_record(other_member: User) -> Member:
    """Another member's record, without consent to staff contact."""
    return make_member(
        "Trần Văn Bình",
        user=other_member,
        email=other_member.email,
        phone="+81312345678",
        birth_year=1978,
        country="JP",
        city_name="Osaka",
    )
