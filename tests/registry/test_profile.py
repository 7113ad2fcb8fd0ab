"""The member's sign-up, step by step, through HTTP as a member's browser would use it."""

import pytest
from django.urls import reverse

from registry.models import Consent, ConsentPurpose, Member

pytestmark = pytest.mark.django_db


def step_url(step: str, lang: str = "vi") -> str:
    return f"/{lang}/profile/step/{step}/"


def submit(client, step: str, data: dict, lang: str = "vi", query: str = ""):
    """Open a step, then send it as its page would: with what the page was opened on."""
    url = step_url(step, lang) + query
    form = client.get(url).context["form"]
    opened = form["opened"].value() if "opened" in form.fields else ""
    return client.post(url, {"opened": opened, "next": "1", **data})


def find(client, step: str, data: dict):
    """Press "Find" on a picker: the matches come back on a GET of the step."""
    response = client.post(step_url(step), {**data, "find": "1"})
    assert response.status_code == 302
    assert response["Location"] == step_url(step) + "#choice-options"
    return client.get(step_url(step))


def fill_profile(client, *, consents=("registry",)) -> Member:
    submit(
        client,
        "about",
        {"full_name": "Nguyễn Văn An", "birth_year": "1985", "preferred_language": "vi"},
    )
    found = find(client, "hometown", {"query": "thach dai"})
    assert "Thạch Đài" in found.content.decode()
    value = found.context["form"].fields["choice"].choices[0][0]
    submit(client, "hometown", {"query": "thach dai", "choice": value})
    cities = find(client, "residence", {"country": "JP", "city_query": "osaka"})
    city = cities.context["form"].fields["city"].choices[0][0]
    submit(client, "residence", {"country": "JP", "city": city})
    submit(client, "work", {"occupation": "Kỹ sư", "languages": ["vi", "ja"]})
    submit(client, "interests", {})
    client.post(step_url("consents"), dict.fromkeys(consents, "on"))
    return Member.objects.get()


def test_it_sends_a_new_member_from_the_profile_to_the_first_step(client, member):
    client.force_login(member)
    response = client.get("/vi/profile/")
    assert response.status_code == 302
    assert response["Location"] == step_url("about")


def test_it_walks_through_every_step_checks_the_answers_and_then_completes(client, member):
    client.force_login(member)
    record = fill_profile(client, consents=("registry", "newsletter"))
    # Every answer is given, the consents recorded, and the record is not in the registry yet.
    assert record.profile_completed_at is None
    assert client.get("/vi/profile/").status_code == 302
    check = client.get(reverse("registry:check"))
    assert check.status_code == 200
    page = check.content.decode()
    for words in ("Nguyễn Văn An", "Xã Thạch Đài", "Osaka, Nhật Bản", "Tiếng Nhật", "Kỹ sư"):
        assert words in page
    assert 'href="/vi/profile/step/residence/?from=check"' in page

    assert client.post(reverse("registry:check")).status_code == 302
    record.refresh_from_db()
    assert record.user == member
    assert record.profile_completed_at is not None
    assert record.hometown_legacy.name == "Xã Thạch Đài"
    assert record.hometown_ward.name == "Phường Hà Huy Tập"
    assert record.city_name == "Osaka"
    assert record.latitude == pytest.approx(34.69, abs=0.1)
    assert record.language_codes() == ["vi", "ja"]
    assert sorted(p.slug for p in record.consented_purposes.all()) == ["newsletter", "registry"]
    grants = Consent.objects.filter(member=record)
    assert {(c.purpose.slug, c.granted, c.channel, c.text.version) for c in grants} == {
        ("registry", True, "web", 1),
        ("newsletter", True, "web", 1),
    }
    assert client.get("/vi/profile/").status_code == 200
    # A second press of "Finish" (double click, Back and resubmit) changes nothing.
    completed = record.profile_completed_at
    assert client.post(reverse("registry:check"))["Location"] == "/vi/profile/"
    record.refresh_from_db()
    assert record.profile_completed_at == completed


def test_a_change_from_the_check_page_returns_to_it(client, member):
    client.force_login(member)
    fill_profile(client)
    response = submit(client, "work", {"occupation": "Bác sĩ"}, query="?from=check")
    assert response["Location"] == reverse("registry:check")
    assert "Bác sĩ" in client.get(reverse("registry:check")).content.decode()


