"""An officer merges a member's own sign-up with the record an association's list made of her
(issue 13, finding 1): the duplicates list tells the two apart, the compare page shows every field
of both (the list's contact details too), the officer chooses field by field, and the member's
consent stays with the contact details she gave it for. On a phone, in Vietnamese and English.

`SCREENSHOTS=var/shots` saves a screenshot of each step."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from accounts import roles
from registry.models import Consent, Member, MergeRecord
from tests.browser.language import assert_page_language
from tests.conftest import PASSWORD, make_member, make_user, totp_code

pytestmark = pytest.mark.browser

TEXT = {
    "vi": {
        "compare": "So sánh và gộp",
        "own": "do chính người này cung cấp",
        "shown": "Cán bộ sẽ thấy sau khi gộp",
        "hidden": "Cán bộ sẽ không thấy sau khi gộp",
        "merged": "Đã gộp hồ sơ.",
        "redirected": "đã được gộp vào hồ sơ này",
        "signed_up": "Tự đăng ký trên trang",
        "imported": "Nhập từ danh sách",
    },
    "en": {
        "compare": "Compare and merge",
        "own": "the person's own",
        "shown": "Shown to staff after the merge",
        "hidden": "Hidden from staff after the merge",
        "merged": "Records merged.",
        "redirected": "was merged into this record",
        "signed_up": "Signed up on the site",
        "imported": "Imported from a list",
    },
}


# Wagtail's own sidebar labels, which its Vietnamese catalogue lacks (not the registry's text).
WAGTAIL_UNTRANSLATED = ["Sidebar", "Toggle sidebar"]
NAMES = ["Nguyễn Thị Hồng Nhung", "Nguyen Thi Hong Nhung", *WAGTAIL_UNTRANSLATED]


def shot(page: Page, name: str) -> None:
    """The whole page (the admin scrolls inside its own container, so the window is made as
    tall as the content for the picture)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        assert size is not None
        height = page.evaluate("document.querySelector('main').scrollHeight + 200")
        page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        page.screenshot(path=f"{folder}/{name}.png")
        page.set_viewport_size(size)


def log_in(page: Page, url: str, language: str) -> None:
    officer = make_user("officer@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = language
    profile.save()
    page.goto(f"{url}/{language}/accounts/login/?next=/admin/registry/duplicates/")
    page.locator("input[name=login]").fill(officer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    page.locator("input[name=code]").fill(totp_code(officer.totp_secret))
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile("/admin/registry/duplicates/"))


@pytest.fixture
def nhung(site_pages):
    """Her own sign-up (email, phone, consent to staff contact for them) and the record an
    association's list made of her (its idea of her email and phone, her occupation)."""
    own = make_member(
        "Nguyễn Thị Hồng Nhung",
        user=make_user("nhung@example.org"),
        email="nhung@example.org",
        phone="+36201234567",
        birth_year=1990,
        consents=("registry", "staff-contact"),
    )
    listed = make_member(
        "Nguyen Thi Hong Nhung",
        source=Member.Source.IMPORT,
        consents=(),
        birth_year=1990,
        email="hoi.hungary@example.org",
        phone="+36301112222",
        occupation="Kế toán",
        city_name="Debrecen",
    )
    return own, listed


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_officer_compares_chooses_and_merges_and_the_consent_stays_with_its_contacts(
    page: Page, live_server, nhung, language
):
    own, listed = nhung
    text = TEXT[language]
    log_in(page, live_server.url, language)

    # The duplicates list tells the two records apart.
    rows = page.locator(".registry-pairs__pair")
    expect(rows).to_have_count(1)
    for fact in (f"#{own.pk}", f"#{listed.pk}", text["signed_up"], text["imported"], "Debrecen"):
        expect(rows.first).to_contain_text(fact)
    expect(rows.first).not_to_contain_text("hoi.hungary@example.org")
    assert_page_language(page, language, ignore=NAMES)
    shot(page, f"merge-1-duplicates-{language}")
    rows.first.get_by_role("link", name=text["compare"]).click()

    # Her own record is the one kept; every field of both is there, contacts included.
    expect(page).to_have_url(re.compile(f"/admin/registry/merge/{own.pk}/{listed.pk}/$"))
    main = page.locator("main")
    for value in (
        "Nguyễn Thị Hồng Nhung",
        "Nguyen Thi Hong Nhung",
        "nhung@example.org",
        "hoi.hungary@example.org",
        "+36 20 123 4567",
        "+36 30 111 2222",
        "Budapest",
        "Debrecen",
        "Kế toán",
    ):
        expect(main).to_contain_text(value)
    # One choice per differing field, her own data chosen; what staff will see, and why.
    email_own, email_listed = page.locator("#id_email_kept"), page.locator("#id_email_merged")
    expect(email_own).to_be_checked()
    expect(email_listed).not_to_be_checked()
    expect(page.locator("#id_occupation_merged")).to_be_checked()  # her record had none
    expect(page.locator("#note_email_kept")).to_contain_text(text["shown"])
    expect(page.locator("#note_email_merged")).to_contain_text(text["hidden"])
    expect(page.locator("label[for=id_full_name_kept]")).to_contain_text(text["own"])
    # Each radio button beside its own label, on a phone.
    for side in ("kept", "merged"):
        radio = page.locator(f"#id_phone_{side}").bounding_box()
        label = page.locator(f"label[for=id_phone_{side}]").bounding_box()
        assert radio and label
        assert radio["x"] + radio["width"] <= label["x"]
        assert (
            radio["y"] < label["y"] + label["height"] and label["y"] < radio["y"] + radio["height"]
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_page_language(
        page,
        language,
        ignore=[
            *NAMES,
            "Kế toán",
            "Xã",
            str(own.hometown_ward),
        ],
    )
    shot(page, f"merge-2-compare-{language}")

    # The officer takes the list's phone instead of hers; her email stays.
    page.locator("label[for=id_phone_merged]").click()
    page.locator("main form button[type=submit]").first.click()

    # The kept record: her email shown (she agreed for it); the list's phone kept but hidden.
    expect(page).to_have_url(re.compile(f"/admin/registry/members/{own.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(text["merged"])
    expect(main).to_contain_text("nhung@example.org")
    expect(main).not_to_contain_text("+36 30 111 2222")
    expect(main).not_to_contain_text("hoi.hungary@example.org")
    expect(main).to_contain_text("Kế toán")
    shot(page, f"merge-3-kept-{language}")
    own.refresh_from_db()
    assert str(own.phone) == "+36301112222"
    assert own.contacts_covered == {"email": "nhung@example.org", "phone": "+36201234567"}
    assert Consent.objects.filter(member=own).count() == 2
    history = MergeRecord.objects.get(member=own)
    assert history.choices["phone"] == "merged" and history.kept_before["phone"] == "+36201234567"

    # The list's record's address leads to hers.
    page.goto(f"{live_server.url}/admin/registry/members/{listed.pk}/")
    expect(page).to_have_url(re.compile(f"/admin/registry/members/{own.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(text["redirected"])
