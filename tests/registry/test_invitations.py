"""Inviting a person staff entered to claim their record, and the person claiming it.

What protects people: only the owner of the address on record, logged in with it verified, can
claim the record; a link for another address, an expired or used one, or a record with a login
changes nothing; the link page names nobody; the email names nobody; only a digest of the token
is kept; every send and claim is audited without an address in it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from registry import invitations
from registry.models import AuditEntry, Member, RecordInvitation
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.django_db

EMAIL = "thuha@example.jp"
PHONE = "+819012345678"


@pytest.fixture
def imported() -> Member:
    return make_member(
        "Đặng Thu Hà",
        source=Member.Source.IMPORT,
        consents=(),
        birth_year=1988,
        country="JP",
        city_name="Osaka",
        email=EMAIL,
        phone=PHONE,
        preferred_language="en",
    )


@pytest.fixture
def officer(registry_officer) -> Client:
    """The officer's own browser (`client` is the person's)."""
    profile = UserProfile.get_for_user(registry_officer)
    profile.preferred_language = "en"
    profile.save()
    browser = Client()
    browser.force_login(registry_officer)
    return browser


def invite(client, member: Member):
    return client.post(reverse("registry_member_invite", args=[member.pk]), follow=True)


def link_in(message) -> str:
    return re.search(r"http://\S+/profile/claim/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def link(officer, imported) -> str:
    invite(officer, imported)
    return path_of(link_in(mail.outbox[-1]))


@pytest.fixture
def thu_ha(db):
    """The person the record is about, with an account on the address it holds, verified."""
    return make_user(EMAIL)


def test_it_sends_a_one_time_link_in_the_members_language(officer, imported, registry_officer):
    page = invite(officer, imported).content.decode()
    assert "Invitation sent to the email address on record" in page
    assert EMAIL not in page  # the officer does not see the hidden address
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "Open this link to see the record" in message.body
    link = link_in(message)
    assert link.startswith("http://127.0.0.1:8000/en/profile/claim/")  # BASE_URL, her language
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = RecordInvitation.objects.get(member=imported)
    assert invitation.token_digest == invitations.digest(token) != token
    assert invitation.sent_by == registry_officer
    # Thirty days, to the end of the day the email names.
    expires = timezone.localtime(invitation.expires_at)
    assert (
        expires.date()
        == timezone.localtime(invitation.sent_at + datetime.timedelta(days=30)).date()
    )
    assert (expires.hour, expires.minute, expires.second) == (23, 59, 59)
    entry = AuditEntry.objects.get(action="invite")
    assert entry.member_id == imported.pk and entry.actor == registry_officer
    assert EMAIL not in str(entry.detail) and token not in str(entry.detail)


def test_the_email_is_in_vietnamese_for_a_vietnamese_record_and_names_nobody(officer, imported):
    Member.objects.filter(pk=imported.pk).update(preferred_language="vi")
    invite(officer, imported)
    [message] = mail.outbox
    assert "/vi/profile/claim/" in message.body
    assert "Mở đường dẫn này" in message.body
    for text in (message.subject, message.body):
        assert imported.full_name not in text and "Thu Hà" not in text
        assert "Osaka" not in text and "1988" not in text


def test_resending_replaces_the_earlier_link(client, officer, imported):
    invite(officer, imported)
    first = path_of(link_in(mail.outbox[-1]))
    again = invite(officer, imported).content.decode()
    assert "sent a moment ago" in again  # a double click sends one email
    assert len(mail.outbox) == 1
    RecordInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(minutes=10))
    invite(officer, imported)
    second = path_of(link_in(mail.outbox[-1]))
    assert RecordInvitation.objects.filter(member=imported).count() == 1
    response = client.get(first)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.get(second).status_code == 200
    assert AuditEntry.objects.filter(action="invite").count() == 2


def test_no_invitation_to_a_record_without_email_or_with_a_login(officer, member_record):
    no_email = make_member("Lê Văn Tâm", source=Member.Source.IMPORT, consents=())
    assert "no email address" in invite(officer, no_email).content.decode()
    assert "already has a login" in invite(officer, member_record).content.decode()
    assert mail.outbox == []
    assert not RecordInvitation.objects.exists()
    assert not AuditEntry.objects.filter(action="invite").exists()


def test_no_invitation_to_an_address_another_record_shares(officer, imported):
    """Two people of one family on one address: neither may claim the other's record."""
    make_member("Đặng Văn Nam", source=Member.Source.IMPORT, consents=(), email=EMAIL.upper())
    page = invite(officer, imported).content.decode()
    assert "same email address" in page
    assert mail.outbox == [] and not RecordInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["editor", "registry_viewer", "member"])
