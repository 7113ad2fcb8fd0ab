"""A registered member manages the record from a phone: edits a section, downloads the data,
withdraws a consent and deletes the account. (Joining is walked in test_member_journeys.py.)"""

import json
import re

import pytest
from playwright.sync_api import Browser, expect

from registry.models import AuditEntry, Member
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.browser


def test_a_member_edits_downloads_withdraws_and_deletes(browser: Browser, live_server, site_pages):
    user = make_user("osaka.an@example.org")
    member = make_member(
        "Nguyễn Văn An",
        user=user,
        email=user.email,
        country="JP",
        city_name="Osaka",
        consents=("registry", "staff-contact", "newsletter"),
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/profile/")

    # Edit a section: back on the profile, with the change.
    page.get_by_role("link", name="Về bạn").click()
    page.locator("input[name=other_names]").fill("Nguyen An")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page).to_have_url(re.compile("/vi/profile/$"))
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
    page.get_by_role("link", name="Xóa tài khoản của tôi").click()
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Xóa tài khoản")).click()
    expect(page.get_by_role("banner").get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert not Member.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="erase", member_id=member.pk).count() == 1
    context.close()
