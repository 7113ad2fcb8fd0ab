"""An editor types a Vietnamese title and Wagtail's editor makes its address without the marks:
"Hà Tĩnh đón đoàn kiều bào Nhật Bản" → `ha-tinh-don-doan-kieu-bao-nhat-ban` (its own
transliteration made "đ" "dj" and dropped "ĩ")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from cms.models import NewsIndexPage
from tests.browser.test_translation_workflow import log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

TITLE = "Hà Tĩnh đón đoàn kiều bào Nhật Bản về thăm quê hương dịp Tết Bính Ngọ"
SLUG = "ha-tinh-don-doan-kieu-bao-nhat-ban-ve-tham-que-huong-dip-tet-binh-ngo"


def test_the_editor_makes_the_address_from_a_vietnamese_title(page: Page, live_server, site_pages):
    editor = make_user("bien.tap.slug@example.org", groups=(roles.EDITORS,), mfa=True)
    news = NewsIndexPage.objects.get(locale__language_code="vi")
    log_in(page, live_server.url, editor)
    page.goto(f"{live_server.url}/admin/pages/add/cms/newsarticlepage/{news.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    page.get_by_role("tab", name="Quảng bá").click()  # (the admin is in Vietnamese)
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    # Typed in the slug field itself, a title is cleaned the same way when the field is left.
    page.locator("#id_slug").fill("Đoàn kiều bào Hàn Quốc")
    page.locator("#id_slug").blur()
    expect(page.locator("#id_slug")).to_have_value("doan-kieu-bao-han-quoc")
