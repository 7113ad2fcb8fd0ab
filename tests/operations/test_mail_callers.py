"""Every email goes through the queue without its sender knowing: allauth's, and send_mail's."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from operations.models import OutgoingMessage
from tests.conftest import PASSWORD
from tests.security.test_findings import tables_holding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue_on(settings):
    """As in production, but the worker's transport is locmem and tasks run at commit (the
    suite's immediate backend)."""
    settings.EMAIL_BACKEND = "operations.mail.backend.QueuedEmailBackend"
    settings.EMAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"


def test_the_sign_up_verification_email_is_stored_then_sent_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/vi/accounts/signup/",
            {"email": "minh@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302
    stored = OutgoingMessage.objects.get()
    assert stored.recipients == ["minh@example.org"]
    assert stored.status == OutgoingMessage.Status.WAITING and mail.outbox == []

    for callback in callbacks:  # the request's transaction commits
        callback()

    [sent] = mail.outbox
    assert sent.to == ["minh@example.org"] and "/vi/accounts/confirm-email/" in sent.body
    assert sent.extra_headers["Message-ID"] == stored.message_id
    stored.refresh_from_db()
    assert stored.status == OutgoingMessage.Status.SENT


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            assert send_mail("Chào", "Nội dung", None, ["lan@example.org"]) == 1
            raise RuntimeError("the sign-up failed after the email was written")
    assert not OutgoingMessage.objects.exists() and mail.outbox == []


def test_an_account_deleted_takes_its_emails_with_it(member_record, other_member):
    person = member_record
    send_mail("Chào chị Nhung", "Liên kết của chị", None, [person.email.upper()])
    send_mail("Chào anh Bình", "Liên kết của anh", None, [other_member.email])
    client = Client()
    client.force_login(person.user)

    response = client.post(reverse("registry:delete_account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert tables_holding([person.email, person.full_name]) == []
    assert OutgoingMessage.objects.get().recipients == [other_member.email]
