"""The sign-up steps as people use them: one test per finding of issue 12 that a person met.

Consents beside their own purpose (1), completeness decided by the server (2), three submits at
once (4), Back after Find (5), Back with errors on the page (6), two tabs (7), errors announced
(9), wording (15) and the keyboard (17). The whole journey, in both languages, is walked in
`test_member_journeys.py`; these tests start from a record at the step they are about.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from registry.models import Association, LegacyCommune, Member, Ward
from tests.browser.conftest import sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

STEPS = ["about", "hometown", "residence", "work", "interests", "consents"]


def member_at(step: str, email: str = "osaka@example.org", **fields: object) -> Member:
    """A signed-up person whose profile is done up to (not including) `step`."""
    user = make_user(email)
    done = STEPS[: STEPS.index(step)] if step in STEPS else STEPS
    record = Member(user=user, email=email, full_name="Nguyễn Văn An", preferred_language="vi")
    if "hometown" in done:
        record.hometown_ward = Ward.objects.filter(province_code=settings.PROVINCE_CODE).first()
    if "residence" in done:
        record.country, record.city_name = "JP", "Osaka"
    record.signup_steps = done
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


@pytest.fixture
def signed_in(browser: Browser, live_server, registry_data):
    """A phone-sized tab, and a function that signs a member in on it."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(15_000)

    def as_member(record: Member) -> Page:
        sign_in(context, record.user, live_server.url)
        return tab

    yield as_member
    context.close()


def url(live_server, path: str, lang: str = "vi") -> str:
    return f"{live_server.url}/{lang}/profile/{path}"


# --- Finding 1: each tick box beside its own purpose -------------------------------------------


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_each_consent_box_sits_on_its_purpose_line_and_is_named_by_it(
    browser: Browser, live_server, registry_data, viewport
):
    from registry.models import ConsentPurpose

    record = member_at("consents")
    context = browser.new_context(
        locale="vi-VN", viewport={"width": viewport[0], "height": viewport[1]}
    )
    sign_in(context, record.user, live_server.url)
    tab = context.new_page()
    tab.goto(url(live_server, "step/consents/"))
    for purpose in ConsentPurpose.objects.all():
        box = tab.locator(f"input[type=checkbox][name={purpose.slug}]")
        # Its accessible name is its purpose (required ones say so).
        expect(box).to_have_accessible_name(re.compile("^" + re.escape(purpose.name)))
        label = tab.locator(f"label[for='{box.get_attribute('id')}']")
        box_rect, label_rect = box.bounding_box(), label.bounding_box()
        centre = box_rect["y"] + box_rect["height"] / 2
        # Beside the label's first line (a line is at most 1.6 × 1.8rem here).
        first_line = min(label_rect["y"] + 1.8 * 16 * 1.6, label_rect["y"] + label_rect["height"])
        assert label_rect["y"] <= centre <= first_line, f"{purpose.slug}: not beside its label"
        assert box_rect["x"] + box_rect["width"] <= label_rect["x"] + 2, "the box comes first"
        # The purpose's full text describes the box.
        described = box.get_attribute("aria-describedby") or ""
        assert (
            described
            and purpose.current_text.text[:40]
            in tab.locator(f"#{described.split()[0]}").inner_text()
        )
    context.close()


# --- Finding 2: the server decides completeness ------------------------------------------------


def test_a_sign_up_cannot_skip_to_the_consents_by_typing_its_address(signed_in, live_server):
    record = member_at("hometown")
    tab = signed_in(record)
    tab.goto(url(live_server, "step/consents/"))
    expect(tab).to_have_url(re.compile("/vi/profile/step/hometown/$"))
    # A hand-made POST to the consents step completes nothing.
    token = tab.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    status = tab.evaluate(
        """async ([action, token]) => {
            const body = new URLSearchParams({csrfmiddlewaretoken: token, registry: "on"});
            const response = await fetch(action, {method: "POST", body});
            return response.status;
        }""",
        [url(live_server, "step/consents/"), token],
    )
    assert status < 500
    record.refresh_from_db()
    assert record.profile_completed_at is None
    assert not record.consented_purposes.exists()


# --- Finding 4: three submits at once ----------------------------------------------------------


# The test server's threads share one in-memory SQLite connection: nothing runs at once there.
AT_ONCE = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite under the test server runs requests one at a time (CI runs this on PostgreSQL)",
)
SEND_THREE_AT_ONCE = """(extra) => {
    const form = document.querySelector("main form[method=post]");
    const send = () => {
        const body = new URLSearchParams(new FormData(form));
        for (const [name, value] of Object.entries(extra)) body.set(name, value);
        return fetch(form.action || location.href, {method: "POST", body})
            .then(response => response.status);
    };
    return Promise.all([send(), send(), send()]);
}"""


