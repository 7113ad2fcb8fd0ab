"""The production web server's configuration (config/gunicorn.py) loads, serves the site, and
its access log names each request's id and nothing a person typed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.search_engine import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
EMAIL = "an.nguyen@example.com"


def gunicorn_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.pop("REDIS_URL", None)
    return {
        **env,
        "TESTING": "true",  # the suite's defaults for hosts and the secret key
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        **extra,
    }


def test_the_configuration_loads_with_the_application(tmp_path):
    result = subprocess.run(
        [*GUNICORN[:3], "--check-config", *GUNICORN[3:]],
        cwd=ROOT,
        env=gunicorn_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def get(url: str, request_id: str | None = None) -> tuple[int, str]:
    headers = {"X-Request-ID": request_id} if request_id else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server
        return response.status, response.headers["X-Request-ID"]


def serve_and_log(tmp_path: Path, log_format: str) -> tuple[list[str], str]:
    """Two requests to a real gunicorn; its output, and the id it gave the second one."""
    port = free_port()
    env = gunicorn_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        LOG_FORMAT=log_format,
    )
    output = tmp_path / "gunicorn.log"
    with output.open("w") as sink:
        server = subprocess.Popen(GUNICORN, cwd=ROOT, env=env, stdout=sink, stderr=sink)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                try:
                    get(f"{base}/healthz")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("gunicorn did not serve:\n" + output.read_text())
                    time.sleep(0.2)
            status, echoed = get(f"{base}/healthz?q={EMAIL}", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
            assert (status, echoed) == (200, "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
            status, generated = get(f"{base}/healthz?name=Nguy%E1%BB%85n")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    return output.read_text(encoding="utf-8").splitlines(), generated


def test_the_access_log_names_the_request_and_keeps_no_query_string(tmp_path):
    lines, generated = serve_and_log(tmp_path, "plain")
    access = [line for line in lines if '"GET /healthz HTTP/1.1" 200' in line]
    assert len(access) == 3, lines
    assert access[1].endswith("request_id=0a1b2c3d4e5f60718293a4b5c6d7e8f9")
    assert access[2].endswith(f"request_id={generated}")
    logged = "\n".join(lines)
    assert EMAIL not in logged and "q=" not in logged and "Nguy" not in logged


def test_the_access_log_can_be_json(tmp_path):
    lines, generated = serve_and_log(tmp_path, "json")
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert [e["request_id"] for e in access][1:] == ["0a1b2c3d4e5f60718293a4b5c6d7e8f9", generated]
    assert all('"GET /healthz HTTP/1.1" 200' in e["message"] for e in access)
    assert EMAIL not in "\n".join(lines)
