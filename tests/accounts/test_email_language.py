"""allauth's emails are written in the language of the person they go to, links included; the
confirmation page names the address once and, in the browser that signed up, logs the person in."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, email: str, lang: str):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def link_paths(message) -> list[str]:
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def confirmation_path(message) -> str:
    return next(path for path in link_paths(message) if "/confirm-email/" in path)


def test_it_remembers_the_language_of_the_sign_up_page(client):
    sign_up(client, "kenji@example.org", "en")
    assert User.objects.get(email="kenji@example.org").language == "en"


def test_the_registry_record_decides_the_language_once_there_is_one(member):
    member.language = "vi"
    assert member.preferred_language == "vi"
    make_member("Lê Thị Mai", user=member, preferred_language="en")
    member.refresh_from_db()
    assert member.preferred_language == "en"


def test_a_language_the_site_does_not_offer_is_not_used(member):
    member.language = "de"
    assert member.preferred_language is None


def test_the_confirmation_email_is_in_the_sign_up_language(client):
    sign_up(client, "lan@example.org", "vi")
    [message] = mail.outbox
    assert "Xác nhận" in message.subject
    assert "lan@example.org" not in message.body  # said once, by the address it went to
    assert all(path.startswith("/vi/") for path in link_paths(message))


def test_a_password_reset_asked_on_a_vietnamese_page_is_in_the_accounts_language(client):
    reader = make_user("reads.english@example.org")
    reader.language = "en"
    reader.save()
    client.post("/vi/accounts/password/reset/", {"email": reader.email})
    [message] = mail.outbox
    assert "Password Reset" in message.subject
    paths = link_paths(message)
    assert any("/password/reset/key/" in path for path in paths)
    assert all(path.startswith("/en/") for path in paths), paths


def test_the_account_already_exists_email_follows_the_registry_record(client, member):
    make_member("Lê Thị Mai", user=member, preferred_language="en")
    sign_up(client, member.email, "vi")
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Account Already Exists" in message.subject
    assert "already exists" in message.body
    assert all(path.startswith("/en/") for path in link_paths(message))


def test_an_address_without_an_account_is_written_to_in_the_pages_language(client):
    client.post("/vi/accounts/password/reset/", {"email": "nobody@example.org"})
    [message] = mail.outbox
    assert message.subject.endswith("Tài khoản không tồn tại")
    assert any(path == "/vi/accounts/signup/" for path in link_paths(message))
    assert all(path.startswith("/vi/") for path in link_paths(message))


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("vi", "Vui lòng xác nhận <strong>ha@example.org</strong> là địa chỉ email của bạn."),
        ("en", "Please confirm that <strong>ha@example.org</strong> is your email address."),
    ],
)
def test_the_confirmation_page_names_the_address_once(client, lang, sentence):
    client.get(sign_up(client, "ha@example.org", lang)["Location"])  # "we sent you an email"
    html = client.get(confirmation_path(mail.outbox[0])).content.decode()
    assert sentence in html
    assert html.count("ha@example.org") == 1


def test_confirming_in_the_browser_that_signed_up_logs_in_and_continues_to_the_profile(client):
    sign_up(client, "an@example.org", "vi")
    response = client.post(confirmation_path(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/vi/profile/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email="an@example.org").pk)


def test_confirming_in_another_browser_asks_to_log_in(client):
    sign_up(client, "binh@example.org", "vi")
    other = Client()
    response = other.post(confirmation_path(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/vi/accounts/login/"
    assert "_auth_user_id" not in other.session
