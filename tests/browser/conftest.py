from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings

from registry.admin_units import load_admin_units
from tests.browser.snapshots import loaded
from tests.site_data import SEEDS, committed_site_pages


@pytest.fixture
def site_pages(transactional_db):
    """The demo pages, the province's wards and the seeded lists, for live-server tests.

    The lists first: demo pages refer to them (an investment project's sector). A flushed
    database has no root collection either (Wagtail's migration made it): demo images need one.
    Loaded once, then restored (tests/browser/snapshots.py)."""
    committed_site_pages()


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
