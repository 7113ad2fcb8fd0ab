"""Taking part, as people do it (issue 19), in Vietnamese and in English.

A visitor on an event page is asked to sign in, signs up, confirms the email, joins the
registry and comes back to the event's form; registers with two guests; downloads the calendar
file; cancels; the first person on the waiting list moves up and is emailed in their own
language. A member pledges 50,000,000 VND to a programme; the officer confirms receipt; the
programme's progress on the public page moves; the member sees it under "My engagements".
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from cms.models import CharityProgrammePage, EventPage
from engagement import services
from engagement.models import Engagement
from registry.models import Member
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.language import assert_page_language
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TEXT = {
    "vi": {
        "register": "Đăng ký tham dự",
        "sign_up": "Đăng ký",
        "continue": "Lưu và tiếp tục",
        "find": "Tìm",
        "finish": "Hoàn tất đăng ký",
        "registered": "Bạn đã đăng ký, cùng 2 khách.",
        "calendar": "Thêm vào lịch của tôi (.ics)",
        "cancel": "Hủy đăng ký của tôi",
        "yes_cancel": "Có, hủy đăng ký của tôi",
        "cancelled": "Đăng ký của bạn đã được hủy.",
        "pledge": "Cam kết ủng hộ",
        "mine": "Việc tôi tham gia",
        "received": "Đã nhận",
    },
    "en": {
        "register": "Register to attend",
        "sign_up": "sign up",
        "continue": "Save and continue",
        "find": "Find",
        "finish": "Finish my registration",
        "registered": "You are registered, with 2 guests.",
        "calendar": "Add to my calendar (.ics)",
        "cancel": "Cancel my registration",
        "yes_cancel": "Yes, cancel my registration",
        "cancelled": "Your registration is cancelled.",
        "pledge": "Pledge",
        "mine": "My engagements",
        "received": "Received",
    },
}
EVENT_SLUG = "dien-dan-doanh-nhan-chau-au"


def forum(lang: str) -> EventPage:
    return EventPage.objects.get(translation_key=forum_key(), locale__language_code=lang)


def forum_key():
    return EventPage.objects.get(slug=EVENT_SLUG, locale__language_code="vi").translation_key


def looks_right(page: Page, lang: str, *ignore: str) -> None:
    """No text in another language than the page's, no WCAG violation axe finds."""
    assert_page_language(page, lang, ignore=ignore)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def join_the_registry(page: Page, lang: str) -> None:
    """The sign-up's six steps, as little as they need, then "Finish"."""
    text = TEXT[lang]
    go_on = page.get_by_role("button", name=text["continue"])
    page.locator("input[name=full_name]").fill("Nguyễn Thị Hồng Nhung")
    go_on.click()
    page.locator("input[name=query]").fill("thach dai")
    page.get_by_role("button", name=text["find"], exact=True).click()
    page.get_by_label(re.compile("^Xã Thạch Đài")).first.check()
    go_on.click()
    page.locator("select[name=country]").select_option("JP")
    page.locator("input[name=city_query]").fill("osaka")
    page.get_by_role("button", name=text["find"], exact=True).click()
    page.get_by_label(re.compile("^Osaka")).first.check()
    go_on.click()
    go_on.click()  # work
    go_on.click()  # interests
    page.locator("input[name=registry]").check()
    go_on.click()
    page.get_by_role("button", name=text["finish"]).click()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_visitor_signs_up_registers_with_two_guests_and_cancels_for_the_next_in_line(
    browser: Browser, live_server, site_pages, lang: str
):
    base, text = live_server.url, TEXT[lang]
    EventPage.objects.filter(translation_key=forum_key()).update(capacity=4)
    event = forum(lang)
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    # On the event's page, a visitor is asked to sign in or join.
    page.goto(f"{base}{event.url}")
    box = page.locator("section.take-part")
    expect(box).to_contain_text("4")
    box.get_by_role("link", name=text["register"]).click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/login/"))
    page.locator("main").get_by_role("link", name=re.compile(text["sign_up"], re.I)).first.click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/signup/"))
    email = f"nhung.{lang}@example.org"
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/confirm-email/"))
    link = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/"))
    join_the_registry(page, lang)

    # Back on the event's form, where the visitor was going; a mistake first (no consent).
    expect(page).to_have_url(re.compile(f"/{lang}/take-part/{event.pk}/$"))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".error-summary")).to_be_focused()
    looks_right(page, lang, event.title, event.place)
    page.locator("select[name=guests]").select_option("2")
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}{event.url}")
    expect(page.locator("section.take-part")).to_contain_text(text["registered"])
    looks_right(page, lang, event.title, event.place)
    member = Member.objects.get(user__email=email)
    (registration,) = Engagement.objects.filter(member=member)
    assert (registration.status, registration.guests) == ("confirmed", 2)

    # The calendar file.
    with page.expect_download() as download:
        page.locator("section.take-part").get_by_role("link", name=text["calendar"]).click()
    calendar = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in calendar and "DTSTART:" in calendar

    # Someone asks for two places: one is left, they wait (in Korean).
    waiting = make_member(
        "Kim Bình", user=make_user(f"binh.{lang}@example.org"), email=f"binh.{lang}@example.org",
        preferred_language="ko", consents=("registry", "programmes"),
    )  # fmt: skip
    queued = services.register(waiting, event, guests=1, dietary="", accessibility="", message="")
    assert queued.status == "waiting"
    mail.outbox.clear()

    # The visitor cannot come after all: asked first, then cancelled.
    page.reload()
    page.locator("section.take-part").get_by_role("link", name=text["cancel"]).click()
    looks_right(page, lang, event.title)
    page.get_by_role("button", name=text["yes_cancel"]).click()
    expect(page.locator(".messages")).to_contain_text(text["cancelled"])
    queued.refresh_from_db()
    assert queued.status == "confirmed"
    told = [message for message in mail.outbox if message.to == [f"binh.{lang}@example.org"]]
    assert told and told[0].subject.startswith("자리가 생겼습니다")
    assert told[0].attachments[0][0] == "event.ics"
    context.close()


