"""The hometown and city pickers of the sign-up profile, as a member uses them in Chromium
(issue 12: findings 3, 10, 11, 12 and the Enter key of finding 17)."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from registry import gazetteer
from registry.admin_units import load_admin_units
from registry.models import Member, Ward
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def units(transactional_db):
    """Only the province's wards and communes: these pages need no site content."""
    load_admin_units(settings.PROVINCE_CODE)


@pytest.fixture
def started_profile(units, member):
    """Alice has given her name (the first step) and her hometown, not yet where she lives."""
    return Member.objects.create(
        user=member,
        email=member.email,
        full_name="Nguyễn Thị Hồng Nhung",
        hometown_ward=Ward.objects.filter(province_code=settings.PROVINCE_CODE).first(),
        signup_steps=["about", "hometown"],
    )


@pytest.fixture
def signed_in(page: Page, live_server, member, started_profile) -> Page:
    sign_in(page.context, member, live_server.url)
    return page


def options(page: Page) -> list[str]:
    return page.locator("#choice-options label").all_inner_texts()


def test_the_country_list_is_in_the_page_language_and_chooses_nothing(
    signed_in: Page, live_server, started_profile
):
    page = signed_in
    page.goto(f"{live_server.url}/en/profile/step/residence/")
    country = page.locator("select[name=country]")
    expect(country).to_have_value("")
    names = country.locator("option").all_inner_texts()
    assert names[0] == "Choose a country"
    assert "Japan" in names and "Nhật Bản" not in names
    assert names.index("Åland Islands") < names.index("Albania")  # Å files under A

    # Nothing chosen: refused, in English, and nothing stored.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text("Choose the country where you live.")
    started_profile.refresh_from_db()
    assert started_profile.country == ""

    # French names on the French page, in French order (accents do not send Égypte past Z).
    page.goto(f"{live_server.url}/fr/profile/step/residence/")
    names = page.locator("select[name=country] option").all_inner_texts()
    assert "Japon" in names and "Japan" not in names
    assert names.index("Équateur") < names.index("Érythrée") < names.index("Espagne")

    # Vietnamese order: Đ is a letter of its own, after D.
    page.goto(f"{live_server.url}/vi/profile/step/residence/")
    names = page.locator("select[name=country] option").all_inner_texts()
    assert names.index("Dominica") < names.index("Đan Mạch") < names.index("Ecuador")


def test_the_first_city_search_after_start_answers_quickly(
    signed_in: Page, live_server, started_profile
):
    gazetteer._forget()  # as in a process that has just started
    page = signed_in
    page.goto(f"{live_server.url}/en/profile/step/residence/")
    page.locator("select[name=country]").select_option("JP")
    # A person typing at an ordinary pace: each letter may start a search.
    page.locator("input[name=city_query]").press_sequentially("osaka", delay=250)
    typed = time.monotonic()
    expect(page.get_by_label(re.compile("^Osaka"))).to_be_visible(timeout=15_000)
    waited = time.monotonic() - typed
    assert waited < 2.5, f"the list came {waited:.1f} s after the last letter"


def test_the_city_list_follows_the_country_says_when_nothing_matched_and_tells_namesakes_apart(
    signed_in: Page, live_server
):
    page = signed_in
    page.goto(f"{live_server.url}/en/profile/step/residence/")
    page.locator("select[name=country]").select_option("KR")
    page.locator("input[name=city_query]").press_sequentially("gwangju", delay=20)
    expect(page.locator("#choice-options input[type=radio]")).to_have_count(2)
    labels = options(page)
    assert len(set(labels)) == 2, labels
    # Nothing was submitted: the live list is not marked invalid.
    expect(page.locator("#choice-options [aria-invalid]")).to_have_count(0)

    page.locator("input[name=city_query]").fill("osaka")
    expect(page.locator("#choice-options input[type=radio]")).to_have_count(0)
    expect(page.locator("#choice-options")).to_contain_text("No city of this country has that name")

    page.locator("select[name=country]").select_option("JP")
    expect(page.get_by_label(re.compile(r"^Osaka \(Japan\)"))).to_be_visible()


def test_the_hometown_a_person_means_comes_first_and_a_cut_list_says_so(
    signed_in: Page, live_server
):
    page = signed_in
    page.goto(f"{live_server.url}/vi/profile/step/hometown/")
    query = page.locator("input[name=query]")
    query.press_sequentially("cam xuyen", delay=20)
    first = page.locator("#choice-options label").first
    expect(first).to_have_text(re.compile(r"^Xã Cẩm Xuyên"))
    expect(page.locator("#choice-options")).to_contain_text("gõ thêm tên để thu hẹp danh sách")

    query.fill("huong son")
    expect(first).to_have_text(re.compile(r"^Xã Hương Sơn"))
    assert not any("Sông Trí" in label for label in options(page))


def test_enter_in_the_picker_searches_instead_of_submitting(signed_in: Page, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/en/profile/step/hometown/")
    page.evaluate("window.stayed = true")
    query = page.locator("input[name=query]")
    query.fill("thach dai")
    query.press("Enter")
    expect(page.get_by_label(re.compile("Xã Thạch Đài"))).to_be_visible()
    assert page.evaluate("window.stayed === true"), "Enter sent the form: the page was reloaded"
    expect(query).to_be_focused()
