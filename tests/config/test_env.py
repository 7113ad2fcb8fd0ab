import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envint, envlist, envsecret, envurl

ROOT = Path(__file__).resolve().parents[2]


def test_it_reads_booleans(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert envbool("FLAG", True) is False


def test_it_refuses_a_malformed_boolean(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        envbool("FLAG", False)


def test_it_refuses_a_malformed_integer(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        envint("PORT", 1)


def test_it_refuses_a_url_with_the_wrong_scheme(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/x")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        envurl("DATABASE_URL", ("sqlite", "postgres"))


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert envlist("HOSTS", []) == ["a.example", "b.example"]


def test_it_requires_a_long_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        envsecret("SECRET_KEY", required=True)


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({"ALLOWED_HOSTS": "quehuong.example"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_in_subprocess({"SECRET_KEY": "k" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_a_bad_database_url_stops_start_up():
    result = _settings_in_subprocess({"DEBUG": "true", "DATABASE_URL": "oracle://x"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


ENV_READ = re.compile(
    r"""(?:env(?:str|bool|int|float|list|url|secret)\(\s*|os\.environ(?:\.get|\.setdefault)?[(\[]\s*|getenv\(\s*)"([A-Z][A-Z0-9_]+)\""""
)


def variables_read() -> dict[str, str]:
    """Every environment variable the project's code and tests read, with one file reading it."""
    found: dict[str, str] = {}
    folders = ["config", "accounts", "cms", "registry", "search", "operations", "tests", "bench"]
    for path in [ROOT / "manage.py", *(p for f in folders for p in (ROOT / f).rglob("*.py"))]:
        if path == Path(__file__).resolve():  # this file reads made-up names on purpose
            continue
        for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_environment_variable_is_documented_in_the_readme():
    """Operators read the README, not settings.py: a variable read but not named there fails."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    read = variables_read()
    assert {"DATABASE_URL", "STAFF_MFA_REQUIRED", "FUZZ_SEED"} <= read.keys()  # the scan sees them
    missing = {name: where for name, where in read.items() if f"`{name}`" not in readme}
    assert not missing, f"read but not in README.md: {missing}"
