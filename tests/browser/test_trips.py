"""Issue 20's journey: an officer builds a Japan + Korea trip from two searches, approves 12
people, invites them; three answer through their links, each in their own language (vi, en,
ko), one declining; the officer reminds the others and has the briefing pack written, whose
text is read back."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from registry.gazetteer import find_cities
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.language import assert_page_language
from tests.trips.conftest import placed
from trips.models import Shortlisted, Trip

pytestmark = pytest.mark.browser

CONTACT = ("registry", "staff-contact")
# Twelve people within 100 km of Tokyo or Seoul who are interested in investment.
NEAR_TOKYO = [
    ("Nguyễn Văn An", "Tokyo", "vi"),
    ("Trần Thị Bình", "Yokohama", "en"),
    ("Đặng Quốc Bảo", "Kawasaki", "vi"),
    ("Võ Thị Hà", "Chiba", "ja"),
    ("Bùi Đức Thắng", "Saitama", "vi"),
    ("Đỗ Thị Lan", "Tokyo", "vi"),
    ("Phan Văn Hùng", "Yokohama", "vi"),
]
NEAR_SEOUL = [
    ("Lê Văn Cường", "Seoul", "ko"),
    ("Hồ Thị Mai", "Incheon", "vi"),
    ("Ngô Văn Phúc", "Suwon", "vi"),
    ("Dương Thị Thu", "Seongnam", "vi"),
    ("Phạm Thị Dung", "Seoul", "vi"),  # never agreed to staff contact
]


def looks_right(page: Page, lang: str, *ignore: str) -> None:
    assert_page_language(page, lang, ignore=ignore)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def people() -> dict[str, object]:
    found = {}
    for country, listed in (("JP", NEAR_TOKYO), ("KR", NEAR_SEOUL)):
        for number, (name, city, language) in enumerate(listed):
            found[name] = placed(
                name,
                country,
                city,
                email=f"{country.lower()}{number}@example.org",
                preferred_language=language,
                consents=("registry",) if name == "Phạm Thị Dung" else CONTACT,
                interests=("investment",),
                occupation="Doanh nhân",
            )
    # Not found by either search: too far (Osaka, Busan), or not interested in investment.
    placed("Hoàng Văn Em", "JP", "Osaka", consents=CONTACT, interests=("investment",))
    placed("Lý Thị Hoa", "KR", "Busan", consents=CONTACT, interests=("investment",))
    placed("Mai Văn Tùng", "JP", "Tokyo", consents=CONTACT, interests=("charity",))
    return found


def search_url(base: str, country: str, city: str) -> str:
    where = find_cities(country, city, limit=1)[0]
    return (
        f"{base}/admin/registry/search/?country={country}"
        f"&place={where.geonameid}:100&interest=investment"
    )


def reply_link(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    return re.search(r"https?://\S+/trips/reply/\S+/", message.body).group(0)


def test_an_officer_plans_a_japan_and_korea_trip_from_searches_to_the_briefing_pack(
    browser: Browser, live_server, site_pages, registry_officer, tmp_path
):
    base = live_server.url
    found = people()
    officer = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    sign_in(officer, registry_officer, base)
    admin = officer.new_page()
    admin.set_default_timeout(20_000)

    # A new trip, with its two destinations (a mistake first: a city that is not in Japan).
    admin.goto(f"{base}/admin/trips/new/")
    admin.locator("input[name=title]").fill("Lãnh đạo tỉnh thăm Nhật Bản và Hàn Quốc")
    admin.locator("textarea[name=delegation_text]").fill("Võ Trọng Hải, Chủ tịch UBND tỉnh")
    admin.locator("form.trip-form button[type=submit]").click()
    trip = Trip.objects.get()
    expect(admin).to_have_url(f"{base}/admin/trips/{trip.pk}/")
    for country, city, first, last in (
        ("JP", "Seoul", "2027-03-10", "2027-03-12"),
        ("JP", "Tokyo", "2027-03-10", "2027-03-12"),
        ("KR", "Seoul", "2027-03-13", "2027-03-15"),
    ):
        leg = admin.locator("form.trip-leg-form")
        leg.locator("select[name=country]").select_option(country)
        leg.locator("input[name=city_name]").fill(city)
        leg.locator("input[name=starts_on]").fill(first)
        leg.locator("input[name=ends_on]").fill(last)
        leg.locator("button[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text("Seoul")
    assert [leg.city_name for leg in trip.legs.all()] == ["Tokyo", "Seoul"]

    # Two searches, each result added whole.
    for country, city in (("JP", "Tokyo"), ("KR", "Seoul")):
        admin.goto(search_url(base, country, city))
        admin.locator("button[formaction$='/add-people/'][value=all]").click()
        expect(admin).to_have_url(f"{base}/admin/trips/{trip.pk}/")
    listed = {line.member.full_name for line in trip.people.select_related("member")}
    assert listed == set(found)

    # All twelve approved at once (the box that ticks everyone shown); then invited.
    expect(admin.locator("input[name=line]")).to_have_count(12)
    admin.locator("#tick-all").check()
    expect(admin.locator("input[name=line]:checked")).to_have_count(12)
    admin.locator("select[name=status]").select_option("approved")
    admin.locator("fieldset.trip-follow-up button[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text("12")
    assert trip.people.filter(status="approved").count() == 12
    mail.outbox.clear()
    admin.locator("a[href$='/invite/']").click()
    expect(admin.locator("main")).to_contain_text("Phạm Thị Dung")  # named: cannot be emailed
    violations = axe_violations(admin)
    assert not violations, describe(violations)
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".messages")).to_contain_text("11")
    assert len(mail.outbox) == 11  # Dung never agreed to be contacted by staff
    # (Wagtail's own admin text is not all in Vietnamese: only axe is asked here.)
    violations = axe_violations(admin)
    assert not violations, describe(violations)

    # Three answer through their links, without logging in, each in their own language.
    answers = [
        ("jp0@example.org", "vi", "accept", "2", "Tôi sẽ đến cùng vợ và con"),
        ("jp1@example.org", "en", "accept", "0", ""),
        ("kr0@example.org", "ko", "decline", "0", "출장 중입니다"),
    ]
    for address, lang, answer, guests, message in answers:
        visitor = browser.new_context(viewport={"width": 390, "height": 844})
        page = visitor.new_page()
        page.set_default_timeout(20_000)
        link = reply_link(address)
        assert f"/{lang}/trips/reply/" in link
        page.goto(base + "/" + link.split("/", 3)[3])
        assert page.locator("html").get_attribute("lang") == lang
        page.locator("main form button[type=submit]").click()  # nothing chosen
        expect(page.locator(".error-summary")).to_be_visible()
        page.locator(f"input[name=answer][value={answer}]").check()
        page.locator("input[name=guests]").fill(guests)
        page.locator("textarea[name=message]").fill(message)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("[role=status]")).to_be_visible()
        looks_right(page, lang, trip.title, message, *found, "Nhật Bản", "Hàn Quốc")
        visitor.close()
    statuses = dict(trip.people.values_list("member__email", "status"))
    assert statuses["jp0@example.org"] == statuses["jp1@example.org"] == "accepted"
    assert statuses["kr0@example.org"] == "declined"
    assert trip.people.get(member__email="jp0@example.org").guests == 2

    # A reminder to the eight who have not answered.
    mail.outbox.clear()
    admin.goto(f"{base}/admin/trips/{trip.pk}/")
    admin.locator("form[action$='/remind/'] button").click()
    expect(admin.locator(".messages")).to_contain_text("8")
    assert len(mail.outbox) == 8

    # Dung answered by phone, through her association: the officer records it.
    dung = trip.people.get(member__full_name="Phạm Thị Dung")
    Shortlisted.objects.filter(pk=dung.pk).update(status="accepted")

    # The briefing pack, written on the worker (at once in tests), then downloaded.
    admin.goto(f"{base}/admin/trips/{trip.pk}/")
    admin.locator("form[action$='/write/pack/'] button").click()
    expect(admin.get_by_role("link", name=re.compile("PDF"))).to_be_visible()
    with admin.expect_download() as download:
        admin.get_by_role("link", name=re.compile("PDF")).click()
    pdf = tmp_path / "pack.pdf"
    shutil.copy(download.value.path(), pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the pack")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"):
        assert name in text
    assert "Lê Văn Cường" not in text.split("Võ Trọng Hải")[-1] or "declined" not in text
    assert "jp0@example.org" in text  # agreed to staff contact
    assert "kr4@example.org" not in text  # Dung did not
    assert "Tokyo" in text and "Seoul" in text
    officer.close()
