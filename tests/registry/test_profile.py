"""The member's sign-up profile, step by step, through HTTP as a member would use it."""

import pytest
from django.urls import reverse

from registry.models import Consent, ConsentPurpose, Member

pytestmark = pytest.mark.django_db


def step_url(step: str, lang: str = "vi") -> str:
    return f"/{lang}/profile/step/{step}/"


def post(client, step: str, data: dict, lang: str = "vi"):
    """Submit a step as the browser would: with the version of the record the page showed."""
    record = Member.objects.first()
    return client.post(step_url(step, lang), {"version": record.version if record else "", **data})


def fill_profile(client, *, consents=("registry",)) -> Member:
    post(
        client,
        "about",
        {"full_name": "Nguyễn Văn An", "birth_year": "1985", "preferred_language": "vi"},
    )
    assert client.get(step_url("hometown")).status_code == 200
    found = post(client, "hometown", {"query": "thach dai", "find": "1"})
    assert "Thạch Đài" in found.content.decode()
    value = found.context["form"].fields["choice"].choices[0][0]
    post(client, "hometown", {"query": "thach dai", "choice": value})
    cities = post(client, "residence", {"country": "JP", "city_query": "osaka", "find": "1"})
    city = cities.context["form"].fields["city"].choices[0][0]
    post(client, "residence", {"country": "JP", "city": city})
    post(client, "work", {"occupation": "Kỹ sư", "languages": ["vi", "ja"]})
    post(client, "interests", {})
    client.post(step_url("consents"), dict.fromkeys(consents, "on"))
    return Member.objects.get()


def test_it_sends_a_new_member_from_the_profile_to_the_first_step(client, member):
    client.force_login(member)
    response = client.get("/vi/profile/")
    assert response.status_code == 302
    assert response["Location"] == step_url("about")


def test_it_walks_through_every_step_and_completes_the_registration(client, member):
    client.force_login(member)
    record = fill_profile(client, consents=("registry", "newsletter"))
    assert record.user == member
    assert record.profile_completed_at is not None
    assert record.hometown_legacy.name == "Xã Thạch Đài"
    assert record.hometown_ward.name == "Phường Hà Huy Tập"
    assert record.city_name == "Osaka"
    assert record.latitude == pytest.approx(34.69, abs=0.1)
    assert record.languages == "vi ja"
    assert sorted(p.slug for p in record.consented_purposes.all()) == ["newsletter", "registry"]
    grants = Consent.objects.filter(member=record)
    assert {(c.purpose.slug, c.granted, c.channel, c.text.version) for c in grants} == {
        ("registry", True, "web", 1),
        ("newsletter", True, "web", 1),
    }
    assert client.get("/vi/profile/").status_code == 200


def test_it_refuses_to_finish_without_the_registry_consent_and_says_why(client, member):
    client.force_login(member)
    record = fill_profile(client, consents=())
    assert record.profile_completed_at is None
    response = client.post(step_url("consents"), {"newsletter": "on"})
    assert "chỉ có thể lưu hồ sơ" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_boxes_are_never_ticked_in_advance(client, member):
    client.force_login(member)
    client.post(step_url("about"), {"full_name": "Lê Thị Hoa", "preferred_language": "vi"})
    page = client.get(step_url("consents")).content.decode()
    assert page.count('type="checkbox"') == ConsentPurpose.objects.count()
    assert "checked" not in page


def test_names_typed_decomposed_are_stored_composed(client, member):
    client.force_login(member)
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0300a"
    client.post(step_url("about"), {"full_name": decomposed, "preferred_language": "vi"})
    assert Member.objects.get().full_name == "Nguyễn Thị Hòa"


def test_errors_are_in_the_members_language(client, member):
    client.force_login(member)
    response = client.post(step_url("about", "en"), {"full_name": "", "birth_year": "3000"})
    content = response.content.decode()
    assert "Please enter a year between 1900" in content
    response = client.post(step_url("about"), {"full_name": "", "birth_year": "3000"})
    assert "Vui lòng nhập năm" in response.content.decode()


def test_back_saves_the_step_and_returns_to_the_previous_one(client, member):
    client.force_login(member)
    client.post(step_url("about"), {"full_name": "Trần Minh", "preferred_language": "vi"})
    response = post(client, "hometown", {"query": "ha huy tap", "find": "1"})
    value = response.context["form"].fields["choice"].choices[0][0]
    response = post(client, "hometown", {"query": "ha huy tap", "choice": value, "back": "1"})
    assert response["Location"] == step_url("about")
    assert Member.objects.get().hometown_ward.name == "Phường Hà Huy Tập"
    assert "Trần Minh" in client.get(step_url("about")).content.decode()


def test_a_stale_form_gets_a_conflict_and_overwrites_nothing(client, member):
    client.force_login(member)
    record = fill_profile(client)
    version = record.version
    client.post(step_url("work"), {"occupation": "Bác sĩ", "version": version})
    response = client.post(step_url("work"), {"occupation": "Giáo viên", "version": version})
    assert response.status_code == 200
    assert (
        "Nothing was saved" in response.content.decode()
        or "Chưa có gì" in response.content.decode()
    )
    record.refresh_from_db()
    assert record.occupation == "Bác sĩ"


def test_the_hometown_list_fills_in_while_typing(client, member):
    client.force_login(member)
    response = client.get(reverse("registry:hometown_options"), {"query": "thach dai"})
    assert "Xã Thạch Đài" in response.content.decode()
    response = client.get(reverse("registry:city_options"), {"country": "HU", "city_query": "buda"})
    assert "Budapest" in response.content.decode()
