"""A stored message handed to Django's mail backends, which send it byte for byte.

Every backend asks `EmailMessage.message()` for the MIME to send (smtp for `as_bytes()` with
CRLF line ends, console and file for `as_bytes()`, locmem only checks it can), so `StoredEmail`
answers with the stored bytes, and keeps the envelope's recipients (Bcc included) as
`recipients()`. Its subject, body, alternatives and attachments are read back from those
bytes, so the tests' `mail.outbox` (locmem) reads like the message the caller built.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage as ParsedMessage
from email.parser import BytesParser
from typing import cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from operations.models import OutgoingMessage


class StoredMIME:
    """The part of `email.message.Message` the mail backends use, returning stored bytes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw  # as Django's `as_bytes()` made it: "\n" line ends only

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw if linesep == "\n" else self.raw.replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self) -> None:
        return None


def _addresses(parsed: ParsedMessage, header: str) -> list[str]:
    value = parsed.get(header)
    return [str(address) for address in value.addresses] if value is not None else []


class StoredEmail(EmailMultiAlternatives):
    def __init__(self, stored: OutgoingMessage) -> None:
        self.raw = bytes(stored.mime)
        # policy.default parses into email.message.EmailMessage (typeshed says Message).
        parsed = cast(ParsedMessage, BytesParser(policy=policy.default).parsebytes(self.raw))
        plain = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        super().__init__(
            subject=str(parsed.get("Subject", "")),
            body=plain.get_content() if isinstance(plain, ParsedMessage) else "",
            from_email=stored.from_email,
            to=_addresses(parsed, "To"),
            cc=_addresses(parsed, "Cc"),
            headers={"Message-ID": stored.message_id},
        )
        if isinstance(html, ParsedMessage) and html is not plain:
            self.attach_alternative(html.get_content(), "text/html")
        for part in parsed.iter_attachments():
            self.attachments.append(
                (part.get_filename(), part.get_content(), part.get_content_type())
            )
        self.envelope = list(stored.recipients)

    def recipients(self) -> list[str]:
        return self.envelope

    def message(self) -> StoredMIME:  # type: ignore[override]
        return StoredMIME(self.raw)


def transmit(stored: OutgoingMessage) -> None:
    """Send through the transport; raises what it raises (OSError, smtplib.SMTPException…)."""
    connection = get_connection(settings.EMAIL_TRANSPORT, fail_silently=False)
    connection.send_messages([StoredEmail(stored)])
