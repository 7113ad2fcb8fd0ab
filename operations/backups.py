"""What a restored backup must bring back, checked: the data's fingerprint.

A fingerprint is taken when the backup is made and checked against the restored copy
(`manage.py verify_restore`, README "Backups and the restore drill"). It holds counts and
checksums only — record numbers, revision numbers and times run through SHA-256 — never a name,
an address or anything else a person typed, so it can sit beside the backups anywhere.

On PostgreSQL the fingerprint and the dump are taken in one snapshot (`dump_with_fingerprint`):
a live site keeps writing, and a fingerprint taken a second before the dump would describe
another state.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.models import User
from registry.models import AuditEntry, Consent, Member

FORMAT = 1
# Compared after a restore; `taken_at` and `database` only say where a fingerprint came from.
COMPARED = ("counts", "checksums")


def checksum(rows: Iterable[tuple[Any, ...]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update("|".join("" if v is None else str(v) for v in row).encode() + b"\n")
    return digest.hexdigest()


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file column of every model (public media, private evidence, image renditions)."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and not model._meta.proxy
    ]


def stored_files() -> Iterable[tuple[models.FileField, str]]:
    for model, field in file_fields():
        names = model._default_manager.exclude(**{field.name: ""}).values_list(
            field.name, flat=True
        )
        for name in names.order_by(field.name).iterator():
            if name:
                yield field, name


def fingerprint() -> dict[str, Any]:
    """The counts and checksums of what a restore must bring back."""
    live = Page.objects.live().exclude(depth=1)
    pages_per_locale = dict(
        live.values_list("locale__language_code").annotate(n=Count("pk")).order_by()
    )
    return {
        "format": FORMAT,
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "counts": {
            "members": Member.objects.count(),
            "members_in_registry": Member.objects.exclude(profile_completed_at=None).count(),
            "users": User.objects.count(),
            "consents": Consent.objects.count(),
            "audit_entries": AuditEntry.objects.count(),
            "pages_live": dict(sorted(pages_per_locale.items())),
            "images": get_image_model().objects.count(),
            "documents": get_document_model().objects.count(),
            "files": sum(1 for _ in stored_files()),
        },
        "checksums": {
            "members": checksum(
                Member.objects.order_by("pk").values_list("pk", "version", "updated_at").iterator()
            ),
            "pages": checksum(
                Page.objects.order_by("pk")
                .values_list("pk", "live", "latest_revision_id", "url_path")
                .iterator()
            ),
            "users": checksum(
                User.objects.order_by("pk").values_list("pk", "is_active", "date_joined")
            ),
            "consents": checksum(
                Consent.objects.order_by("pk").values_list("pk", "granted", "recorded_at")
            ),
            "files": checksum((name,) for _field, name in stored_files()),
        },
        # Not compared: files already missing when the backup was made are not the restore's
        # fault (`newly_missing`).
        "missing_files": missing_files(),
    }


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints, as "counts.members: 120 → 119" lines."""
    if expected.get("format") != FORMAT:
        return [f"fingerprint format {expected.get('format')!r}, expected {FORMAT}"]
    found = []
    for section in COMPARED:
        keys = sorted(set(expected[section]) | set(actual[section]))
        for key in keys:
            before, after = expected[section].get(key), actual[section].get(key)
            if before != after:
                if section == "checksums":
                    before, after = str(before)[:12], str(after)[:12]
                found.append(f"{section}.{key}: {before} → {after}")
    return found


def missing_files() -> dict[str, int]:
    """How many files the database names are absent from their storage, per model and field:
    the media or private media were not restored with the database."""
    missing: dict[str, int] = {}
    for field, name in stored_files():
        if not field.storage.exists(name):
            key = f"{field.model._meta.label}.{field.name}"
            missing[key] = missing.get(key, 0) + 1
    return missing


def newly_missing(expected: dict[str, Any]) -> dict[str, int]:
    """Files missing now that were present when the fingerprint was taken, per model and field."""
    before = expected.get("missing_files", {})
    return {
        where: count - before.get(where, 0)
        for where, count in missing_files().items()
        if count > before.get(where, 0)
    }


def dump_with_fingerprint(path: Path) -> dict[str, Any]:
    """`pg_dump -Fc` of the database into `path`, and the fingerprint of exactly what it holds.

    The fingerprint is read in a repeatable-read transaction whose snapshot pg_dump is given
    (`--snapshot`), so writes made meanwhile are in neither.
    """
    if connection.vendor != "postgresql":
        raise ValueError("a dump in the same snapshot needs PostgreSQL; use sqlite3 .backup")
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        taken = fingerprint()
        pg_dump(path, snapshot)
    return taken


def libpq_environment() -> dict[str, str]:
    """The database settings as libpq's variables (no password on a command line)."""
    db = connection.settings_dict
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def pg_dump(path: Path, snapshot: str | None = None) -> None:
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={path}"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    subprocess.run(command, env=libpq_environment(), check=True, timeout=6 * 3600)  # noqa: S603
