"""Django's EMAIL_BACKEND when EMAIL_QUEUE is on: store each message, send it from the worker."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.utils import make_msgid

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError, transaction

from operations.mail.tasks import send_after_commit
from operations.models import OutgoingMessage

logger = logging.getLogger(__name__)


def store(message: EmailMessage) -> OutgoingMessage:
    """The message as it will be sent, with a Message-ID (kept for every attempt)."""
    mime = message.message()
    if "Message-ID" not in mime:
        mime["Message-ID"] = make_msgid(domain=str(DNS_NAME))
    return OutgoingMessage.objects.create(
        mime=mime.as_bytes(),
        from_email=str(message.from_email),
        recipients=[str(address) for address in message.recipients()],
        subject=str(message.subject)[:255],
        message_id=str(mime["Message-ID"]).strip(),
    )


class QueuedEmailBackend(BaseEmailBackend):
    """Stores the messages in the caller's transaction and has them sent after it commits:
    a rolled-back sign-up sends nothing, and no request waits for the mail server. Returns the
    number stored, as other backends return the number sent."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        try:
            with transaction.atomic():
                stored = [store(m) for m in email_messages if m.recipients()]
                for message in stored:
                    send_after_commit(message.pk)
        except DatabaseError as error:
            if not self.fail_silently:
                raise
            logger.error("Email not stored for sending (%s)", type(error).__name__)
            return 0
        return len(stored)
