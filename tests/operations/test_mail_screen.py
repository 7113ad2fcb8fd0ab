"""Settings → Outgoing mail: administrators see what waits and what failed, and send it again."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from operations.models import OutgoingMessage
from tests.operations.conftest import BODY, queued

pytestmark = pytest.mark.django_db
Status = OutgoingMessage.Status
URL = "/admin/operations/mail/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def transport_in_memory(settings):
    """The immediate task backend (the suite's) and the locmem transport: a message asked for
    is sent as the request's transaction commits."""
    settings.EMAIL_BACKEND = "operations.mail.backend.QueuedEmailBackend"
    settings.EMAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"


def test_administrators_see_mail_not_sent_without_its_text_or_whole_addresses(administrator):
    queued("Xác nhận email", "nhung.nguyen@gmail.com")
    queued(
        "Thư mời",
        "hung@example.org",
        Status.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused 550",
    )
    queued("Đã gửi rồi", "lan@example.org", Status.SENT)

    response = signed_in(administrator).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Xác nhận email" in page and "n***@gmail.com" in page
    assert "Thư mời" in page and "SMTPRecipientsRefused 550" in page and "h***@example.org" in page
    assert "Đã gửi rồi" not in page
    for secret in ("nhung.nguyen", "hung@example.org", BODY):
        assert secret not in page
    failed = signed_in(administrator).get(URL, {"status": "failed"}).content.decode()
    assert "Thư mời" in failed and "Xác nhận email" not in failed


@pytest.mark.parametrize(
    "persona", ["editor", "chief_editor", "registry_viewer", "registry_officer"]
)
def test_other_staff_are_refused(request, persona):
    failed = queued("Thư mời", "hung@example.org", Status.FAILED)
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("operations_mail_resend", args=[failed.pk])).status_code == 403
    assert client.post(reverse("operations_mail_delete", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


@pytest.mark.parametrize("persona", ["member", "anonymous"])
def test_members_and_visitors_are_sent_to_log_in(request, persona):
    client = Client()
    if persona == "member":
        client.force_login(request.getfixturevalue("member"))
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_administrator_sends_a_failed_message_again(
    administrator, transport_in_memory, django_capture_on_commit_callbacks
):
    failed = queued(
        "Thư mời", "hung@example.org", Status.FAILED, attempts=30, last_error="SMTPDataError 554"
    )
    client = signed_in(administrator)
    assert client.get(reverse("operations_mail_resend", args=[failed.pk])).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("operations_mail_resend", args=[failed.pk]))

    assert response.status_code == 302 and response["Location"] == URL
    [sent] = mail.outbox
    assert (sent.subject, sent.to, sent.body) == ("Thư mời", ["hung@example.org"], BODY)
    assert sent.extra_headers["Message-ID"] == failed.message_id
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    # Only a failed message can be sent again: this one is sent (the answer is Not found).
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("operations_mail_resend", args=[failed.pk]), follow=True)
    assert again.status_code == 404 and len(mail.outbox) == 1


def test_an_administrator_deletes_a_message_that_will_never_go(administrator):
    failed = queued("Thư mời", "hung@example.org", Status.FAILED)
    sending = queued("Đang gửi", "lan@example.org", Status.SENDING)
    client = signed_in(administrator)
    assert client.post(reverse("operations_mail_delete", args=[failed.pk])).status_code == 302
    assert (
        client.post(reverse("operations_mail_delete", args=[sending.pk]), follow=True).status_code
        == 404
    )
    assert list(OutgoingMessage.objects.values_list("pk", flat=True)) == [sending.pk]


def test_the_list_costs_the_same_queries_however_long_and_pages(
    administrator, django_assert_max_num_queries
):
    client = signed_in(administrator)
    queued("Thư 0", "a0@example.org")
    client.get(URL)  # Wagtail's first admin page builds caches of its own
    with django_assert_max_num_queries(11) as short:
        assert client.get(URL).status_code == 200
    for n in range(1, 60):
        queued(f"Thư {n}", f"a{n}@example.org", Status.FAILED if n % 2 else Status.WAITING)
    with django_assert_max_num_queries(len(short)) as long:
        first = client.get(URL)
    assert len(long) == len(short), len(short)
    assert first.content.decode().count("<td>Thư ") == 50  # one page
    second = client.get(URL, {"p": "2"}).content.decode()
    assert second.count("<td>Thư ") == 10 and "Thư 0<" in second


def test_the_settings_menu_offers_it_to_administrators_only(administrator, registry_officer):
    assert URL in signed_in(administrator).get("/admin/").content.decode()
    assert URL not in signed_in(registry_officer).get("/admin/").content.decode()
