"""A new member registers from a phone: every profile step, then edits, downloads, withdraws a
consent and deletes the account. In Vietnamese, and the sign-up again in English."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from registry.models import AuditEntry, Member
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TEXT = {
    "vi": {
        "signup": "Đăng ký",
        "next": "Lưu và tiếp tục",
        "finish": "Hoàn tất",
        "hometown": "Quê quán",
        "done": "Cảm ơn",
        "save": "Lưu",
        "withdraw": "Rút lại",
        "delete": "Xóa tài khoản",
    },
    "en": {
        "signup": "Sign up",
        "next": "Save and continue",
        "finish": "Finish",
        "hometown": "Hometown",
        "done": "Thank you",
        "save": "Save",
        "withdraw": "Withdraw",
        "delete": "Delete my account",
    },
}


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]:not([form])").first.click()


def sign_up_and_log_in(page: Page, base: str, lang: str, email: str) -> None:
    page.goto(f"{base}/{lang}/")
    page.get_by_role("banner").get_by_role("link", name=TEXT[lang]["signup"]).click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    submit(page)
    link = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    submit(page)
    # Confirming in the same browser logs in: straight into the first step of the profile.
    expect(page).to_have_url(re.compile(f"/{lang}/profile/step/about/"))


def complete_profile(page: Page, lang: str, full_name: str) -> None:
    text = TEXT[lang]
    next_button = page.get_by_role("button", name=text["next"])

    page.locator("input[name=full_name]").fill(full_name)
    page.locator("input[name=birth_year]").fill("1986")
    page.locator("input[name=phone]").fill("+81 90 1234 5678")
    next_button.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(text["hometown"])
    expect(page.locator("[aria-current=step]")).to_have_text(text["hometown"])
    # A pre-2025 commune, typed without diacritics: the list fills in while typing.
    page.locator("input[name=query]").press_sequentially("thach dai", delay=30)
    option = page.get_by_label(re.compile("Xã Thạch Đài"))
    option.check()
    page.locator("input[name=hometown_village]").fill("Thôn Trung Tiến")
    next_button.click()

    page.locator("select[name=country]").select_option("JP")
    page.locator("input[name=city_query]").press_sequentially("osaka", delay=30)
    page.get_by_label(re.compile("^Osaka")).check()
    next_button.click()

    page.locator("input[name=occupation]").fill("Kỹ sư cơ khí")
    page.locator("input[name=languages][value=ja]").check()
    next_button.click()

    page.locator("input[name=interests]").first.check()
    next_button.click()

    page.locator("input[name=registry]").check()
    page.locator("input[name=staff-contact]").check()
    page.locator("input[name=newsletter]").check()
    page.get_by_role("button", name=text["finish"]).click()
    expect(page.locator(".messages")).to_contain_text(text["done"])


def test_a_member_registers_and_manages_the_record_in_vietnamese(
    page: Page, live_server, site_pages
):
    sign_up_and_log_in(page, live_server.url, "vi", "osaka.an@example.org")
    complete_profile(page, "vi", "Nguyễn Văn An")
    member = Member.objects.get(user__email="osaka.an@example.org")
    assert member.hometown_legacy.name == "Xã Thạch Đài"
    assert member.hometown_ward.name == "Phường Hà Huy Tập"
    assert member.city_name == "Osaka" and member.latitude is not None
    assert str(member.phone) == "+819012345678"

    # Edit the profile.
    page.get_by_role("link", name="Về bạn").click()
    page.locator("input[name=other_names]").fill("Nguyen An")
    page.get_by_role("button", name=TEXT["vi"]["save"], exact=True).click()
    expect(page.locator("main")).to_contain_text("Nguyen An")

    # Download the data.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("JSON")).first.click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["full_name"] == "Nguyễn Văn An"
    assert data["other_names"] == "Nguyen An"

    # Withdraw the newsletter consent.
    page.get_by_role("link", name="Sự đồng ý của tôi").click()
    page.get_by_role("button", name=re.compile("Rút lại: Nhận bản tin")).click()
    expect(page.locator(".messages")).to_be_visible()
    assert not member.consented_purposes.filter(slug="newsletter").exists()

    # Delete the account, after typing the password again.
    page.goto(f"{live_server.url}/vi/profile/")
    page.get_by_role("link", name=TEXT["vi"]["delete"]).click()
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Xóa tài khoản")).click()
    expect(page.get_by_role("banner").get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert not Member.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="erase", member_id=member.pk).count() == 1


def test_a_member_registers_in_english(page: Page, live_server, site_pages):
    sign_up_and_log_in(page, live_server.url, "en", "budapest.hoa@example.org")
    complete_profile(page, "en", "Lê Thị Hoa")
    member = Member.objects.get(user__email="budapest.hoa@example.org")
    assert member.profile_completed_at is not None
    assert member.hometown_legacy.name == "Xã Thạch Đài"
    assert sorted(member.consented_purposes.values_list("slug", flat=True)) == [
        "newsletter",
        "registry",
        "staff-contact",
    ]
