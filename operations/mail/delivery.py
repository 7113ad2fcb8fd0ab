"""Sending one stored message, once: claim it, send it, record what happened.

A message is claimed (row locked, marked `sending`, the attempt counted) and that is committed
before the mail server is spoken to; then it is marked `sent`, or `waiting` for a later
attempt, or `failed`. Two tasks for the same message (the one enqueued at commit and the
sweep's, say) cannot both send it: the second finds it no longer waiting.

One window cannot be closed: the server accepted the message and the worker stopped before
recording it. The message stays `sending`; after `INTERRUPTED_AFTER` the sweep hands it back and
it is sent again, with the same Message-ID, by which receiving servers and mail programs
recognise a duplicate.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from operations.jobs import retry_delay
from operations.mail.stored import transmit
from operations.models import OutgoingMessage

logger = logging.getLogger(__name__)
Status = OutgoingMessage.Status

# No attempt lasts this long (EMAIL_TIMEOUT is seconds): a message `sending` for longer was
# being sent by a worker that stopped.
INTERRUPTED_AFTER = datetime.timedelta(minutes=10)
# The error recorded for a message whose worker stopped while sending it.
INTERRUPTED = "Interrupted"


@dataclass(frozen=True)
class Attempt:
    outcome: str  # "sent", "waiting", "failed" or "skipped" (not waiting, or not due)
    retry_at: datetime.datetime | None = None


def smtp_code(error: BaseException) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return min(codes) if codes else None
    if isinstance(error, smtplib.SMTPResponseException):
        return int(error.smtp_code)
    return None


def permanent(error: BaseException) -> bool:
    """Refused for this message's own sake (no such recipient, content refused at DATA): no
    later attempt will do better. A refused sender or login is the server's configuration,
    which someone will fix: those wait like an outage."""
    code = smtp_code(error) or 0
    refused = isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)
    return refused and 500 <= code < 600


def describe(error: BaseException) -> str:
    """The error's class and SMTP code: never its text, which may quote an address."""
    code = smtp_code(error)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def claim(pk: int, now: datetime.datetime) -> OutgoingMessage | None:
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().due(now).filter(pk=pk).first()
        if message is None:
            return None
        message.status = Status.SENDING
        message.attempts += 1
        message.attempted_at = now
        message.save(update_fields=["status", "attempts", "attempted_at"])
    return message


def deliver(pk: int) -> Attempt:
    """Send message `pk` if it is waiting and due. Never raises for the mail server's sake."""
    message = claim(pk, timezone.now())
    if message is None:
        return Attempt("skipped")
    try:
        transmit(message)
    except (OSError, smtplib.SMTPException) as error:
        if permanent(error):
            return _give_up(message, describe(error))
        return _wait(message, describe(error))
    except Exception as error:  # noqa: BLE001 - a message that cannot be sent at all
        return _give_up(message, describe(error))
    OutgoingMessage.objects.filter(pk=pk).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info("Message %s sent (attempt %d)", pk, message.attempts)
    return Attempt("sent")


def _wait(message: OutgoingMessage, error: str) -> Attempt:
    if message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        return _give_up(message, error)
    retry_at = timezone.now() + retry_delay(message.attempts)
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=Status.WAITING, next_attempt_at=retry_at, last_error=error
    )
    logger.warning(
        "Message %s not sent (%s), attempt %d of %d; next at %s",
        message.pk,
        error,
        message.attempts,
        settings.EMAIL_MAX_ATTEMPTS,
        retry_at.isoformat(timespec="seconds"),
    )
    return Attempt("waiting", retry_at)


def _give_up(message: OutgoingMessage, error: str) -> Attempt:
    OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error=error)
    logger.error("Message %s failed (%s) after %d attempts", message.pk, error, message.attempts)
    return Attempt("failed")


def hand_back_interrupted(now: datetime.datetime) -> list[int]:
    """Messages left `sending` by a worker that stopped: waiting again, due now (or failed, if
    that was their last attempt). Returns those waiting again."""
    handed_back = []
    for pk in OutgoingMessage.objects.interrupted(now - INTERRUPTED_AFTER).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            message = (
                OutgoingMessage.objects.select_for_update()
                .interrupted(now - INTERRUPTED_AFTER)
                .filter(pk=pk)
                .first()
            )
            if message is None:
                continue
            if message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                _give_up(message, INTERRUPTED)
                continue
            message.status, message.next_attempt_at = Status.WAITING, now
            message.last_error = INTERRUPTED
            message.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning("Message %s handed back: its worker stopped while sending it", pk)
        handed_back.append(pk)
    return handed_back


def resend(message: OutgoingMessage) -> None:
    """A failed message, waiting again with a full set of attempts (staff's "Send again")."""
    message.status, message.attempts = Status.WAITING, 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
