"""A visitor signs up, verifies the email, logs in and out — in English and in Vietnamese."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"signup": "Sign up", "login": "Log in", "logout": "Log out", "verify": "Verify"},
    "vi": {"signup": "Đăng ký", "login": "Đăng nhập", "logout": "Đăng xuất", "verify": "Xác"},
}


def sign_up_verify_log_in_and_out(page: Page, base: str, lang: str, email: str) -> None:
    text = TEXT[lang]
    page.get_by_role("banner").get_by_role("link", name=text["signup"]).click()
    # The start page says what joining takes, then leads to the sign-up form.
    expect(page).to_have_url(re.compile(f"/{lang}/join/"))
    page.locator("main a.button--start").click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/signup/"))
    page.get_by_label(re.compile("^Email|^Địa chỉ email|^Email", re.I)).first.fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/confirm-email/"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    link = re.search(r"http://\S+/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(f"{base}/{lang}/")
    page.goto(link)
    page.locator("main form button[type=submit]:not([form])").click()
    # Confirming in the browser that signed up logs the new member in, on to the profile.
    expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/"))
    logout = page.get_by_role("banner").get_by_role("link", name=text["logout"])
    expect(logout).to_be_visible()

    logout.click()
    page.locator("main form button[type=submit]:not([form])").click()
    login = page.get_by_role("banner").get_by_role("link", name=text["login"])
    expect(login).to_be_visible()

    login.click()
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    expect(logout).to_be_visible()


def test_a_visitor_switches_to_english_and_signs_up(page: Page, live_server, site_pages):
    page.goto(f"{live_server.url}/vi/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_up_verify_log_in_and_out(page, live_server.url, "en", "osaka.member@example.org")


def test_a_visitor_signs_up_in_vietnamese(page: Page, live_server, site_pages):
    page.goto(f"{live_server.url}/vi/")
    sign_up_verify_log_in_and_out(page, live_server.url, "vi", "thanh.ha@example.org")
    # The verification email itself was in Vietnamese.
    assert "Xác nhận" in mail.outbox[0].subject