@AT_ONCE
def test_a_sign_up_sent_three_times_at_once_makes_one_account(
    browser: Browser, live_server, registry_data
):
    from accounts.models import User
    from tests.conftest import PASSWORD

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{live_server.url}/vi/accounts/signup/")
    tab.locator("input[name=email]").fill("double.tap@example.org")
    tab.locator("input[name=password1]").fill(PASSWORD)
    tab.locator("input[name=password2]").fill(PASSWORD)
    statuses = tab.evaluate(SEND_THREE_AT_ONCE, {})
    assert all(status < 500 for status in statuses), statuses
    assert User.objects.filter(email="double.tap@example.org").count() == 1
    context.close()


@AT_ONCE
def test_three_simultaneous_submits_of_the_first_step_make_one_record(signed_in, live_server):
    user = make_user("triple@example.org")
    record = Member(user=user)  # not saved: the person has no record yet
    tab = signed_in(record)
    tab.goto(url(live_server, "step/about/"))
    tab.locator("input[name=full_name]").fill("Lê Thị Hoa")
    statuses = tab.evaluate(SEND_THREE_AT_ONCE, {"next": "1"})
    assert all(status < 500 for status in statuses), statuses
    assert Member.objects.filter(user=user).count() == 1
    assert Member.objects.get(user=user).full_name == "Lê Thị Hoa"


# --- Finding 5: Back after Find ----------------------------------------------------------------


def test_back_after_find_shows_the_list_again_without_resubmitting(
    browser: Browser, live_server, registry_data
):
    record = member_at("hometown")
    # Without JavaScript, Find is a real form submission.
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    sign_in(context, record.user, live_server.url)
    tab = context.new_page()
    tab.goto(url(live_server, "step/hometown/"))
    tab.locator("input[name=query]").fill("thach dai")
    with tab.expect_navigation() as found:
        tab.get_by_role("button", name="Tìm", exact=True).click()
    assert found.value.request.method == "GET", "search results must come from a GET"
    tab.get_by_label(re.compile("Xã Thạch Đài")).check()
    tab.get_by_role("button", name="Lưu và tiếp tục").last.click()
    expect(tab).to_have_url(re.compile("/step/residence/"))
    tab.go_back()
    assert not tab.url.startswith("chrome-error"), "Confirm Form Resubmission"
    expect(tab.get_by_role("heading", level=1)).to_have_text("Quê quán")
    tab.go_forward()
    expect(tab).to_have_url(re.compile("/step/residence/"))
    context.close()


# --- Finding 6: Back is never blocked by the page's errors -------------------------------------


def test_back_goes_back_even_when_the_step_is_not_valid_and_keeps_what_was_typed(
    signed_in, live_server
):
    record = member_at("residence")
    tab = signed_in(record)
    tab.goto(url(live_server, "step/residence/"))
    tab.locator("input[name=city_query]").fill("Nagoy")  # no country, no city chosen
    tab.get_by_role("button", name="Quay lại").click()
    expect(tab).to_have_url(re.compile("/step/hometown/$"))
    # Coming forward again, what was typed is still there.
    tab.goto(url(live_server, "step/residence/"))
    expect(tab.locator("input[name=city_query]")).to_have_value("Nagoy")


# --- Finding 7: two tabs of the same person ----------------------------------------------------


def test_two_tabs_of_the_same_person_save_without_blaming_anyone(
    browser: Browser, live_server, registry_data
):
    record = member_at("done", profile_completed_at=timezone.now(), birth_year=1980)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    sign_in(context, record.user, live_server.url)
    first, second = context.new_page(), context.new_page()
    first.goto(url(live_server, "step/work/"))
    second.goto(url(live_server, "step/about/"))
    third = context.new_page()
    third.goto(url(live_server, "step/about/"))

    # Different sections, then different fields of one section: both saved, nobody blamed.
    first.locator("input[name=occupation]").fill("Kỹ sư cơ khí")
    first.get_by_role("button", name="Lưu", exact=True).click()
    second.locator("input[name=other_names]").fill("Nguyen An")
    second.get_by_role("button", name="Lưu", exact=True).click()
    expect(second).to_have_url(re.compile("/vi/profile/$"))
    third.locator("input[name=birth_year]").fill("1981")
    third.get_by_role("button", name="Lưu", exact=True).click()
    expect(third).to_have_url(re.compile("/vi/profile/$"))
    record.refresh_from_db()
    assert (record.occupation, record.other_names, record.birth_year) == (
        "Kỹ sư cơ khí",
        "Nguyen An",
        1981,
    )

    # The same field changed in two tabs: the second is told so, kindly, and keeps its text.
    first.goto(url(live_server, "step/about/"))
    second.goto(url(live_server, "step/about/"))
    first.locator("input[name=other_names]").fill("An Nguyen")
    first.get_by_role("button", name="Lưu", exact=True).click()
    second.locator("input[name=other_names]").fill("Nguyễn An")
    second.get_by_role("button", name="Lưu", exact=True).click()
    summary = second.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).not_to_contain_text("người khác")
    expect(summary).to_contain_text("cửa sổ khác")
    expect(second.locator("input[name=other_names]")).to_have_value("Nguyễn An")
    second.get_by_role("button", name="Lưu", exact=True).click()
    expect(second).to_have_url(re.compile("/vi/profile/$"))
    record.refresh_from_db()
    assert record.other_names == "Nguyễn An"
    context.close()


