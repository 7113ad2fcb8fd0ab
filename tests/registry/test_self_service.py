"""What a member can do with their own record: see it, download it, withdraw, delete, confirm."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from accounts.models import User
from registry.models import AuditEntry, Consent, Member, MergeRecord
from registry.services.merges import merge_members
from registry.services.records import verify_member
from tests.conftest import PASSWORD, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member_record):
    client.force_login(member_record.user)
    return client


def test_the_json_download_holds_the_record_and_the_consent_history(signed_in, member_record):
    response = signed_in.get(reverse("registry:download_json"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["full_name"] == "Nguyễn Thị Hồng Nhung"
    assert data["phone"] == "+36201234567"
    assert {c["purpose"] for c in data["consent_history"]} == {"registry", "staff-contact"}
    assert all(c["text_version"] == 1 and c["channel"] == "web" for c in data["consent_history"])
    assert "Nguyễn Thị Hồng Nhung".encode() in response.content  # readable, not \\u escapes


def test_the_readable_download_shows_everything(signed_in, member_record):
    page = signed_in.get(reverse("registry:download")).content.decode()
    assert member_record.full_name in page
    assert member_record.email in page


def test_what_staff_see_hides_contact_without_consent(client, private_record):
    client.force_login(private_record.user)
    page = client.get(reverse("registry:staff_view")).content.decode()
    assert private_record.full_name in page
    assert private_record.email not in page


def test_the_consent_to_staff_contact_names_the_details_staff_will_see(signed_in, member_record):
    """A person agrees to share what is on their record, which an officer may have set (a merge,
    an import): the page shows those very details beside the decision."""
    page = signed_in.get(reverse("registry:consents")).content.decode()
    contacts = re.search(r'<dl class="facts consent__contacts">(.*?)</dl>', page, re.DOTALL)
    assert contacts, "the staff-contact purpose lists the details it shares"
    assert member_record.email in contacts.group(1)
    assert "+36 20 123 4567" in contacts.group(1)


def test_what_staff_see_says_a_hidden_detail_is_on_file_without_showing_it(client, private_record):
    client.force_login(private_record.user)
    page = client.get(reverse("registry:staff_view")).content.decode()
    assert private_record.email not in page
    assert page.count('class="contact-hidden"') == 1 + bool(private_record.phone)


def test_withdrawing_a_consent_is_recorded_with_its_text_version(signed_in, member_record):
    response = signed_in.post(
        reverse("registry:consents"), {"purpose": "staff-contact", "decision": "withdraw"}
    )
    assert response.status_code == 302
    assert not member_record.has_consented("staff-contact")
    latest = Consent.objects.filter(member=member_record, purpose__slug="staff-contact").first()
    assert latest.granted is False
    assert latest.text.version == 1
    assert latest.channel == "web"


def test_the_registry_consent_is_withdrawn_only_by_deleting_the_account(signed_in, member_record):
    signed_in.post(reverse("registry:consents"), {"purpose": "registry", "decision": "withdraw"})
    member_record.refresh_from_db()
    assert member_record.has_consented("registry")


def test_deleting_the_account_needs_the_password(signed_in, member_record):
    response = signed_in.post(reverse("registry:delete_account"), {"password": "wrong"})
    assert response.status_code == 200
    assert Member.objects.filter(pk=member_record.pk).exists()


def test_deleting_the_account_erases_the_record_and_keeps_an_anonymous_audit_entry(
    signed_in, member_record
):
    user_pk, member_pk = member_record.user.pk, member_record.pk
    response = signed_in.post(reverse("registry:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member_pk).exists()
    assert not User.objects.filter(pk=user_pk).exists()
    assert not Consent.objects.filter(member_id=member_pk).exists()
    [entry] = AuditEntry.objects.filter(action="erase")
    assert entry.member_id == member_pk
    assert entry.actor is None and entry.actor_label == "" and entry.detail == {}
    assert signed_in.get(reverse("registry:profile")).status_code == 302  # logged out


def test_a_year_later_the_member_is_asked_whether_the_record_is_still_right(
    signed_in, member_record
):
    assert "Is this still right?" not in signed_in.get("/en/profile/").content.decode()
    Member.objects.filter(pk=member_record.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert "Is this still right?" in signed_in.get("/en/profile/").content.decode()
    signed_in.post(reverse("registry:confirm"))
    member_record.refresh_from_db()
    assert timezone.now() - member_record.last_confirmed_at < datetime.timedelta(minutes=1)
    assert "Is this still right?" not in signed_in.get("/en/profile/").content.decode()


def test_a_new_member_is_taken_to_the_profile_after_logging_in(client, member):
    response = client.post("/vi/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("registry:profile")


# --- What staff can see, and the readable download -----------------------------------------------


class Facts(HTMLParser):
    """The labelled facts and list items of a page's <main>, as (tag, text), in document order
    (not those of <template>s, which the admin keeps for its messages)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.open: list[tuple[str, list[str]]] = []
        self.in_main = False
        self.in_template = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_main = self.in_main or tag == "main"
        self.in_template += tag == "template"
        if self.in_main and not self.in_template and tag in ("dt", "dd", "li"):
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        self.in_template -= tag == "template"
        if self.open and self.open[-1][0] == tag:
            tag, parts = self.open.pop()
            self.found.append((tag, " ".join("".join(parts).split())))

    def handle_data(self, data: str) -> None:
        for _tag, parts in self.open:
            parts.append(data)


