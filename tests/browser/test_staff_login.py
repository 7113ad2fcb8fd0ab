"""Staff log in through the one login page, give their one-time code, and use the admin."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from cms.models import HomePage
from tests.conftest import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.browser


def test_an_editor_logs_in_with_a_code_and_edits_a_page(page: Page, live_server, site_pages):
    editor = make_user("chi.editor@example.org", groups=(roles.EDITORS,), mfa=True)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/vi/accounts/login/\?next=/admin/"))
    page.locator("input[name=login]").fill(editor.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()

    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(editor.totp_secret))
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    home = HomePage.objects.get(locale__language_code="vi")
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(home.title)
    # The editor's scripts ran: the side panel toggles are interactive.
    expect(page.locator("[data-side-panel-toggle]").first).to_be_enabled()
    assert violations == []


def test_staff_without_mfa_are_shown_the_set_up_page(page: Page, live_server, site_pages):
    officer = make_user("new.officer@example.org", groups=(roles.REGISTRY_OFFICERS,))
    page.goto(f"{live_server.url}/en/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(officer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    # Set-up asks for the password again before it shows the secret.
    expect(page).to_have_url(re.compile("/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/totp/activate/"))
    # The secret is shown as a QR code and as text to copy by hand.
    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]:not([form])").click()
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
