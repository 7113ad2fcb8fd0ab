"""A person an association listed claims their record (issue 13, finding 3), in vi and en.

The officer types the email and phone into the imported record (they stay hidden), sends the
invitation; the person follows the link on a phone, signs up with that address, confirms it,
claims the record, checks it, agrees to be contacted; the officer then sees the contact details.
A used link is refused to anyone else. Every public page is checked for text in another
language and with axe-core; with SCREENSHOTS=<folder> each step is saved as
<folder>/claim-<lang>/<nn>-<step>.png (the officer's paper consent: paper-consent-<lang>).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from wagtail.users.models import UserProfile

from accounts import roles
from registry.models import AuditEntry, Member
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.language import assert_page_language, assert_text_language
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 1600}  # tall: the admin scrolls inside its own pane
LOCALE = {"vi": "vi-VN", "en": "en-GB"}
NAME = "Đặng Thu Hà"
EMAIL = "thuha.{lang}@example.jp"
TYPED_PHONE = "+81 90 1234 5678"
SHOWN_PHONE = "+81 90-1234-5678"
TEXT = {
    "vi": {
        "save": "Lưu",
        "invite": "Gửi lời mời",
        "create": "Tạo tài khoản",
        "confirm": "Xác nhận",
        "claim": "Đúng, đây là hồ sơ của tôi",
        "consents": "Sự đồng ý của tôi",
        "right": "Mọi thông tin đều đúng",
        "used": "Lời mời này đã được dùng",
        "sent": "Đã gửi lời mời tới địa chỉ email trong hồ sơ",
    },
    "en": {
        "save": "Save",
        "invite": "Send an invitation",
        "create": "Create an account",
        "confirm": "Confirm",
        "claim": "Yes, this is my record",
        "consents": "My consents",
        "right": "Everything is right",
        "used": "This invitation has been used",
        "sent": "Invitation sent to the email address on record",
    },
}


class Steps:
    def __init__(self, lang: str, ignore: list[str], journey: str = "claim") -> None:
        self.lang, self.ignore, self.count = lang, ignore, 0
        folder = os.environ.get("SCREENSHOTS")
        self.folder = Path(folder) / f"{journey}-{lang}" if folder else None

    def look(self, page: Page, name: str, *, public: bool = True, part: str = "") -> None:
        """Check the page (the public ones), and save it; `part`: only that element (the
        admin's own pane scrolls, so a whole-page shot stops at the window)."""
        page.wait_for_load_state()
        if public:
            assert_page_language(page, self.lang, ignore=self.ignore)
            violations = axe_violations(page)
            assert not violations, f"{name} ({page.url}):\n{describe(violations)}"
        if self.folder is not None:
            self.count += 1
            self.folder.mkdir(parents=True, exist_ok=True)
            path = str(self.folder / f"{self.count:02d}-{name}.png")
            if part:
                page.locator(part).screenshot(path=path)
            else:
                page.screenshot(path=path, full_page=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_listed_person_claims_their_record_and_agrees_to_be_contacted(
    browser: Browser, live_server, registry_data, lang: str
):
    base, text = live_server.url, TEXT[lang]
    email = EMAIL.format(lang=lang)
    record = make_member(
        NAME,
        source=Member.Source.IMPORT,
        consents=(),
        birth_year=1988,
        country="JP",
        city_name="Osaka",
        preferred_language=lang,
    )
    steps = Steps(lang, [NAME, email, TYPED_PHONE, SHOWN_PHONE, "Osaka", "1988"])
    officer = make_user("officer@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = lang
    profile.save()

    # The officer types the contact details from the association's list: they stay hidden.
    desk = browser.new_context(locale=LOCALE[lang], viewport=DESKTOP)
    sign_in(desk, officer, base)
    admin = desk.new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{base}/admin/registry/members/{record.pk}/edit/")
    admin.locator("input[name=email]").fill(email)
    admin.locator("input[name=phone]").fill(TYPED_PHONE)
    steps.look(admin, "officer-edit", public=False, part=".registry-contacts")
    admin.get_by_role("button", name=text["save"], exact=True).click()
    expect(admin).to_have_url(re.compile(f"/admin/registry/members/{record.pk}/$"))
    main = admin.locator("main")
    expect(main).not_to_contain_text(email)
    expect(main).not_to_contain_text(SHOWN_PHONE)
    admin.get_by_role("button", name=text["invite"]).click()
    expect(admin.locator(".messages")).to_contain_text(text["sent"])
    steps.look(admin, "officer-invited", public=False)
    expect(main).not_to_contain_text(email)

    # The email, in the person's language, names nobody.
    message = mail.outbox[-1]
    assert message.to == [email]
    assert_text_language(message.subject + "\n" + message.body, lang, ignore=[email])
    assert NAME not in message.body and "Osaka" not in message.body
    link = re.search(r"http://\S+/profile/claim/\S+/", message.body).group(0)
    assert link.startswith(f"http://127.0.0.1:8000/{lang}/profile/claim/")
    link = base + "/" + link.split("/", 3)[3]

    # The person, on a phone: the link names nobody until they sign up with that address.
    person = browser.new_context(locale=LOCALE[lang], viewport=PHONE)
    page = person.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    expect(page.locator("main")).not_to_contain_text(NAME)
    steps.look(page, "link")
    page.get_by_role("link", name=text["create"]).click()
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/signup/"))
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=password2]").press("Enter")
    expect(page).to_have_url(re.compile(f"/{lang}/accounts/confirm-email/"))
    confirm = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + "/" + confirm.split("/", 3)[3])
    page.locator("main form button[type=submit]").click()

    # Back on the link, logged in with the address: the record, and one button to claim it.
    expect(page).to_have_url(link)
    expect(page.locator("main")).to_contain_text(NAME)
    steps.look(page, "is-this-your-record")
    page.get_by_role("button", name=text["claim"]).click()
    expect(page).to_have_url(re.compile(f"/{lang}/profile/$"))
    main = page.locator("main")
    expect(main).to_contain_text(NAME)
    expect(main).to_contain_text(email)
    expect(main).to_contain_text(SHOWN_PHONE)
    expect(page.locator("#first-check-title")).to_be_visible()
    steps.look(page, "profile-to-check")

    # Their own consent: to be contacted by staff, at the details they see.
    page.get_by_role("link", name=text["consents"]).click()
    steps.look(page, "consents")
    page.locator("form:has(input[value=staff-contact]) button").click()
    expect(page.locator("form:has(input[value=staff-contact]) button")).to_have_attribute(
        "value", "withdraw"
    )
    page.goto(f"{base}/{lang}/profile/")
    page.get_by_role("button", name=text["right"]).click()
    expect(page.locator("#first-check-title")).to_have_count(0)
    steps.look(page, "profile-checked")

    # The officer now sees what the person agreed to share.
    admin.goto(f"{base}/admin/registry/members/{record.pk}/")
    expect(admin.locator("main")).to_contain_text(email)
    expect(admin.locator("main")).to_contain_text(SHOWN_PHONE)
    steps.look(admin, "officer-sees-contacts", public=False)

    # The used link: someone else is refused, the person goes on to their profile.
    stranger = browser.new_context(locale=LOCALE[lang], viewport=PHONE).new_page()
    response = stranger.goto(link)
    assert response is not None and response.status == 410
    expect(stranger.locator("h1")).to_have_text(text["used"])
    expect(stranger.locator("main")).not_to_contain_text(NAME)
    page.goto(link)
    expect(page).to_have_url(re.compile(f"/{lang}/profile/$"))

    record.refresh_from_db()
    assert record.user is not None and record.user.email == email
    assert list(AuditEntry.objects.filter(member_id=record.pk, action="claim")) != []
    desk.close()
    person.close()


SCAN = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OFFICER_TEXT = {
    "vi": {
        "record": "Ghi nhận quyết định",
        "staff_contact": "Cán bộ",
        "agreed": "Họ đồng ý",
        "phone": "Qua điện thoại",
        "error": "Lỗi: ",
        "scan": "Tải bản quét",
    },
    "en": {
        "record": "Record the decision",
        "staff_contact": "Staff may contact me",
        "agreed": "They agreed",
        "phone": "By phone",
        "error": "Error: ",
        "scan": "Download the scan",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_officer_records_a_consent_given_by_phone(
    browser: Browser, live_server, registry_data, lang: str
):
    """The form first sent empty (errors summarised, focused, linked), then filled in with the
    keyboard where it matters; the phone number given in the call is then what staff see."""
    base, text = live_server.url, OFFICER_TEXT[lang]
    record = make_member(
        NAME, source=Member.Source.IMPORT, consents=(), country="JP", email="old@example.jp"
    )
    officer = make_user("officer@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = lang
    profile.save()
    steps = Steps(lang, [NAME], journey="paper-consent")
    desk = browser.new_context(locale=LOCALE[lang], viewport=DESKTOP)
    sign_in(desk, officer, base)
    admin = desk.new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{base}/admin/registry/members/{record.pk}/consents/new/")
    expect(admin.locator("input[type=radio]:checked, input[type=checkbox]:checked")).to_have_count(
        0
    )
    admin.get_by_role("button", name=text["record"]).click()
    summary = admin.locator(".registry-error-summary")
    expect(summary).to_be_focused()
    expect(admin).to_have_title(re.compile(f"^{text['error']}"))
    expect(admin.locator("[aria-invalid=true]").first).to_be_attached()
    steps.look(admin, "consent-form-errors", public=False)

    admin.locator("label", has_text=text["staff_contact"]).first.click()
    admin.get_by_label(text["agreed"]).check()
    admin.get_by_label(text["phone"], exact=True).check()
    admin.locator("input[name=given_on]").fill(today_iso())
    admin.locator("textarea[name=note]").fill("Gọi điện ngày 30/11, chị Hà đồng ý.")
    admin.locator("input[name=evidence]").set_input_files(
        files=[{"name": "ghi-am.png", "mimeType": "image/png", "buffer": SCAN}]
    )
    admin.locator("input[name=phone]").fill(TYPED_PHONE)
    steps.look(admin, "consent-form-filled", public=False)
    # Each control beside its own label: measured at once, in the page, on a still layout.
    gaps = admin.evaluate(
        """names => names.map(name => {
            const field = document.querySelector(`[name=${name}]`);
            const label = document.querySelector(`label[for=${field.id}]`);
            const f = field.getBoundingClientRect(), l = label.getBoundingClientRect();
            return [name, f.top - l.bottom, f.left - l.left];
        })""",
        ["given_on", "note", "phone", "email"],
    )
    for name, below, indent in gaps:
        assert 0 <= below < 150 and abs(indent) < 2, (name, below, indent)
    admin.get_by_role("button", name=text["record"]).click()

    expect(admin).to_have_url(re.compile(f"/admin/registry/members/{record.pk}/$"))
    main = admin.locator("main")
    expect(main).to_contain_text(SHOWN_PHONE)
    expect(main).not_to_contain_text("old@example.jp")  # not what the person gave
    with admin.expect_download() as download:
        admin.get_by_role("link", name=text["scan"]).click()
    assert Path(download.value.path()).read_bytes() == SCAN
    steps.look(admin, "consent-recorded", public=False)
    desk.close()


def today_iso() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
