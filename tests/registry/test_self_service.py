"""What a member can do with their own record: see it, download it, withdraw, delete, confirm."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from registry.models import AuditEntry, Consent, Member
from tests.conftest import PASSWORD

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
