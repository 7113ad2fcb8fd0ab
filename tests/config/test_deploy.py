"""Production settings pass Django's deployment checks and send the security headers."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="quehuong.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    env.pop("REDIS_URL", None)
    return env


def run_in_production(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


HEADERS_SCRIPT = """
import json, sys, django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="quehuong.example").get("/healthz", secure=sys.argv[1] == "https")
print(json.dumps({"status": response.status_code, **{k.lower(): v for k, v in response.items()}}))
"""


def production_response(tmp_path: Path, scheme: str) -> dict[str, str]:
    result = run_in_production(tmp_path, "-c", HEADERS_SCRIPT, scheme)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def script_sources(csp: str) -> str:
    return csp.split("script-src")[1].split(";")[0]


def test_it_passes_the_deploy_check(tmp_path):
    result = run_in_production(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_sends_the_security_headers_in_production(tmp_path):
    headers = production_response(tmp_path, "https")
    assert headers["status"] == 200
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp
    assert script_sources(csp).strip() == "'self'"


def test_it_redirects_plain_http_to_https_in_production(tmp_path):
    headers = production_response(tmp_path, "http")
    assert headers["status"] == 301
    assert headers["location"].startswith("https://quehuong.example/")


@pytest.mark.django_db
def test_only_the_admin_may_run_inline_scripts(client):
    public = client.get("/healthz")["Content-Security-Policy"]
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in script_sources(public)
    assert "'unsafe-inline'" in script_sources(admin)
