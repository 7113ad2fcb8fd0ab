"""Mail as production sends it: gunicorn stores each email, the worker sends it through a real
SMTP server on loopback, the scheduler sends the alerts and sweeps the queue."""

import re
import time

import pytest
from django.test import override_settings

from operations.models import OutgoingMessage
from search.models import SavedSearch
from tests.conftest import PASSWORD, make_member
from tests.operations.stack import Stack, wait_until
from tests.smtp_sink import SMTPSink
from tests.workers import DATABASE_QUEUE

SENT = OutgoingMessage.Status.SENT


def mail_settings(sink: SMTPSink, **more: str) -> dict[str, str]:
    return {
        "EMAIL_QUEUE": "true",
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": sink.host,
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "3",
        **more,
    }


def sign_up(stack: Stack, n: int, email: str) -> int:
    """Visitor `n` (an address of their own) signs up through the form, as a browser does."""
    visitor = stack.visitor(n)
    form = visitor.get(f"{stack.base_url}/en/accounts/signup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, form.status_code
    answer = visitor.post(
        form.url,
        data={
            "csrfmiddlewaretoken": token[1],
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        allow_redirects=False,
    )
    return answer.status_code


@pytest.fixture
def sink():
    sink = SMTPSink()  # its port chosen; nothing listens until start()
    yield sink
    sink.stop()


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_sign_up_email_and_the_alert_are_sent_by_the_worker(
    stack_factory, live_site, sink, registry_officer
):
    sink.start()
    stack = stack_factory(**mail_settings(sink, SCHEDULE="search_alerts=3s"))
    stack.start("web", "worker", "scheduler")

    assert sign_up(stack, 1, "hanh.osaka@example.jp") == 302
    message = wait_until(lambda: sink.received, 30, "the verification email")[0]
    assert message.rcpt_tos == ["hanh.osaka@example.jp"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.message.get_content())
    assert link and link[0].startswith(stack.base_url)
    assert stack.visitor(1).get(link[0]).status_code == 200  # the link works on the site

    SavedSearch.objects.create(
        owner=registry_officer, name="Hungary", criteria={"country": ["HU"]}, alert=True
    )
    make_member("Phạm Thị Dung", country="HU", city_name="Szeged")
    alert = wait_until(
        lambda: [r for r in sink.received if r.rcpt_tos == [registry_officer.email]],
        30,
        "the saved search's alert",
    )[0]
    assert "Phạm" not in alert.message.get_body(("plain",)).get_content()  # a count, no name
    assert OutgoingMessage.objects.filter(status=SENT).count() == 2


@override_settings(TASKS=DATABASE_QUEUE)
def test_fifty_sign_ups_while_the_mail_server_is_down_each_get_one_email_once_it_is_back(
    stack_factory, live_site, sink
):
    stack = stack_factory(**mail_settings(sink, TASK_RETRY_SECONDS="1", SCHEDULE="mail_queue=2s"))
    stack.start("web", "worker", "scheduler")
    addresses = [f"kieu.bao.{n}@example.org" for n in range(50)]

    assert {sign_up(stack, n, address) for n, address in enumerate(addresses)} == {302}
    wait_until(
        lambda: OutgoingMessage.objects.filter(attempts__gte=1).count() == 50,
        90,
        "every email tried while the server is down",
    )
    assert not sink.received and not OutgoingMessage.objects.filter(status=SENT).exists()

    sink.start()
    wait_until(
        lambda: OutgoingMessage.objects.filter(status=SENT).count() == 50, 120, "all 50 sent"
    )
    time.sleep(3)  # anything sent twice would arrive now

    assert sorted(r.rcpt_tos[0] for r in sink.received) == sorted(addresses)  # each once
    assert len({r.message_id for r in sink.received}) == 50