@pytest.mark.parametrize("step", ["residence", "work", "interests", "consents"])
def test_a_step_opened_too_early_leads_to_the_first_step_not_done(client, member, step):
    client.force_login(member)
    submit(client, "about", {"full_name": "Lê Thị Hoa", "preferred_language": "vi"})
    response = client.get(step_url(step))
    assert response.status_code == 302
    assert response["Location"] == step_url("hometown")
    assert client.get(reverse("registry:check"))["Location"] == step_url("hometown")
    # Nothing posted to a later step counts either.
    client.post(step_url("consents"), {"registry": "on"})
    client.post(reverse("registry:check"))
    record = Member.objects.get()
    assert record.profile_completed_at is None
    assert not record.consented_purposes.exists()


def test_a_later_step_saved_does_not_count_when_an_earlier_answer_is_gone(client, member):
    client.force_login(member)
    record = fill_profile(client)
    Member.objects.filter(pk=record.pk).update(hometown_ward=None, hometown_legacy=None)
    assert client.get(reverse("registry:check"))["Location"] == step_url("hometown")
    client.post(reverse("registry:check"))
    record.refresh_from_db()
    assert record.profile_completed_at is None


def test_it_refuses_the_consents_without_the_registry_and_says_why(client, member):
    client.force_login(member)
    fill_profile(client, consents=())
    response = client.post(step_url("consents"), {"newsletter": "on"})
    assert "chỉ có thể lưu hồ sơ" in response.content.decode()
    assert not Consent.objects.exists()
    assert client.get(reverse("registry:check"))["Location"] == step_url("consents")


def test_consent_boxes_are_never_ticked_in_advance(client, member):
    client.force_login(member)
    fill_profile(client, consents=())
    page = client.get(step_url("consents")).content.decode()
    assert page.count('type="checkbox"') == ConsentPurpose.objects.count()
    assert "checked" not in page


def test_names_typed_decomposed_are_stored_composed(client, member):
    client.force_login(member)
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0300a"
    submit(client, "about", {"full_name": decomposed, "preferred_language": "vi"})
    assert Member.objects.get().full_name == "Nguyễn Thị Hòa"


def test_errors_are_in_the_page_language_and_about_the_actual_problem(client, member):
    client.force_login(member)
    for year in ("3000", "-5", "năm"):
        response = submit(client, "about", {"full_name": "", "birth_year": year}, lang="en")
        content = response.content.decode()
        assert "Enter a year between 1900 and" in content
        assert "greater than or equal" not in content
        assert "<title>Error: " in content
    response = submit(client, "about", {"full_name": "", "birth_year": "-5"})
    content = response.content.decode()
    assert "Hãy nhập năm từ 1900 đến" in content
    assert "<title>Lỗi: " in content
    assert "Vui lòng nhập họ và tên" in content


def test_back_keeps_what_was_typed_without_saving_or_judging_it(client, member):
    client.force_login(member)
    submit(client, "about", {"full_name": "Trần Minh", "preferred_language": "vi"})
    response = client.post(
        step_url("hometown"), {"query": "ha huy tap", "hometown_village": "Xóm 3", "back": "1"}
    )
    assert response["Location"] == step_url("about")
    assert Member.objects.get().hometown_ward is None
    page = client.get(step_url("hometown")).content.decode()
    assert 'value="Xóm 3"' in page and "Phường Hà Huy Tập" in page


def test_enter_in_a_pickers_text_box_lists_the_matches_instead_of_an_error(client, member):
    client.force_login(member)
    submit(client, "about", {"full_name": "Trần Minh", "preferred_language": "vi"})
    response = client.post(step_url("hometown"), {"query": "ha huy tap", "next": "1"})
    assert response["Location"] == step_url("hometown") + "#choice-options"
    assert "Phường Hà Huy Tập" in client.get(step_url("hometown")).content.decode()