# --- Finding 9: errors announced ---------------------------------------------------------------


def test_errors_are_summarised_focused_and_tied_to_their_fields(signed_in, live_server):
    record = member_at("hometown")
    tab = signed_in(record)
    tab.goto(url(live_server, "step/hometown/"))
    title = tab.title()
    tab.get_by_role("button", name="Lưu và tiếp tục").last.click()
    summary = tab.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(tab).to_have_title("Lỗi: " + title)
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    field = tab.locator(target)
    expect(field).to_have_attribute("aria-invalid", "true")
    error_id = field.get_attribute("aria-describedby").split()
    assert any(
        tab.locator(f"#{i}").inner_text().strip() == link.inner_text().strip() for i in error_id
    )
    link.click()
    expect(field).to_be_focused()


# --- Finding 15: wording -----------------------------------------------------------------------


def test_labels_options_and_messages_read_as_sentences(signed_in, live_server):
    record = member_at("done", profile_completed_at=timezone.now())
    Association.objects.all().delete()
    tab = signed_in(record)
    tab.goto(url(live_server, "step/about/"))
    for label in tab.locator("main form label").all_inner_texts():
        text = label.strip()
        assert not text.endswith(":"), text
        assert text[:1] == text[:1].upper(), text
    tab.locator("input[name=birth_year]").fill("-5")
    tab.get_by_role("button", name="Lưu", exact=True).click()
    expect(tab.locator("#id_birth_year_error")).to_contain_text("1900")

    tab.goto(url(live_server, "step/work/"))
    assert "---------" not in tab.locator("main").inner_text()
    assert "---------" not in " ".join(tab.locator("main option").all_inner_texts())
    assert tab.locator("textarea[name=skills]").get_attribute("maxlength")

    tab.goto(url(live_server, "step/interests/"))
    expect(tab.locator("main")).not_to_contain_text("Hội đoàn")


# --- Finding 17: the keyboard ------------------------------------------------------------------


def test_enter_on_a_hometown_result_chooses_it_and_continues(signed_in, live_server):
    record = member_at("hometown")
    tab = signed_in(record)
    tab.goto(url(live_server, "step/hometown/"))
    tab.locator("input[name=query]").press_sequentially("thach dai", delay=20)
    result = tab.get_by_label(re.compile("Xã Thạch Đài"))
    expect(result).to_be_visible()
    result.focus()
    tab.keyboard.press("Space")
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(re.compile("/step/residence/"))
    record.refresh_from_db()
    assert record.hometown_legacy == LegacyCommune.objects.get(name="Xã Thạch Đài")


def test_tab_order_follows_what_is_drawn_and_reaches_the_form_quickly(signed_in, live_server):
    record = member_at("hometown")
    tab = signed_in(record)
    tab.goto(url(live_server, "step/hometown/"))
    tab.keyboard.press("Tab")
    expect(tab.locator(".skip-link")).to_be_focused()
    tab.keyboard.press("Enter")
    stops = 0
    while stops < 4:
        tab.keyboard.press("Tab")
        stops += 1
        if tab.evaluate("document.activeElement.name") == "query":
            break
    assert stops <= 2, f"{stops} Tab stops after the skip link before the first field"

    # Every button and link of the form, in Tab order, is drawn top to bottom, left to right.
    positions = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el.closest("main form")) return null;
                if (el.type === "radio") return "radio";
                const r = el.getBoundingClientRect();
                return [Math.round(r.top + scrollY), Math.round(r.left)];
            }"""
        )
        if focused is None:
            break
        if focused == "radio":
            continue
        positions.append(tuple(focused))
    assert positions == sorted(positions, key=lambda p: (p[0] // 8, p[1])), positions
