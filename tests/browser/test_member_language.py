"""A member meets the site in one language (issue 12).

Finding 8: the messages of Django's validators, allauth, phonenumber-field and django-countries
are in the page's language. Finding 16: the email confirmation page names the address once,
confirming logs the person in and takes them on to their profile, and allauth's emails are written
in the account's language, their links too. The language checker (tests/browser/language.py) is
shown to fail on a page that mixes languages first.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.language import assert_page_language, assert_text_language
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.browser


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]:not([form]):not([aria-hidden])").first.click()


def sign_up(page: Page, base: str, lang: str, email: str, password1: str, password2: str) -> None:
    page.goto(f"{base}/{lang}/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(password1)
    page.locator("input[name=password2]").fill(password2)
    submit(page)


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


# --- The checker ----------------------------------------------------------------------------------

MIXED_PAGE = """<!doctype html>
<html lang="{lang}"><head><title>{title}</title></head><body><main>
  <h1>{title}</h1>
  <ul class="errorlist"><li>{error}</li></ul>
  <p>{name}</p>
  <nav><a href="#" lang="{other}">{other_name}</a></nav>
  <p hidden>{hidden}</p>
</main></body></html>"""


def test_the_checker_flags_an_english_validator_message_on_a_vietnamese_page(page: Page):
    page.set_content(
        MIXED_PAGE.format(
            lang="vi",
            title="Đăng ký",
            error="This password is too short. It must contain at least 10 characters.",
            name="Nguyễn Văn An",
            other="en",
            other_name="English",
            hidden="Log in",
        )
    )
    with pytest.raises(AssertionError) as failure:
        assert_page_language(page, "vi")
    report = str(failure.value)
    assert "'This password is too short. It must contain at least 10 characters.'" in report
    # Text tagged with its own language, and hidden text, are not complaints.
    assert "'English'" not in report
    assert "'Log in'" not in report
    assert report.count("\n  - ") == 1, report


def test_the_checker_flags_vietnamese_on_an_english_page(page: Page):
    page.set_content(
        MIXED_PAGE.format(
            lang="en",
            title="Sign up",
            error="Vui lòng nhập mật khẩu hiện tại.",
            name="Signed in as Nguyễn Văn An",
            other="vi",
            other_name="Tiếng Việt",
            hidden="Đăng nhập",
        )
    )
    with pytest.raises(AssertionError) as failure:
        assert_page_language(page, "en")
    report = str(failure.value)
    assert "'Vui lòng nhập mật khẩu hiện tại.'" in report
    assert "'Signed in as Nguyễn Văn An'" in report  # a name is foreign unless it is ignored
    assert "Tiếng Việt" not in report and "Đăng nhập" not in report

    with pytest.raises(AssertionError) as failure:
        assert_page_language(page, "en", ignore=["Nguyễn Văn An"])
    assert "Nguyễn" not in str(failure.value)
    # The page must also say which language it is in.
    with pytest.raises(AssertionError, match="declares lang='en'"):
        assert_page_language(page, "vi")


# --- Finding 8: every message a member meets is in the page's language ----------------------------


def test_sign_up_errors_are_in_the_pages_language(page: Page, live_server, site_pages):
    for lang in ("vi", "en"):
        # An address the browser accepts and Django does not, and a password too short.
        sign_up(page, live_server.url, lang, "minh@example", "ab12cd", "ab12cd")
        expect(
            page.locator("input[name=email] ~ .errorlist, main .errorlist").first
        ).to_be_visible()
        expect(page.locator("main")).to_contain_text("10")
        assert_page_language(page, lang, ignore=["minh@example"])

        # Two different passwords.
        sign_up(page, live_server.url, lang, "minh@example.org", PASSWORD, PASSWORD + "!")
        expect(page.locator("main .errorlist").first).to_be_visible()
        assert_page_language(page, lang, ignore=["minh@example.org"])


def test_login_reset_and_password_change_errors_are_in_the_pages_language(
    page: Page, live_server, site_pages
):
    member = make_user("forgetful@example.org")
    for lang in ("vi", "en"):
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.locator("input[name=login]").fill(member.email)
        page.locator("input[name=password]").fill("not the password")
        submit(page)
        expect(page.locator("main .errorlist, main [role=alert]").first).to_be_visible()
        assert_page_language(page, lang, ignore=[member.email])

        page.goto(f"{live_server.url}/{lang}/accounts/password/reset/")
        page.locator("input[name=email]").fill("forgetful@example")
        submit(page)
        expect(page.locator("main .errorlist").first).to_be_visible()
        assert_page_language(page, lang, ignore=["forgetful@example"])

    sign_in(page.context, member, live_server.url)
    for lang in ("vi", "en"):
        page.goto(f"{live_server.url}/{lang}/accounts/password/change/")
        page.locator("input[name=oldpassword]").fill("not the password")
        page.locator("input[name=password1]").fill("12345")  # short, and only digits
        page.locator("input[name=password2]").fill("12345")
        submit(page)
        expect(page.locator("main .errorlist").first).to_be_visible()
        assert_page_language(page, lang)


def test_the_about_steps_phone_error_is_in_the_pages_language(page: Page, live_server, site_pages):
    sign_in(page.context, make_user("phone@example.org"), live_server.url)
    for lang in ("vi", "en"):
        page.goto(f"{live_server.url}/{lang}/profile/step/about/")
        page.locator("input[name=full_name]").fill("Nguyễn Văn An")
        page.locator("input[name=phone]").fill("+84 12")
        submit(page)
        expect(page.locator("#id_phone_error")).to_contain_text("+81 90 1234 5678")
        assert_page_language(page, lang, ignore=["Nguyễn Văn An", "+84 12"])


# --- Finding 16: confirming the email, and allauth's emails in the account's language -------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_confirming_the_email_logs_in_and_continues_to_the_profile(
    page: Page, live_server, site_pages, lang
):
    email = f"confirm.{lang}@example.org"
    sign_up(page, live_server.url, lang, email, PASSWORD, PASSWORD)
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/confirm-email/$"))
    [link] = [url for url in links_in(mail.outbox[-1].body) if "/confirm-email/" in url]
    assert link.startswith(f"{live_server.url}/{lang}/")

    page.goto(link)
    text = page.locator("main").inner_text()
    assert text.count(email) == 1, text
    assert_page_language(page, lang, ignore=[email])

    submit(page)
    expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/$"))
    logout = {"vi": "Đăng xuất", "en": "Log out"}[lang]
    expect(page.get_by_role("banner").get_by_role("link", name=logout)).to_be_visible()
    assert_page_language(page, lang, ignore=[email])


def test_signing_up_again_mails_the_account_in_its_own_language(
    page: Page, live_server, site_pages
):
    # The address belongs to a member who reads English; someone signs up with it on /vi/.
    owner = make_user("reads.english@example.org")
    make_member("Lê Thị Mai", user=owner, email=owner.email, preferred_language="en")
    sign_up(page, live_server.url, "vi", owner.email, PASSWORD, PASSWORD)
    expect(page).to_have_url(re.compile("/vi/accounts/confirm-email/$"))
    # The page the visitor sees reveals nothing, in the visitor's language.
    assert_page_language(page, "vi", ignore=[owner.email])

    [message] = mail.outbox
    assert message.to == [owner.email]
    assert_text_language(f"{message.subject}\n{message.body}", "en", ignore=[owner.email])
    links = links_in(message.body)
    assert links and all(urlsplit(url).path.startswith("/en/") for url in links), links
