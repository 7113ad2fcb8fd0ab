"""The outgoing mail queue end to end: stored, sent by the worker through a real SMTP server,
tried again while it is down, never twice."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.mail.delivery import claim
from operations.mail.tasks import send_due, send_message
from operations.models import OutgoingMessage
from tests.operations.conftest import deferred_sends, time_passes
from tests.workers import run_worker

# The worker's loop needs real commits (it checks its connection between tasks).
pytestmark = pytest.mark.django_db(transaction=True)
Status = OutgoingMessage.Status
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def welcome() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "Chào mừng về Quê Hương",
        "Xin chào chị Nhung,\nđây là thư xác nhận.\n",
        to=["nhung@example.org"],
        bcc=["archive@example.org"],
    )
    message.attach_alternative("<p>Xin chào chị <b>Nhung</b></p>", "text/html")
    message.attach("giay-xac-nhan.pdf", PDF, "application/pdf")
    return message


def test_a_message_is_stored_and_sent_only_when_the_worker_runs(mail_queue):
    assert welcome().send() == 1

    stored = OutgoingMessage.objects.get()
    assert stored.status == Status.WAITING and stored.attempts == 0
    assert sorted(stored.recipients) == ["archive@example.org", "nhung@example.org"]
    assert stored.message_id.startswith("<") and stored.message_id.endswith(">")
    assert mail_queue.received == []
    assert DBTaskResult.objects.ready().filter(task_path__endswith=".send_message").count() == 1

    run_worker()

    [received] = mail_queue.received
    assert sorted(received.rcpt_tos) == ["archive@example.org", "nhung@example.org"]
    assert received.data.replace(b"\r\n", b"\n").rstrip() == bytes(stored.mime).rstrip()
    parsed = received.message
    assert received.message_id == stored.message_id
    assert parsed["Subject"] == "Chào mừng về Quê Hương" and "Bcc" not in parsed
    assert "chị Nhung" in parsed.get_body(("plain",)).get_content()
    assert "<b>Nhung</b>" in parsed.get_body(("html",)).get_content()
    [attachment] = parsed.iter_attachments()
    assert (attachment.get_filename(), attachment.get_content()) == ("giay-xac-nhan.pdf", PDF)
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.last_error) == (Status.SENT, 1, "")
    assert stored.sent_at is not None


def test_a_message_is_sent_once_however_often_it_is_asked_for(mail_queue):
    send_mail("Một lần", "Chỉ một lần.", None, ["lan@example.org"])
    run_worker()
    stored = OutgoingMessage.objects.get()
    send_message.enqueue(stored.pk)  # a second task for it, as after a lost acknowledgement
    send_due.enqueue()
    time_passes(datetime.timedelta(hours=2))
    run_worker()
    send_due.enqueue()
    run_worker()
    assert mail_queue.message_ids() == [stored.message_id]


def test_a_message_waits_while_the_server_is_down_and_goes_once_it_is_back(mail_queue):
    mail_queue.stop()
    send_mail("Xác nhận địa chỉ email", "Mã của chị là 1234.", None, ["lan@example.org"])

    run_worker()
    stored = OutgoingMessage.objects.get()
    assert (stored.status, stored.attempts) == (Status.WAITING, 1)
    assert stored.last_error == "ConnectionRefusedError"
    assert stored.next_attempt_at > timezone.now()
    assert deferred_sends() == 1  # the next attempt is a task of its own
    run_worker()  # not due yet: nothing is tried
    stored.refresh_from_db()
    assert stored.attempts == 1

    mail_queue.start()
    time_passes(datetime.timedelta(minutes=1))
    run_worker()

    assert mail_queue.message_ids() == [stored.message_id]
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (Status.SENT, 2)
    time_passes(datetime.timedelta(hours=1))
    send_due.enqueue()
    run_worker()
    assert len(mail_queue.received) == 1


def test_a_server_asking_to_try_later_is_tried_later(mail_queue):
    mail_queue.answer_data("451 4.3.0 Try again later")
    send_mail("Thư mời", "Mời anh tham gia.", None, ["hung@example.org"])
    run_worker()
    stored = OutgoingMessage.objects.get()
    assert (stored.status, stored.last_error) == (Status.WAITING, "SMTPDataError 451")
    time_passes(datetime.timedelta(minutes=1))
    run_worker()
    assert mail_queue.message_ids() == [stored.message_id]


def test_a_refused_recipient_fails_at_once_and_is_not_tried_again(mail_queue):
    mail_queue.refuse("nobody@example.org")
    send_mail("Thư mời", "Mời anh tham gia.", None, ["nobody@example.org"])
    run_worker()
    stored = OutgoingMessage.objects.get()
    assert (stored.status, stored.attempts) == (Status.FAILED, 1)
    assert stored.last_error == "SMTPRecipientsRefused 550"
    assert deferred_sends() == 0
    time_passes(datetime.timedelta(days=1))
    send_due.enqueue()
    run_worker()
    stored.refresh_from_db()
    assert stored.status == Status.FAILED and mail_queue.received == []


def test_a_message_fails_after_its_last_attempt(mail_queue, settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    mail_queue.stop()
    send_mail("Nhắc lịch", "Hẹn gặp.", None, ["lan@example.org"])
    run_worker()
    time_passes(datetime.timedelta(minutes=5))
    run_worker()
    stored = OutgoingMessage.objects.get()
    assert (stored.status, stored.attempts) == (Status.FAILED, 2)
    assert deferred_sends() == 0


def test_a_message_whose_worker_stopped_mid_send_is_sent_again_with_its_message_id(mail_queue):
    send_mail("Đặt lại mật khẩu", "Liên kết: …", None, ["lan@example.org"])
    send_mail("Thư khác", "Đang gửi.", None, ["hung@example.org"])
    interrupted, recent = OutgoingMessage.objects.order_by("pk")
    # Two workers claimed them and stopped (or are still at it): one eleven minutes ago, one now.
    assert claim(interrupted.pk, timezone.now())
    time_passes(datetime.timedelta(minutes=11))
    assert claim(recent.pk, timezone.now())
    run_worker()  # their own tasks find them being sent and leave them
    assert mail_queue.received == []

    send_due.enqueue()
    run_worker()

    assert mail_queue.message_ids() == [interrupted.message_id]
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.attempts) == (Status.SENT, 2)
    assert OutgoingMessage.objects.get(pk=recent.pk).status == Status.SENDING


def test_the_sweep_sends_a_message_whose_task_was_lost(mail_queue):
    send_mail("Thư bị lạc", "Nội dung.", None, ["lan@example.org"])
    DBTaskResult.objects.all().delete()  # the queue lost it
    time_passes(datetime.timedelta(minutes=2))
    send_due.enqueue()
    run_worker()
    assert mail_queue.message_ids() == [OutgoingMessage.objects.get().message_id]


def test_no_address_subject_or_text_reaches_the_logs(mail_queue, caplog):
    caplog.set_level(logging.DEBUG)
    mail_queue.stop()
    mail_queue.refuse("tu.choi@example.org")
    send_mail("Mật khẩu mới của Nhung", "Mã bí mật 98765", None, ["nhung.nguyen@example.org"])
    run_worker()
    mail_queue.start()
    send_mail("Mật khẩu mới của Nhung", "Mã bí mật 98765", None, ["tu.choi@example.org"])
    time_passes(datetime.timedelta(minutes=1))
    run_worker()
    assert OutgoingMessage.objects.filter(status=Status.FAILED).count() == 1
    assert OutgoingMessage.objects.filter(status=Status.SENT).count() == 1
    ours = [r.getMessage() for r in caplog.records if r.name != "mail.log"]  # the sink's own
    assert any("not sent" in line for line in ours)
    for secret in ("nhung.nguyen", "tu.choi", "example.org", "Nhung", "98765"):
        assert not any(secret in line for line in ours), secret
    errors = OutgoingMessage.objects.values_list("last_error", flat=True)
    assert not any("example.org" in error for error in errors)
