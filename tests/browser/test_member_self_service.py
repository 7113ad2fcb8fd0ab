"""A member checks what the registry holds about her, on a phone: her profile, "What staff can
see" side by side with the officer's own screen, and the readable download, in vi and en."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from registry.models import Consent, Interest, Member, MergeRecord, Sector
from registry.services.merges import merge_members
from tests.browser.conftest import sign_in
from tests.conftest import make_member, make_user

pytestmark = pytest.mark.browser

# 08:30 UTC is 15:30 in Hà Tĩnh (UTC+7), the site's time zone.
AT = datetime.datetime(2024, 3, 5, 8, 30, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

LANGUAGES = {"vi": "Tiếng Việt, Tiếng Anh, Tiếng Séc", "en": "Vietnamese, English, Czech"}


@pytest.fixture
def officer(site_pages):
    user = make_user("officer@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    user.first_name, user.last_name = "Lê", "Văn Tâm"
    user.save()
    return user


@pytest.fixture
def nhung(site_pages, officer):
    """A verified member who speaks three languages, agreed to staff contact, and had an older
    record merged into hers; every date fixed."""
    user = make_user("nhung@example.org")
    record = make_member(
        "Nguyễn Thị Hồng Nhung",
        user=user,
        email=user.email,
        phone="+36201234567",
        birth_year=1990,
        gender="female",
        languages="vi en cs",
        occupation="Kỹ sư phần mềm",
        sector=Sector.objects.get(slug="it"),
        consents=("registry", "staff-contact"),
        created_at=AT,
    )
    record.interests.add(Interest.objects.get(slug="investment"))
    merge_members(record, make_member("Nguyen Thi Hong Nhung"), actor=officer)
    Member.objects.filter(pk=record.pk).update(
        last_confirmed_at=AT + DAY,
        verified_at=AT + 2 * DAY,
        verified_by=officer,
        verification_method=Member.Verification.DOCUMENT,
    )
    Consent.objects.filter(member=record).update(recorded_at=AT)
    MergeRecord.objects.filter(member=record).update(merged_at=AT + 3 * DAY)
    return record


def facts(page: Page) -> list[tuple[str, str]]:
    """Every labelled fact of the page's main part, as (label, value), in order."""
    pairs = page.eval_on_selector_all(
        "main dl > dt",
        "dts => dts.map(dt => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()])",
    )
    return [(label, value) for label, value in pairs]


def table_rows(page: Page, rows: str = "tr") -> list[str]:
    return page.eval_on_selector_all(
        f"main table {rows}", "rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())"
    )


def lists(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "main section li", "items => items.map(li => li.innerText.replace(/\\s+/g, ' ').trim())"
    )


def test_what_staff_can_see_is_what_the_officer_sees(
    page: Page, browser, live_server, nhung, officer
):
    sign_in(page.context, nhung.user, live_server.url)
    page.goto(f"{live_server.url}/vi/profile/")
    page.get_by_role("link", name="Những gì cán bộ nhìn thấy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Những gì cán bộ nhìn thấy")
    page.screenshot(path="var/screenshots/member-staff-view-vi.png", full_page=True)
    seen_by_member = (facts(page), table_rows(page), lists(page))

    desk = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    sign_in(desk, officer, live_server.url)
    admin = desk.new_page()
    admin.goto(f"{live_server.url}/admin/registry/members/{nhung.pk}/")
    admin.screenshot(path="var/screenshots/officer-member-detail-vi.png", full_page=True)
    seen_by_officer = (facts(admin), table_rows(admin), lists(admin))
    desk.close()

    for mine, theirs in zip(seen_by_member, seen_by_officer, strict=True):
        assert mine == theirs
    assert ("Ngôn ngữ", LANGUAGES["vi"]) in seen_by_officer[0]
    assert ("Email", "nhung@example.org") in seen_by_officer[0]  # she agreed to staff contact


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_profile_shows_the_languages_she_speaks(page: Page, live_server, nhung, lang):
    sign_in(page.context, nhung.user, live_server.url)
    page.goto(f"{live_server.url}/{lang}/profile/")
    label = {"vi": "Ngôn ngữ", "en": "Languages"}[lang]
    assert (label, LANGUAGES[lang]) in facts(page)


READABLE = {
    "vi": {
        "gender": ("Giới tính", "Nữ"),
        "created": ("Ngày lập hồ sơ", "5 tháng 3 năm 2024, 15:30"),
        "confirmed": ("Ngày xác nhận gần nhất", "6 tháng 3 năm 2024, 15:30"),
        "how": ("Cách xác minh", "Giấy tờ tùy thân"),
        "purpose": "Cán bộ liên hệ với tôi về các chuyến công tác và sự kiện",
        "channel": "Trên trang web",
        "date": r"\d\d? tháng \d\d? năm \d{4}, \d\d:\d\d",
    },
    "en": {
        "gender": ("Gender", "Female"),
        "created": ("Record created on", "March 5, 2024, 3:30 p.m."),
        "confirmed": ("Last confirmed on", "March 6, 2024, 3:30 p.m."),
        "how": ("Verified how", "Identity document"),
        "purpose": "Staff may contact me about visits and events",
        "channel": "On the website",
        "date": r"[A-Z][a-z]+\.? \d\d?, \d{4}, \d\d?(:\d\d)? [ap]\.m\.",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_readable_download_says_everything_in_words(page: Page, live_server, nhung, lang):
    words = READABLE[lang]
    sign_in(page.context, nhung.user, live_server.url)
    page.goto(f"{live_server.url}/{lang}/profile/download/")
    page.screenshot(path=f"var/screenshots/member-download-{lang}.png", full_page=True)
    shown = facts(page)
    text = page.locator("main").inner_text()

    label = {"vi": "Ngôn ngữ", "en": "Languages"}[lang]
    assert (label, LANGUAGES[lang]) in shown
    for key in ("gender", "created", "confirmed", "how"):
        assert words[key] in shown
    assert words["purpose"] in text and words["channel"] in text
    # No codes, slugs or machine timestamps; one date format throughout.
    assert "vi en cs" not in text and "staff-contact" not in text and "sign-up" not in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text)
    assert "Tạo mới" not in text
    decisions = page.locator(".consent-history li").all_inner_texts()
    assert len(decisions) == 2  # her own; the merged record's stay in the merge history
    for row in [*decisions, *table_rows(page, "tbody tr")]:
        assert re.search(words["date"], row), row
    # The page is one column on a phone: nothing runs off the right edge.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