def test_a_pledge_confirmed_by_the_officer_moves_the_programmes_progress(
    browser: Browser, live_server, site_pages, registry_officer
):
    base = live_server.url
    programme = CharityProgrammePage.objects.get(slug="nha-chong-lu", locale__language_code="vi")
    nhung = make_member(
        "Nguyễn Thị Hồng Nhung", user=make_user("nhung@example.org"), email="nhung@example.org",
        consents=("registry", "programmes"),
    )  # fmt: skip
    context = browser.new_context(viewport=PHONE)
    sign_in(context, nhung.user, base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}{programme.url}")
    before = page.locator("progress").get_attribute("value")
    assert before == "36"  # 1,450,000,000 of 4,000,000,000 pledged outside the site
    page.locator("section.take-part").get_by_role("link", name="Cam kết ủng hộ").click()
    page.get_by_label("Tiền", exact=True).check()
    page.locator("input[name=amount]").fill("50.000.000")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}{programme.url}")
    (pledge,) = Engagement.objects.filter(member=nhung)
    assert pledge.amount == Decimal("50000000")
    assert "năm mươi triệu đồng" in mail.outbox[-1].body

    # The officer, in the admin, marks it received.
    officer = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(officer, registry_officer, base)
    admin = officer.new_page()
    admin.goto(f"{base}/admin/engagement/{programme.translation_key}/")
    admin.locator(f"#engagement-{pledge.pk}").check()
    admin.locator("select[name=status]").select_option("received")
    admin.get_by_role("button", name="Áp dụng").click()
    expect(admin.locator(".messages")).to_contain_text("1")
    officer.close()

    # The public page counts it; the member sees it received.
    page.goto(f"{base}{programme.url}")
    assert page.locator("progress").get_attribute("value") == "37"  # 1.5 of 4 billion
    expect(page.locator("main")).to_contain_text("1.500.000.000")
    page.goto(f"{base}/vi/profile/engagements/")
    expect(page.locator("main")).to_contain_text("Bạn đã ủng hộ 50.000.000 VND: đã nhận")
    looks_right(page, "vi", programme.title)
    context.close()