def test_only_officers_send_invitations(client, request, imported, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("registry_member_invite", args=[imported.pk]))
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    assert mail.outbox == [] and not RecordInvitation.objects.exists()


def test_the_link_names_nobody_before_login(client, link, imported):
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert imported.full_name not in page and EMAIL not in page and "Osaka" not in page
    assert f"/en/accounts/login/?next={link}" in page
    assert f"/en/accounts/signup/?next={link}" in page
    assert "no-store" in response["Cache-Control"]


def test_a_person_with_another_address_changes_nothing(client, link, imported, other_member):
    client.force_login(other_member)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403
        page = response.content.decode()
        assert "sent to another email address" in page or "địa chỉ email khác" in page
        assert imported.full_name not in page and EMAIL not in page
    imported.refresh_from_db()
    assert imported.user is None
    assert RecordInvitation.objects.get(member=imported).claimed_at is None
    assert not AuditEntry.objects.filter(action="claim").exists()


def test_an_unverified_address_does_not_claim(client, link, imported):
    user = make_user("someone@example.org")
    EmailAddress.objects.create(user=user, email=EMAIL.upper(), verified=False)
    client.force_login(user)
    assert client.post(link).status_code == 403
    imported.refresh_from_db()
    assert imported.user is None


def test_the_owner_of_the_address_claims_the_record_once(client, link, imported, thu_ha):
    client.force_login(thu_ha)
    page = client.get(link).content.decode()
    assert imported.full_name in page
    response = client.post(link)
    assert response.status_code == 302 and response["Location"].endswith("/profile/")
    imported.refresh_from_db()
    assert imported.user == thu_ha
    assert imported.profile_completed_at is not None and imported.last_confirmed_at is None
    invitation = RecordInvitation.objects.get(member=imported)
    assert invitation.claimed_at is not None
    entry = AuditEntry.objects.get(action="claim")
    assert entry.member_id == imported.pk and entry.actor is None and entry.actor_label == ""
    assert entry.detail["by"] == "member"

    # A second click goes on to the profile; nobody else can use the link again.
    assert client.post(link)["Location"].endswith("/profile/")
    assert AuditEntry.objects.filter(action="claim").count() == 1
    client.force_login(make_user("other@example.org"))
    assert client.get(link).status_code == 410

    # The profile asks the person to check it.
    client.force_login(thu_ha)
    profile = client.get("/en/profile/").content.decode()
    assert "Check your record" in profile and EMAIL in profile
    client.post(reverse("registry:confirm"))
    assert "Check your record" not in client.get("/en/profile/").content.decode()


def test_the_address_is_matched_whatever_its_case(client, link, imported):
    user = make_user("ThuHa@Example.JP")
    client.force_login(user)
    assert client.post(link).status_code == 302
    imported.refresh_from_db()
    assert imported.user == user


def test_an_expired_link_changes_nothing(client, link, imported, thu_ha):
    RecordInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for visitor in (None, thu_ha):
        if visitor:
            client.force_login(visitor)
        response = client.post(link)
        assert response.status_code == 410
        assert "expired" in response.content.decode() or "hết hạn" in response.content.decode()
    imported.refresh_from_db()
    assert imported.user is None


