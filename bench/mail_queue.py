"""Mail queue benchmark (run on demand, not in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/mail_queue.py [--messages 500]

Migrates the database, then against a real SMTP server on loopback (tests/smtp_sink.py): how
long storing one email takes in the sender's request (p50, p95), how fast one worker sends
them, and an outage — every message tried while nothing listens, then sent once the server is
back — checking that each arrived exactly once with the Message-ID it was stored with.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["EMAIL_QUEUE"] = "true"
os.environ["TASKS_BACKEND"] = "database"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail import send_mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import F  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from operations.models import OutgoingMessage  # noqa: E402
from tests.smtp_sink import SMTPSink  # noqa: E402
from tests.workers import batch_worker  # noqa: E402


def run_worker() -> float:
    started = time.perf_counter()
    batch_worker("bench").run()
    return time.perf_counter() - started


def store(count: int, label: str) -> list[float]:
    timings = []
    for n in range(count):
        started = time.perf_counter()
        send_mail(f"{label} {n}", "Xin chào,\nđây là thư thử.\n", None, [f"m{n}@example.org"])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    count = parser.parse_args().messages
    call_command("migrate", verbosity=0)
    OutgoingMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    sink = SMTPSink().start()
    settings.EMAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = sink.host, sink.port, False
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{engine}, {count} messages, one worker, SMTP on loopback")

    timings = sorted(store(count, "Sent"))
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"store in the request: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms")
    seconds = run_worker()
    print(f"worker sends: {count / seconds:.0f} messages/s ({seconds:.1f} s)")

    sink.stop()
    sink.received.clear()
    OutgoingMessage.objects.all().delete()
    store(count, "Outage")
    seconds = run_worker()
    waiting = OutgoingMessage.objects.filter(status="waiting", attempts=1).count()
    print(f"server down: {waiting} waiting after one attempt each ({seconds:.1f} s)")
    sink.start()
    later = datetime.timedelta(minutes=2)
    OutgoingMessage.objects.update(next_attempt_at=F("next_attempt_at") - later)
    DBTaskResult.objects.filter(status="READY", run_after__lt=F("enqueued_at") + later * 10).update(
        run_after=F("run_after") - later
    )
    seconds = run_worker()
    ids = sink.message_ids()
    stored = set(OutgoingMessage.objects.values_list("message_id", flat=True))
    print(
        f"server back: {count / seconds:.0f} messages/s; {len(ids)} received, "
        f"{len(set(ids))} distinct, all stored ids: {set(ids) == stored}"
    )
    sink.stop()


if __name__ == "__main__":
    main()
