"""A person abroad joins the registry, as people do it, in every checked language (issue 12).

With the keyboard alone, from the header's "Sign up" to the profile: the start page, sign-up with
a mistake, the confirmation email, every step with its errors first, a name typed decomposed (as
macOS and iOS send it), the browser's Back and Forward, a second tab, URLs typed too early, double
clicks, "Check your answers" with a change, and finishing. Then the same without JavaScript.

On every page: no text in another language than the page's (tests/browser/language.py) and no
WCAG 2.1 AA violation found by axe-core. With SCREENSHOTS=<folder> set, each page is also saved
as a phone screenshot, <folder>/<lang>/<nn>-<page>.png, for people to look at.

Languages join by `JOURNEY_LANGUAGES`, once their catalogues are complete.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from registry.models import Consent, Member
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.language import CHECKED_LANGUAGES, assert_page_language, assert_text_language
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

JOURNEY_LANGUAGES = CHECKED_LANGUAGES
PHONE = {"width": 390, "height": 844}
BROWSER_LOCALE = {"vi": "vi-VN", "en": "en-GB"}

# What the person types; the name decomposed, as some keyboards send it.
NAME = "Nguyễn Thị Hồng Nhung"
TYPED = {
    "other_names": "Nhung Nguyen",
    "birth_year": "1986",
    "phone": "+81 90 1234 5678",
    "query": "Thạch Đài",
    "village": "Thôn Trung Tiến",
    "occupation": "Kỹ sư cơ khí",
    "changed_occupation": "Kỹ sư điện",
}
TEXT = {
    "vi": {
        "country": "Nhật Bản",
        "start": "Bắt đầu",
        "continue": "Lưu và tiếp tục",
        "find": "Tìm",
        "finish": "Hoàn tất đăng ký",
        "done": "Cảm ơn",
    },
    "en": {
        "country": "Japan",
        "start": "Start now",
        "continue": "Save and continue",
        "find": "Find",
        "finish": "Finish my registration",
        "done": "Thank you",
    },
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class Journey:
    """Looks at each page the person reaches: language, accessibility, and a screenshot."""

    def __init__(self, page: Page, lang: str, email: str, *, audit: bool = True) -> None:
        self.page, self.lang, self.audit, self.count = page, lang, audit, 0
        self.ignore = [NAME, nfd(NAME), email, *TYPED.values(), *map(nfd, TYPED.values())]
        folder = os.environ.get("SCREENSHOTS")
        self.folder = Path(folder) / lang if folder else None

    def look(self, name: str) -> None:
        self.page.wait_for_load_state()
        assert not self.page.url.startswith("chrome-error"), f"{name}: the browser shows an error"
        assert_page_language(self.page, self.lang, ignore=self.ignore)
        if self.audit:
            violations = axe_violations(self.page)
            assert not violations, f"{name} ({self.page.url}):\n{describe(violations)}"
        if self.folder is not None:
            self.count += 1
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{self.count:02d}-{name}.png"
            self.page.screenshot(path=str(path), full_page=True)


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user looks for a field."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector} on {page.url}")


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


@pytest.mark.parametrize("lang", JOURNEY_LANGUAGES)
def test_a_person_joins_with_the_keyboard_alone(
    browser: Browser, live_server, site_pages, lang: str
):
    base, text = live_server.url, TEXT[lang]
    email = f"nhung.{lang}@example.org"
    context = browser.new_context(locale=BROWSER_LOCALE[lang], viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    journey = Journey(page, lang, email)

    # The start page, from the header: what it is, what it takes.
    page.goto(f"{base}/{lang}/")
    tab_to(page, f"header a[href='/{lang}/join/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/{lang}/join/")
    journey.look("start")
    tab_to(page, "main a.button--start")
    expect(page.locator("main a.button--start")).to_have_text(text["start"])
    page.keyboard.press("Enter")

    # Sign-up, with a password too short first.
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/signup/"))
    journey.look("sign-up")
    tab_to(page, "input[name=email]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password1]")
    page.keyboard.type("short1")
    tab_to(page, "input[name=password2]")
    page.keyboard.type("short1")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    journey.look("sign-up-errors")
    tab_to(page, "input[name=password1]")
    page.keyboard.type(PASSWORD)
    tab_to(page, "input[name=password2]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/confirm-email/"))
    journey.look("check-your-email")

    # The email, in the page's language, and its link.
    message = mail.outbox[-1]
    assert_text_language(message.subject + "\n" + message.body, lang, ignore=[email])
    link = re.search(r"http://\S+/confirm-email/\S+/", message.body).group(0)
    assert link.startswith(f"{base}/{lang}/")
    page.goto(link)
    journey.look("confirm-email")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    # Logged in, on the first step; later steps' addresses lead back to it.
    expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/$"))
    for too_early in ("profile/check/", "profile/step/consents/", "profile/step/residence/"):
        page.goto(f"{base}/{lang}/{too_early}")
        expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/$"))
    journey.look("about")
    tab_to(page, "input[name=full_name]")
    page.keyboard.press("Enter")  # nothing typed yet
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^(Lỗi|Error): "))
    journey.look("about-errors")
    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    expect(page.locator("input[name=full_name]")).to_be_focused()
    page.keyboard.type(nfd(NAME))
    tab_to(page, "input[name=birth_year]")
    page.keyboard.type(TYPED["birth_year"])
    tab_to(page, "input[name=phone]")
    page.keyboard.type(TYPED["phone"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/profile/step/hometown/$"))

    # A second tab adds another name to the first step while the first tab goes on.
    other = context.new_page()
    other.goto(f"{base}/{lang}/profile/step/about/")
    other.locator("input[name=other_names]").fill(TYPED["other_names"])
    other.locator("input[name=other_names]").press("Enter")
    expect(other).to_have_url(re.compile("/profile/step/hometown/$"))
    other.close()

    # Hometown: typed decomposed; the list fills in; Space chooses, Enter continues.
    journey.look("hometown")
    tab_to(page, "input[name=query]")
    page.keyboard.type(nfd(TYPED["query"]), delay=20)
    page.keyboard.press("Enter")
    first = page.locator("input[name=choice]").first
    expect(page.locator("label[for='id_choice_0']")).to_contain_text("Xã Thạch Đài")
    journey.look("hometown-matches")
    tab_to(page, "input[name=choice]")
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "input[name=hometown_village]")
    page.keyboard.type(nfd(TYPED["village"]))
    page.keyboard.press("Enter")

    # Where you live: the country by typing its name on the list, then the city.
    expect(page).to_have_url(re.compile("/profile/step/residence/$"))
    journey.look("residence")
    tab_to(page, "select[name=country]")
    page.keyboard.type(text["country"], delay=50)
    expect(page.locator("select[name=country]")).to_have_value("JP")
    tab_to(page, "input[name=city_query]")
    page.keyboard.type("osaka", delay=20)
    expect(page.locator("label[for='id_city_0']")).to_contain_text("Osaka")
    journey.look("residence-matches")
    tab_to(page, "input[name=city]")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/profile/step/work/$"))

    # The browser's Back and Forward: plain pages, no "Confirm form resubmission".
    page.go_back()
    expect(page).to_have_url(re.compile("/profile/step/residence/"))
    assert not page.url.startswith("chrome-error")
    expect(page.locator("input[name=city][value]").first).to_be_checked()
    page.go_forward()
    expect(page).to_have_url(re.compile("/profile/step/work/$"))

    # Work, sent with a double click: one save, the next step.
    journey.look("work")
    tab_to(page, "input[name=occupation]")
    page.keyboard.type(nfd(TYPED["occupation"]))
    tab_to(page, "input[name=languages][value=ja]")
    page.keyboard.press("Space")
    page.get_by_role("button", name=text["continue"]).dblclick()
    expect(page).to_have_url(re.compile("/profile/step/interests/$"))
    journey.look("interests")
    tab_to(page, "input[name=interests]")
    page.keyboard.press("Space")
    tab_to(page, ".form-actions button")
    page.keyboard.press("Enter")

    # Consents: the required one first refused, then given with one more.
    expect(page).to_have_url(re.compile("/profile/step/consents/$"))
    journey.look("consents")
    tab_to(page, ".form-actions button")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    journey.look("consents-errors")
    tab_to(page, "input[name=registry]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=staff-contact]")
    page.keyboard.press("Space")
    tab_to(page, ".form-actions button")
    page.keyboard.press("Enter")

    # Check your answers, change one, come back, finish with a double click.
    expect(page).to_have_url(re.compile(f"/{lang}/profile/check/$"))
    journey.look("check-your-answers")
    main = page.locator("main")
    for shown in (NAME, TYPED["other_names"], "Xã Thạch Đài", "Osaka", TYPED["occupation"]):
        expect(main).to_contain_text(shown)
    tab_to(page, "a[href$='/profile/step/work/?from=check']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/profile/step/work/\?from=check$"))
    journey.look("change-work")
    tab_to(page, "input[name=occupation]")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(TYPED["changed_occupation"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/{lang}/profile/check/$"))
    expect(main).to_contain_text(TYPED["changed_occupation"])
    page.get_by_role("button", name=text["finish"]).dblclick()
    expect(page).to_have_url(re.compile(f"/{lang}/profile/$"))
    expect(page.locator(".messages")).to_contain_text(text["done"])
    journey.look("profile")

    record = Member.objects.get(user__email=email)
    assert record.full_name == NAME  # stored composed
    assert record.other_names == TYPED["other_names"]
    assert record.hometown_legacy.name == "Xã Thạch Đài"
    assert record.hometown_village == TYPED["village"]
    assert (record.country.code, record.city_name) == ("JP", "Osaka")
    assert record.occupation == TYPED["changed_occupation"]
    assert record.language_codes() == ["ja"]
    assert record.profile_completed_at is not None
    decisions = Consent.objects.filter(member=record)
    assert sorted(d.purpose.slug for d in decisions) == ["registry", "staff-contact"]
    context.close()


@pytest.mark.parametrize("lang", JOURNEY_LANGUAGES)
def test_a_person_joins_without_javascript(browser: Browser, live_server, registry_data, lang):
    """Every step works as plain forms: "Find" lists the matches on a page of its own."""
    base, text = live_server.url, TEXT[lang]
    user = make_user(f"nojs.{lang}@example.org")
    context = browser.new_context(
        locale=BROWSER_LOCALE[lang], viewport=PHONE, java_script_enabled=False
    )
    sign_in(context, user, base)
    page = context.new_page()
    journey = Journey(page, lang, user.email, audit=False)
    go_on = page.get_by_role("button", name=text["continue"])

    page.goto(f"{base}/{lang}/profile/")
    page.locator("input[name=full_name]").fill(nfd(NAME))
    go_on.click()
    page.locator("input[name=query]").fill("thach dai")
    page.get_by_role("button", name=text["find"], exact=True).click()
    expect(page).to_have_url(re.compile("/profile/step/hometown/#choice-options$"))
    journey.look("hometown-found")
    page.get_by_label(re.compile("^Xã Thạch Đài")).check()
    go_on.click()
    page.locator("select[name=country]").select_option("JP")
    page.locator("input[name=city_query]").fill("osaka")
    page.get_by_role("button", name=text["find"], exact=True).click()
    journey.look("residence-found")
    page.get_by_label(re.compile("^Osaka")).check()
    go_on.click()
    go_on.click()  # work: nothing to say
    go_on.click()  # interests
    page.locator("input[name=registry]").check()
    go_on.click()
    journey.look("check-your-answers")
    page.get_by_role("button", name=text["finish"]).click()
    expect(page).to_have_url(re.compile(f"/{lang}/profile/$"))
    record = Member.objects.get(user=user)
    assert record.profile_completed_at is not None and record.full_name == NAME
    context.close()
