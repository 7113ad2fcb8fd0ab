"""The site as production runs it: gunicorn, the worker and the scheduler as processes of their
own, on the test database (PostgreSQL) and Redis, spoken to through real HTTP and SMTP.

The test's own writes must be committed for these processes to see them: tests using the stack
are transactional, and stop it before the database is flushed (the fixture's teardown).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection
from requests.adapters import HTTPAdapter

from tests.processes import end_guarded, free_port, start_guarded

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll `condition` until it returns something true; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"after {timeout} s still waiting for {what}")


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class FromAddress(HTTPAdapter):
    """Requests from one loopback address (127.0.0.x): each simulated visitor has an address of
    their own, as people do, so per-address rate limits see many people, not one."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Stack:
    def __init__(self, log_dir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_dir = log_dir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DEBUG": "false",
            "TESTING": "true",  # MD5 passwords as in the test process; cookies over plain HTTP
            "SECRET_KEY": "stack-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "BASE_URL": self.base_url,
            "DATABASE_URL": database_url(),
            "CACHE_KEY_PREFIX": f"stack{self.port}",
            "TASKS_BACKEND": "database",
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            **env,
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def command(self, role: str) -> list[str]:
        manage = [sys.executable, str(ROOT / "manage.py")]
        return {
            "web": [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--config",
                str(ROOT / "config" / "gunicorn.py"),
            ],
            "worker": [*manage, "worker", "--no-reload", "--interval", "0.2"],
            "scheduler": [*manage, "scheduler"],
        }[role]

    def start(self, *roles: str) -> None:
        for role in roles:
            log = (self.log_dir / f"{role}.log").open("ab")
            env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2"}
            self.processes[role] = start_guarded(self.command(role), env=env, cwd=ROOT, output=log)
        if "web" in roles:
            wait_until(self._answers, 60, "gunicorn to answer")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2):  # noqa: S310
                return True
        except OSError:
            return False

    def stop(self, role: str, sig: int = signal.SIGTERM) -> None:
        end_guarded(self.processes.pop(role), sig)

    def close(self) -> None:
        for role in list(self.processes):
            self.stop(role)

    def log(self, role: str) -> str:
        return (self.log_dir / f"{role}.log").read_text(errors="replace")

    def visitor(self, n: int = 1) -> requests.Session:
        """A browser-like session for visitor `n`, from loopback address 127.0.0.(n+1)."""
        session = requests.Session()
        session.mount("http://", FromAddress(f"127.0.0.{n % 250 + 2}"))
        return session


@pytest.fixture
def stack_factory(transactional_db: None, tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    if connection.vendor != "postgresql":
        pytest.skip("the production stack runs on PostgreSQL (CI sets DATABASE_URL)")
    made: list[Stack] = []

    def make(**env: str) -> Stack:
        made.append(Stack(tmp_path, env))
        return made[-1]

    yield make
    for stack in made:
        stack.close()
