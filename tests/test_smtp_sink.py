"""The SMTP sink the mail tests rely on does what it says (tests/smtp_sink.py)."""

from __future__ import annotations

import smtplib
import threading

import pytest

from tests.smtp_sink import SMTPSink

MESSAGE = b"Subject: %s\r\nMessage-ID: <%s@test>\r\n\r\nbody\r\n"


def send(sink: SMTPSink, to: str = "b@example.org", n: int = 1) -> None:
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
        smtp.sendmail("a@example.org", [to], MESSAGE % (b"hi", str(n).encode()))


def test_it_keeps_what_it_accepts_and_goes_down_and_up_on_its_port():
    with SMTPSink() as sink:
        send(sink)
        assert sink.message_ids() == ["<1@test>"] and sink.received[0].rcpt_tos == ["b@example.org"]
        sink.stop()
        with pytest.raises(ConnectionRefusedError):
            send(sink, n=2)
        sink.start()
        send(sink, n=3)
        assert sink.message_ids() == ["<1@test>", "<3@test>"]


def test_it_refuses_recipients_and_data_when_told():
    with SMTPSink() as sink:
        sink.refuse("nobody@example.org")
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            send(sink, to="nobody@example.org")
        sink.answer_data("451 4.3.0 Try again later")
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(sink)
        assert refused.value.smtp_code == 451
        send(sink, n=2)
        assert sink.message_ids() == ["<2@test>"]


def test_it_holds_the_nth_message_until_released():
    with SMTPSink() as sink:
        held = sink.hold(2)
        send(sink, n=1)
        sender = threading.Thread(target=send, kwargs={"sink": sink, "n": 2})
        sender.start()
        assert held.reached.wait(10)
        assert sink.message_ids() == ["<1@test>"]  # the second waits at DATA
        held.release()
        sender.join(10)
        assert sink.message_ids() == ["<1@test>", "<2@test>"]