def test_a_record_with_a_login_cannot_be_claimed(client, link, imported, thu_ha, other_member):
    Member.objects.filter(pk=imported.pk).update(user=other_member)
    client.force_login(thu_ha)
    assert client.post(link).status_code == 410
    assert Member.objects.get(pk=imported.pk).user == other_member


def test_an_account_with_a_record_of_its_own_cannot_take_another(client, link, imported, thu_ha):
    own = make_member("Đặng Thu Hà", user=thu_ha, email=EMAIL)
    client.force_login(thu_ha)
    response = client.post(link)
    assert response.status_code == 403
    assert Member.objects.get(pk=imported.pk).user is None
    assert Member.objects.get(pk=own.pk).user == thu_ha


def test_an_unfinished_sign_up_gives_way_to_the_record(client, link, imported, thu_ha):
    draft = Member.objects.create(user=thu_ha, full_name="Thu Ha", signup_steps=["about"])
    client.force_login(thu_ha)
    assert "did not finish will be discarded" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert not Member.objects.filter(pk=draft.pk).exists()
    assert Member.objects.get(pk=imported.pk).user == thu_ha
    assert AuditEntry.objects.get(action="claim").detail["discarded_unfinished_sign_up"] is True


def test_a_garbled_link_is_refused(client):
    response = client.get(reverse("registry:claim", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_the_claimed_persons_own_consent_makes_their_contacts_visible(
    client, link, imported, thu_ha, officer
):
    before = officer.get(reverse("registry_member", args=[imported.pk])).content.decode()
    assert EMAIL not in before
    client.force_login(thu_ha)
    client.post(link)
    consents = client.get("/en/profile/consents/").content.decode()
    assert 'name="purpose" value="registry"' in consents  # the required one can be given here
    client.post(reverse("registry:consents"), {"purpose": "registry", "decision": "grant"})
    client.post(reverse("registry:consents"), {"purpose": "staff-contact", "decision": "grant"})
    imported.refresh_from_db()
    assert imported.has_consented("registry") and imported.has_consented("staff-contact")
    client.post(reverse("registry:consents"), {"purpose": "registry", "decision": "withdraw"})
    assert Member.objects.get(pk=imported.pk).has_consented("registry")
    after = officer.get(reverse("registry_member", args=[imported.pk])).content.decode()
    assert EMAIL in after and "+81 90-1234-5678" in after


def test_signing_up_from_the_link_comes_back_to_it(client, link, imported):
    """The whole way through allauth: sign-up with the address, confirm it, claim."""
    signup = client.get(f"/en/accounts/signup/?next={link}")
    assert signup.status_code == 200
    response = client.post(
        "/en/accounts/signup/",
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "next": link},
    )
    assert response.status_code == 302
    confirm = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    response = client.post(path_of(confirm))
    assert response.status_code == 302
    assert response["Location"] == link
    assert client.post(link).status_code == 302
    imported.refresh_from_db()
    assert imported.user is not None and imported.user.email == EMAIL


def test_no_personal_value_in_the_audit_of_a_send_and_a_claim(client, link, imported, thu_ha):
    client.force_login(thu_ha)
    client.post(link)
    for entry in AuditEntry.objects.all():
        text = f"{entry.actor_label} {entry.detail}"
        assert EMAIL not in text and PHONE not in text and imported.full_name not in text


def test_the_service_refuses_a_claim_raced_by_another(imported, registry_officer, thu_ha):
    invitation = invitations.send_invitation(imported, actor=registry_officer)
    Member.objects.filter(pk=imported.pk).update(user=make_user("first@example.org"))
    with pytest.raises(invitations.ClaimRefused):
        invitations.claim(invitation, thu_ha)
    assert RecordInvitation.objects.get(pk=invitation.pk).claimed_at is None
