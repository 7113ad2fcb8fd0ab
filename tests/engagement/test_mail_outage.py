"""The mail server is down while members register and pledge (issue 19): every request still
succeeds, every email waits in the queue, and once the server is back each is delivered once."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from engagement.models import Engagement
from operations.mail.tasks import send_due
from operations.models import OutgoingMessage
from tests.engagement.conftest import taking_part
from tests.operations.conftest import time_passes
from tests.site_data import committed_site_pages
from tests.workers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_pages(transactional_db):
    """The demo pages, committed (the worker's loop needs real commits; an earlier test of this
    kind flushed the database)."""
    committed_site_pages()


def test_registrations_and_pledges_made_while_smtp_is_down_are_each_sent_once_it_is_back(
    mail_queue,
    event,
    programme,
):
    mail_queue.stop()
    people = [taking_part(f"kieu.bao.{n}@example.org", f"Nguyễn Văn {n}") for n in range(8)]
    for n, person in enumerate(people):
        client = Client()
        client.force_login(person.user)
        if n < 6:  # five places: the sixth waits
            answer = client.post(f"/vi/take-part/{event.pk}/", {"guests": "0"})
        else:
            answer = client.post(
                f"/vi/take-part/{programme.pk}/", {"gift": "money", "amount": "1000000"}
            )
        assert answer.status_code == 302, n  # the member's request never fails
    assert Engagement.objects.count() == 8
    assert Engagement.objects.filter(status="waiting").count() == 1
    stored = OutgoingMessage.objects.count()
    assert stored == 8  # one email each: registered, waiting list, pledge

    run_worker()
    assert not mail_queue.received
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"waiting"}

    mail_queue.start()
    time_passes(datetime.timedelta(minutes=5))
    run_worker()
    assert OutgoingMessage.objects.filter(status="sent").count() == stored
    time_passes(datetime.timedelta(hours=1))
    send_due.enqueue()  # the sweep, as the scheduler runs it
    run_worker()
    recipients = sorted(received.rcpt_tos[0] for received in mail_queue.received)
    assert recipients == sorted(person.email for person in people)  # each once
    assert len({received.message_id for received in mail_queue.received}) == stored
