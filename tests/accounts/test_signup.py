"""Sign-up, verification, login, password reset and change, through HTTP as a person does it."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a different long passphrase"


def link_in(message, path_fragment: str) -> str:
    match = re.search(r"https?://\S+" + re.escape(path_fragment) + r"\S+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


def sign_up(client, email: str, lang: str = "en"):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_it_signs_up_verifies_and_logs_in(client):
    response = sign_up(client, "minh@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["minh@example.org"]

    # Mandatory verification: the password alone does not let the new member in.
    client.post("/en/accounts/login/", {"login": "minh@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    confirm = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302

    response = client.post(
        "/en/accounts/login/", {"login": "minh@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="minh@example.org").pk)


def test_the_verification_email_is_in_the_visitors_language(client):
    sign_up(client, "lan@example.org", lang="vi")
    message = mail.outbox[0]
    assert "Xác nhận" in message.subject or "xác nhận" in message.body


def test_signing_up_with_a_taken_email_reveals_nothing(client, member):
    response = sign_up(client, member.email)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert User.objects.filter(email=member.email).count() == 1
    # The owner of the address is told instead, by email.
    assert mail.outbox[0].to == [member.email]


def test_password_reset_does_not_reveal_whether_an_account_exists(client, member):
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    known = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]


def test_a_member_resets_a_forgotten_password(client, member):
    client.post("/en/accounts/password/reset/", {"email": member.email})
    reset = link_in(mail.outbox[-1], "/accounts/password/reset/key/")
    form_url = client.get(reset)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_member_changes_the_password(client, member):
    client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_repeated_failed_logins_are_rate_limited(client, member):
    for _attempt in range(5):
        client.post("/en/accounts/login/", {"login": member.email, "password": "wrong password"})
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


def test_logout_ends_the_session(client, member):
    client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_names_are_stored_in_nfc(member):
    member.first_name = "Nguye\u0302\u0303n"  # decomposed "Nguyễn"
    member.full_clean()
    assert member.first_name == "Nguyễn"