def facts(html: str) -> list[tuple[str, str]]:
    parser = Facts()
    parser.feed(html)
    return parser.found


def officer_page(client, officer, member, language: str) -> str:
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = language
    profile.save()
    client.force_login(officer)
    response = client.get(reverse("registry_member", args=[member.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("record", ["member_record", "private_record"])
def test_what_staff_can_see_is_exactly_the_officers_profile_view(
    client, registry_officer, record, language, request
):
    member = request.getfixturevalue(record)
    member.languages.set(["vi", "cs"])
    member.save()
    verify_member(member, actor=registry_officer, method=Member.Verification.CALL)
    seen_by_officer = facts(officer_page(client, registry_officer, member, language))
    client.force_login(member.user)
    seen_by_member = facts(client.get(f"/{language}/profile/staff-view/").content.decode())
    assert seen_by_member == seen_by_officer
    contact = ("dd", member.email) in seen_by_member
    assert contact == member.has_consented("staff-contact")
    languages = {"vi": "Tiếng Việt, Tiếng Séc", "en": "Vietnamese, Czech"}[language]
    assert ("dd", languages) in seen_by_member


def test_what_staff_can_see_shows_the_record_as_a_merge_left_it(
    client, registry_officer, member_record
):
    merge_members(member_record, make_member("Nguyen Thi Hong Nhung"), actor=registry_officer)
    seen_by_officer = facts(officer_page(client, registry_officer, member_record, "en"))
    client.force_login(member_record.user)
    page = client.get("/en/profile/staff-view/").content.decode()
    assert facts(page) == seen_by_officer
    # The merged record's consent decision stays in the merge history, not on her record.
    assert "Merged records" in page and len(member_record.consents.all()) == 2


@pytest.mark.parametrize(
    ("language", "label", "names"),
    [
        ("vi", "Ngôn ngữ", "Tiếng Việt, Tiếng Anh, Tiếng Séc"),
        ("en", "Languages", "Vietnamese, English, Czech"),
    ],
)
def test_the_profile_names_the_languages_the_member_speaks(
    signed_in, member_record, language, label, names
):
    member_record.languages.set(["vi", "en", "cs"])
    member_record.save()
    found = facts(signed_in.get(f"/{language}/profile/").content.decode())
    assert found[found.index(("dt", label)) + 1] == ("dd", names)


ISO_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
ANY_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d")


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def test_the_json_download_writes_every_time_one_way_and_keeps_codes(
    signed_in, member_record, registry_officer
):
    member_record.languages.set(["vi", "en", "cs"])
    member_record.save()
    verify_member(member_record, actor=registry_officer, method="document")
    merge_members(member_record, make_member("Nguyen Thi Hong Nhung"), actor=registry_officer)
    # A merge snapshot stored before times were written one way.
    MergeRecord.objects.create(
        member=member_record,
        merged_member_id=999,
        snapshot={"full_name": "Nhung", "verified_at": "2024-03-05 08:30:00.123456+00:00"},
    )
    data = json.loads(signed_in.get(reverse("registry:download_json")).content)
    times = [s for s in strings({**data, "format": None}) if ANY_TIMESTAMP.search(s)]
    assert len(times) >= 8  # created, updated, completed, confirmed, verified, decisions, merges
    assert all(ISO_WITH_OFFSET.fullmatch(s) for s in times), times
    assert data["created_at"].endswith("+07:00")  # the site's time zone, as on the readable page
    old = next(m for m in data["merged_records"] if m["id"] == 999)
    assert old["record"]["verified_at"] == "2024-03-05T15:30:00+07:00"
    assert data["languages"] == ["vi", "en", "cs"]
    assert data["country"] == "HU" and data["gender"] in ("", "female", "male", "other")
    assert data["source"] == "sign-up" and data["verification_method"] == "document"
    assert {c["channel"] for c in data["consent_history"]} == {"web"}
    assert set(data["format"]) == {"times", "codes"}


# Each key of the JSON download, and the label that shows it on the readable page (in Vietnamese).
READABLE_LABELS = {
    "id": "Số hồ sơ",
    "full_name": "Họ và tên",
    "other_names": "Tên khác",
    "birth_year": "Năm sinh",
    "gender": "Giới tính",
    "hometown_ward_id": "Quê quán",
    "hometown_legacy_id": "Quê quán",
    "hometown_village": "Quê quán",
    "hometown": "Quê quán",
    "country": "Nơi sống",
    "city_name": "Nơi sống",
    "city_geonameid": "Nơi sống",
    "latitude": "Tọa độ thành phố nơi bạn sống",
    "longitude": "Tọa độ thành phố nơi bạn sống",
    "email": "Email",
    "phone": "Điện thoại",
    "messaging": "Ứng dụng nhắn tin",
    "occupation": "Nghề nghiệp",
    "sector_id": "Lĩnh vực",
    "sector": "Lĩnh vực",
    "skills": "Kỹ năng và chuyên môn",
    "languages": "Ngôn ngữ",
    "organisation": "Cơ quan hoặc doanh nghiệp",
    "verified_at": "Ngày xác minh",
    "verified_by_id": "Người xác minh",
    "verification_method": "Cách xác minh",
    "last_confirmed_at": "Ngày xác nhận gần nhất",
    "profile_completed_at": "Ngày hoàn tất đăng ký",
    "interests": "Mối quan tâm",
    "associations": "Hội đoàn",
    "consents": "Hiện đang đồng ý",
    "created_at": "Ngày lập hồ sơ",
    "preferred_language": "Ngôn ngữ nhận thông tin",
    "source": "Nguồn",
    "updated_at": "Ngày thay đổi gần nhất",
    "account_email": "Email tài khoản",
    "consent_history": "Các quyết định đồng ý",
    "leadership_trips": "Gặp gỡ đoàn lãnh đạo tỉnh",
    "merged_records": "Hồ sơ đã gộp",
    "engagements": "Việc tôi tham gia",
}


def test_the_readable_download_shows_every_part_of_the_json(
    signed_in, member_record, registry_officer
):
    Member.objects.filter(pk=member_record.pk).update(
        other_names="Nhung Nguyen", latitude=47.5, longitude=19.04
    )
    verify_member(member_record, actor=registry_officer, method="document")
    merge_members(member_record, make_member("Nguyen Thi Hong Nhung"), actor=registry_officer)
    data = json.loads(signed_in.get(reverse("registry:download_json")).content)
    assert set(data) - {"format"} == set(READABLE_LABELS)  # a new key needs a place on the page
    page = signed_in.get("/vi/profile/download/").content.decode()
    for key, label in READABLE_LABELS.items():
        assert label in page, key


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_readable_download_shows_words_not_codes(
    signed_in, member_record, registry_officer, language
):
    member_record.languages.set(["vi", "en", "cs"])
    member_record.gender = Member.Gender.FEMALE
    member_record.save()
    verify_member(member_record, actor=registry_officer, method="in-person")
    page = signed_in.get(f"/{language}/profile/download/").content.decode()
    shown = " ".join(text for _tag, text in facts(page))
    for code in ("vi en cs", "staff-contact", "sign-up", "in-person", "female"):
        assert code not in shown, code
    assert not re.search(r"\d{4}-\d\d-\d\d", shown)
    assert "Tạo mới" not in page
    names = {"vi": "Tiếng Việt, Tiếng Anh, Tiếng Séc", "en": "Vietnamese, English, Czech"}
    assert names[language] in shown
    purpose = {"vi": "Cán bộ liên hệ với tôi", "en": "Staff may contact me"}[language]
    assert purpose in shown
