"""The restore drill: a backup made as the administrator makes it (README, "Backups and the
restore drill") is restored into a new PostgreSQL database, and the site run on it serves the
same pages, the same registry and a rebuilt search index, and passes `verify_restore`.

PostgreSQL only (pg_dump and pg_restore are the backup): CI runs the suite there with
DATABASE_URL set. With ELASTICSEARCH_URL set, the registry's index is rebuilt there too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from elasticsearch import Elasticsearch

from cms.models import HomePage
from operations.backups import libpq_environment
from tests.conftest import make_member, make_user
from tests.operations.restore_probe import first_news, observe
from tests.site_data import committed_site_pages

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the restore drill needs PostgreSQL (pg_dump, pg_restore): set DATABASE_URL",
)


# Data migrations seed these; a transactional test may start on a flushed database
# (the same list as tests/browser/conftest.py's).
@pytest.fixture
def committed_site(transactional_db: None) -> None:
    """The demo site, the wards and three members, committed (pg_dump sees only that)."""
    if not HomePage.objects.exists():
        # Flushed by an earlier transactional test: loaded once, as the browser tests load it
        # (the same snapshot, so whichever comes first pays for it).
        committed_site_pages()
    member = make_user("nhung@example.com")
    make_member("Nguyễn Thị Hồng Nhung", user=member, email=member.email, birth_year=1990)
    make_member("Nguyễn Văn An", country="DE", city_name="Berlin")
    make_member("Trần Văn Bình", country="JP", city_name="Osaka")


@pytest.fixture
def restored_database() -> Iterator[str]:
    """The name of a new, empty database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    env = libpq_environment()
    subprocess.run(["createdb", name], env=env, check=True, timeout=60)  # noqa: S607
    try:
        yield name
    finally:
        subprocess.run(  # noqa: S603
            ["dropdb", "--if-exists", "--force", name],  # noqa: S607
            env=env,
            check=True,
            timeout=60,
        )


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{name}"


def server_env(name: str, **extra: str) -> dict[str, str]:
    """The environment of a process on the server, on database `name`."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "ELASTICSEARCH_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TESTING": "true",
        "DATABASE_URL": database_url(name),
        **extra,
    }


def on_restored(name: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run Django against the restored database, as a fresh process on the server would."""
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=server_env(name, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def probe(name: str, word: str, **extra: str) -> Any:
    code = "import django; django.setup(); from tests.operations.restore_probe import main; main()"
    result = on_restored(name, "-c", code, word, **extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_backup_restores_the_site_the_registry_and_the_search(
    committed_site, restored_database, tmp_path, settings
):
    # The backup, made by the administrator's script.
    backups = tmp_path / "backups"
    made = subprocess.run(  # noqa: S603
        [ROOT / "deploy" / "backup.sh", backups],
        env={
            **server_env(connection.settings_dict["NAME"]),
            "ENV_FILE": str(tmp_path / "no-env-file"),
            "APP_DIR": str(ROOT),
            "PYTHON": sys.executable,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    [run] = backups.iterdir()
    assert sorted(p.name for p in run.iterdir()) == [
        "SHA256SUMS", "database.dump", "fingerprint.json", "media.tar.gz", "private.tar.gz"
    ]  # fmt: skip
    settings.ELASTICSEARCH_URL = ""  # the restored copy is read with the database engine too
    before = observe()
    word = str(first_news().title).split()[-1]

    # The restore: the database into a new one, the files into new folders.
    subprocess.run(  # noqa: S603
        [
            "pg_restore",  # noqa: S607
            "--no-owner",
            "--exit-on-error",
            f"--dbname={restored_database}",
            run / "database.dump",
        ],
        env=libpq_environment(),
        check=True,
        timeout=300,
    )
    media, private = tmp_path / "media", tmp_path / "private"
    for folder, tarball in ((media, "media.tar.gz"), (private, "private.tar.gz")):
        folder.mkdir()
        subprocess.run(["tar", "-C", folder, "-xzf", run / tarball], check=True, timeout=300)  # noqa: S603, S607
    restored_files = {"MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)}
    fingerprint = run / "fingerprint.json"

    verified = on_restored(
        restored_database,
        *("manage.py", "verify_restore", "--against", str(fingerprint)),
        **restored_files,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "3 members" in verified.stdout and "every file present" in verified.stdout

    # What it serves, then the page index rebuilt and searched.
    after = probe(restored_database, word, **restored_files)
    assert after["pages"] == before["pages"]
    assert [page["status"] for page in after["pages"].values()] == [200, 200, 200, 200, 404]
    assert after["members"] == before["members"]
    assert len(after["registry_search"]) == 2
    found = after["site_search"]
    assert found["status"] == 200 and str(first_news().url) in found["links"]
    if os.environ.get("ELASTICSEARCH_URL"):
        rebuild_registry_index(restored_database, os.environ["ELASTICSEARCH_URL"])


def rebuild_registry_index(name: str, url: str) -> None:
    index = f"drill-{uuid.uuid4().hex[:8]}"
    elastic = {"ELASTICSEARCH_URL": url, "SEARCH_INDEX": index, "SEARCH_INDEX_REPLICAS": "0"}
    try:
        rebuilt = on_restored(name, "manage.py", "search_index", "rebuild", **elastic)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "Indexed 3 members" in rebuilt.stdout
        checked = on_restored(name, "manage.py", "search_index", "verify", **elastic)
        assert checked.returncode == 0 and "No drift" in checked.stdout, checked.stdout
    finally:
        client = Elasticsearch(url, request_timeout=10)
        if client.indices.exists_alias(name=index):
            for behind in client.indices.get_alias(name=index):
                client.indices.delete(index=behind, ignore_unavailable=True)
