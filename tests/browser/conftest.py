from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.models import Collection

from cms.demo.content import load_site
from registry.admin_units import load_admin_units
from tests.browser.snapshots import loaded

# Data migrations seed the reference lists and consent texts; transactional tests flush them.
SEEDS = [
    "registry.migrations.0003_seed_reference_lists",
    "registry.migrations.0006_seed_consent_purposes",
    "registry.migrations.0018_member_languages_relation",
]


@pytest.fixture
def site_pages(transactional_db):
    """The demo pages, the province's wards and the seeded lists, for live-server tests.

    The lists first: demo pages refer to them (an investment project's sector). A flushed
    database has no root collection either (Wagtail's migration made it): demo images need one.
    Loaded once, then restored (tests/browser/snapshots.py)."""

    def load() -> None:
        for module in SEEDS:
            import_module(module).seed(apps, None)
        if not Collection.objects.exists():
            Collection.add_root(name="Root")
        load_site()
        load_admin_units(settings.PROVINCE_CODE)

    loaded("site_pages", load)


@pytest.fixture
def registry_data(transactional_db):
    """What the member's own pages need without the page tree (a few seconds quicker than
    `site_pages` for each test): the seeded lists, consent purposes among them, and the wards."""

    def load() -> None:
        for module in SEEDS:
            import_module(module).seed(apps, None)
        load_admin_units(settings.PROVINCE_CODE)

    loaded("registry_data", load)


def sign_in(context, user, base_url: str) -> None:
    """Give a browser context the session of a logged-in `user`, as after allauth's login.

    For tests about what happens after login: the login itself is walked through in the journey
    tests; repeating it everywhere would only cost time.
    """
    from django.test import Client

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
