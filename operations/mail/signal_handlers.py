"""Erasure reaches the mail queue: an account deleted takes its emails, sent or not, with it."""

from __future__ import annotations

import json
from typing import Any

from operations.models import OutgoingMessage


def forget_recipient(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Delete the queued and sent emails to the deleted account's address (its text and
    links, and the address in the envelope). Matched as a whole JSON string, any case."""
    address = getattr(instance, "email", "")
    if address:
        OutgoingMessage.objects.filter(recipients__icontains=json.dumps(address)).delete()
