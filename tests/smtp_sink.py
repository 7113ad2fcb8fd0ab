"""A real SMTP server on loopback that keeps what it receives, for tests of sending mail.

    sink = SMTPSink().start()           # a free port: settings.EMAIL_PORT = sink.port
    ...
    sink.received                       # what was accepted, in order (envelope and parsed message)
    sink.stop(); sink.start()           # the server goes down and comes back, on the same port

It can misbehave on purpose: `refuse(address)` answers RCPT for that address with a 5xx;
`answer_data("451 4.3.0 Try later", times=2)` answers the next two DATA commands so;
`hold(n)` keeps the n-th DATA (counted from the sink's start, across restarts) waiting until
`release()`, telling the test through `reached` that it arrived (a worker killed mid-send, a
batch half sent). Held messages are released when the sink stops, and then not kept.
aiosmtpd logs each session on "mail.log" with the addresses: tests of our logs leave it out.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, cast

from aiosmtpd.controller import Controller

from tests.search_engine import free_port


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes  # as received (CRLF line ends)

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(self.data))

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"]).strip()


@dataclass
class Hold:
    number: int
    reached: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.go.set()


class _Handler:
    def __init__(self, sink: SMTPSink) -> None:
        self.sink = sink

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.sink.refused.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        sink = self.sink
        number = next(sink.counter)
        hold = sink.holds.get(number)
        if hold is not None:
            hold.reached.set()
            await asyncio.get_running_loop().run_in_executor(None, hold.go.wait)
            if not sink.running:
                return "421 4.3.2 Shutting down"
        with sink.lock:
            if sink.data_answers:
                return sink.data_answers.pop(0)
            sink.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 Message accepted for delivery"


class SMTPSink:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.received: list[Received] = []
        self.refused: dict[str, str] = {}
        self.data_answers: list[str] = []
        self.holds: dict[int, Hold] = {}
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        self.running = False
        self._controller: Controller | None = None

    def start(self) -> SMTPSink:
        if self._controller is None:
            self.running = True
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        self.running = False
        for hold in self.holds.values():
            hold.release()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SMTPSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def refuse(self, address: str, reply: str = "550 5.1.1 Mailbox unavailable") -> None:
        self.refused[address.lower()] = reply

    def answer_data(self, reply: str, times: int = 1) -> None:
        with self.lock:
            self.data_answers += [reply] * times

    def hold(self, number: int) -> Hold:
        self.holds[number] = Hold(number)
        return self.holds[number]

    def message_ids(self) -> list[str]:
        with self.lock:
            return [received.message_id for received in self.received]
