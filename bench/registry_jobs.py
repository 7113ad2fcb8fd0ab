"""Background registry jobs at scale (run on demand, not in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quehuong_bench \\
        .venv/bin/python bench/registry_jobs.py --members 100000 [--due 2000]

Tops the database up to N synthetic members (`generate_members`), then measures, each with its
wall time, its number of queries and the growth of the process's peak memory:
- an export of every member in the registry written by the worker's job (`write_export`),
  CSV then Excel, and the request's part before it (`queue_export`: the members' ids);
- the yearly reminders over N members of whom --due have a verified login and are due;
- the purge of --due sign-ups abandoned before the consents step.
Jobs run inline (TASKS_BACKEND=immediate); mail goes to memory.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["TASKS_BACKEND"] = "immediate"

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from registry import reminders  # noqa: E402
from registry.demo.members import generate_members  # noqa: E402
from registry.exporting import file_path, queue_export, write_export  # noqa: E402
from registry.models import Export, Member  # noqa: E402
from registry.services.signup import purge_abandoned_sign_ups  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, work: Callable[[], Any]) -> Any:
    before = peak_mb()
    reset_queries()  # DEBUG keeps the last 9,000 queries only: count from an empty log
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = work()
    elapsed = time.perf_counter() - started
    grown = peak_mb() - before
    print(f"{label:<44} {elapsed:8.2f} s {len(queries):7d} queries  peak +{grown:6.1f} MB")
    return result


def officer() -> User:
    user, _created = User.objects.get_or_create(email="bench.officer@example.org")
    user.groups.add(Group.objects.get(name=roles.REGISTRY_OFFICERS))
    return User.objects.get(pk=user.pk)


def export(user: User, file_format: str, total: int) -> None:
    members = Member.objects.in_registry().order_by("search_name", "pk")
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        queued: Export = measure(
            f"request: ids of {total:,} members",
            lambda: queue_export(
                user, members, file_format=file_format, columns=None, name_words=()
            ),
        )
    measure(f"job: {file_format} of {total:,} members", lambda: write_export.enqueue(queued.pk))
    queued.refresh_from_db()
    size = file_path(queued).stat().st_size / 1e6
    print(f"    status {queued.status}, {queued.written:,} rows, {size:.1f} MB file")
    file_path(queued).unlink()
    queued.delete()


def due_members(count: int) -> None:
    """`count` generated members get a verified login and a confirmation 400 days old."""
    old = timezone.now() - datetime.timedelta(days=400)
    members = list(Member.objects.filter(user=None, source="generated").order_by("pk")[:count])
    for n, member in enumerate(members):
        user = User.objects.create_user(f"bench.due{member.pk}.{n}@example.org")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        member.user = user
    Member.objects.bulk_update(members, ["user"])
    Member.objects.filter(pk__in=[m.pk for m in members]).update(
        last_confirmed_at=old, profile_completed_at=old, confirmation_reminded_at=None
    )


def abandoned(count: int) -> None:
    old = timezone.now() - datetime.timedelta(days=60)
    for n in range(count):
        user = User.objects.create_user(f"bench.gone{n}.{time.time_ns()}@example.org")
        User.objects.filter(pk=user.pk).update(date_joined=old)
        draft = Member.objects.create(user=user, full_name="Bỏ Dở", signup_steps=["about"])
        Member.objects.filter(pk=draft.pk).update(created_at=old, updated_at=old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--skip-export", action="store_true")
    options = parser.parse_args()
    missing = options.members - Member.objects.count()
    if missing > 0:
        generate_members(missing, seed=17)
    total = Member.objects.in_registry().count()
    print(f"{connection.vendor}, {total:,} members in the registry")
    user = officer()
    if not options.skip_export:
        export(user, "csv", total)
        export(user, "xlsx", total)

    due_members(options.due)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        sent = measure(
            f"reminders: {options.due:,} due among {total:,}",
            reminders.send_confirmation_reminders,
        )
        print(f"    {sent:,} sent")
        again = measure("reminders again (none due)", reminders.send_confirmation_reminders)
        print(f"    {again:,} sent")

    abandoned(options.due)
    purged = measure(
        f"purge: {options.due:,} abandoned sign-ups", lambda: purge_abandoned_sign_ups(30)
    )
    print(f"    {purged}")


if __name__ == "__main__":
    main()
