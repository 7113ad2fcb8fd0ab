"""The administrator's files in deploy/: they name every setting, run the commands the tests
run, and nginx accepts its site (when nginx is installed)."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.test_env import variables_read

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Read by the tests, by Django itself, or only on a developer's machine.
NOT_FOR_PRODUCTION = {"DEBUG", "TESTING", "DEMO_PASSWORD", "DJANGO_SETTINGS_MODULE"}
SET_BY_THE_SUITE = {"DEBUG", "TESTING", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_the_example_environment_names_every_setting():
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    settings = {
        name
        for name, where in variables_read().items()
        if not where.startswith(("tests", "bench")) and name not in NOT_FOR_PRODUCTION
    }
    assert settings - named == set()


def test_the_example_environment_reads_in_a_shell_as_systemd_reads_it(tmp_path):
    """deploy/backup.sh sources the file that systemd reads: quoted values come out the same."""
    script = 'set -a; . "$1"; printf "%s\\n" "$DEFAULT_FROM_EMAIL" "$PROVINCE_NAME"'
    result = subprocess.run(
        ["bash", "-c", script, "bash", DEPLOY / "env.example"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    assert result.stdout.splitlines() == [
        "Quê Hương Hà Tĩnh <no-reply@quehuong.example.gov.vn>",
        "Hà Tĩnh",
    ]


def test_the_web_unit_runs_the_gunicorn_configuration_the_tests_load():
    unit = (DEPLOY / "systemd" / "quehuong-web.service").read_text(encoding="utf-8")
    assert "ExecStart=/srv/quehuong/venv/bin/gunicorn -c config/gunicorn.py config.wsgi" in unit
    for name in ("web", "worker", "scheduler"):
        unit = (DEPLOY / "systemd" / f"quehuong-{name}.service").read_text(encoding="utf-8")
        for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
            assert hardening in unit, (name, hardening)
        assert "EnvironmentFile=/etc/quehuong/env" in unit and "Restart=on-failure" in unit


def test_nginx_never_logs_a_query_string_nor_serves_private_files():
    site = (DEPLOY / "nginx" / "quehuong.conf").read_text(encoding="utf-8")
    directives = "\n".join(line.split("#")[0] for line in site.splitlines())
    assert "$request_uri" not in directives.replace(
        "return 301 https://quehuong.example.gov.vn$request_uri", ""
    )
    assert "$request " not in directives and "$args" not in directives
    assert "private" not in directives
    assert "X-Forwarded-Proto $scheme" in directives


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_site(tmp_path):
    """`nginx -t` on the site as shipped, with a throwaway certificate and log folder."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=quehuong.example.gov.vn",
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        capture_output=True,
        check=True,
        timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "quehuong.conf").read_text(encoding="utf-8")
    site = re.sub(r"/etc/letsencrypt/live/[^/]+/fullchain\.pem", str(tmp_path / "cert.pem"), site)
    site = re.sub(r"/etc/letsencrypt/live/[^/]+/privkey\.pem", str(tmp_path / "key.pem"), site)
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temporary = "".join(
        f" {kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log {tmp_path}/access.log;\n{temporary}"
        f" include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_manage_sh_runs_a_command_with_the_environment_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text(
        "DEBUG=true\nSITE_NAME='Quê Hương thử'\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\n",
        encoding="utf-8",
    )
    script = "from django.conf import settings; print(settings.SITE_NAME)"
    result = subprocess.run(
        [DEPLOY / "manage.sh", "shell", "-c", script],
        env={
            **{k: v for k, v in os.environ.items() if k not in SET_BY_THE_SUITE},
            "ENV_FILE": str(env_file),
            "APP_DIR": str(ROOT),
            "PYTHON": sys.executable,
            "SERVICE_USER": getpass.getuser(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Quê Hương thử"