def test_a_page_saves_only_what_was_changed_on_it(client, member):
    """Two tabs, or the member and an officer: answers changed elsewhere meanwhile are kept."""
    client.force_login(member)
    record = fill_profile(client)
    client.post(reverse("registry:check"))
    about = client.get(step_url("about")).context["form"]
    opened = about["opened"].value()
    Member.objects.filter(pk=record.pk).update(birth_year=1990)  # another tab, meanwhile
    fields = {"full_name": "Nguyễn Văn An", "birth_year": "1985", "preferred_language": "vi"}
    response = client.post(step_url("about"), {**fields, "other_names": "An", "opened": opened})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.other_names, record.birth_year) == ("An", 1990)


def test_the_same_answer_changed_in_two_places_is_a_conflict_that_blames_nobody(client, member):
    client.force_login(member)
    record = fill_profile(client)
    client.post(reverse("registry:check"))
    opened = client.get(step_url("work")).context["form"]["opened"].value()
    Member.objects.filter(pk=record.pk).update(occupation="Bác sĩ")
    response = client.post(step_url("work"), {"occupation": "Giáo viên", "opened": opened})
    content = response.content.decode()
    assert response.status_code == 200
    assert "người khác" not in content and "cửa sổ khác" in content
    assert 'value="Giáo viên"' in content
    record.refresh_from_db()
    assert record.occupation == "Bác sĩ"
    # Sending the page again keeps what was typed.
    opened = response.context["form"]["opened"].value()
    client.post(step_url("work"), {"occupation": "Giáo viên", "opened": opened})
    record.refresh_from_db()
    assert record.occupation == "Giáo viên"


def test_the_hometown_list_fills_in_while_typing(client, member):
    client.force_login(member)
    response = client.get(reverse("registry:hometown_options"), {"query": "thach dai"})
    assert "Xã Thạch Đài" in response.content.decode()
    response = client.get(reverse("registry:city_options"), {"country": "HU", "city_query": "buda"})
    assert "Budapest" in response.content.decode()


def test_the_start_page_says_what_signing_up_takes(client):
    page = client.get(reverse("registry:start")).content.decode()
    assert "5 phút" in page and "Kiểm tra" in page
    assert reverse("account_signup") in page


def test_back_saves_a_complete_step_and_continue_then_goes_through_the_next_ones(client, member):
    """After going back, the person walks forward again: what the check page shows is saved."""
    client.force_login(member)
    fill_profile(client)
    opened = client.get(step_url("work")).context["form"]["opened"].value()
    fields = {"occupation": "Kỹ sư", "languages": ["vi", "ja", "ko"], "opened": opened}
    assert client.post(step_url("work"), {**fields, "back": "1"})["Location"] == step_url(
        "residence"
    )
    assert Member.objects.get().language_codes() == ["vi", "ja", "ko"]
    assert submit(
        client, "residence", {"country": "JP", "city_query": "Osaka", "not_listed": "on"}
    )["Location"] == step_url("work")


def test_an_incomplete_step_left_with_back_keeps_every_ticked_box(client, member):
    client.force_login(member)
    fill_profile(client)
    too_long = {"skills": "x" * 1001, "languages": ["vi", "ja", "ko"], "interests": []}
    client.post(step_url("work"), {**too_long, "back": "1"})
    assert Member.objects.get().language_codes() == ["vi", "ja"]  # nothing saved
    form = client.get(step_url("work")).context["form"]
    assert form["languages"].value() == ["vi", "ja", "ko"]


def test_enter_on_a_listed_search_with_nothing_chosen_asks_to_choose(client, member):
    client.force_login(member)
    submit(client, "about", {"full_name": "Trần Minh", "preferred_language": "vi"})
    response = client.post(
        step_url("hometown"), {"query": "ha huy tap", "listed": "ha huy tap", "next": "1"}
    )
    assert response.status_code == 200
    assert "Hãy chọn quê quán trong danh sách" in response.content.decode()


def test_a_consent_box_left_as_it_was_is_no_decision(client, member):
    """Two tabs on the consents step: the one opened before the other agreed withdraws nothing."""
    client.force_login(member)
    fill_profile(client, consents=("registry",))
    stale = client.get(step_url("consents")).context["form"]["opened"].value()
    client.post(step_url("consents"), {"registry": "on", "newsletter": "on"})  # the other tab
    client.post(step_url("consents"), {"registry": "on", "opened": stale})
    record = Member.objects.get()
    assert record.consented_purposes.filter(slug="newsletter").exists()
    assert not Consent.objects.filter(member=record, granted=False).exists()
