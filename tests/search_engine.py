"""The Elasticsearch stand-in the tests start (noida-db on loopback), and its guaranteed end
(a watchdog, tests/processes.py: no orphaned server is left listening after a killed run)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import end_guarded, free_port, start_guarded

__all__ = ["free_port", "start_noida", "stop_noida", "wait_for_http"]


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"search engine did not answer at {url}")


def start_noida(port: int, data_dir: str) -> subprocess.Popen[bytes]:
    """noida-db speaking the Elasticsearch 8 API on loopback; returns once it answers."""
    binary = shutil.which("noida-db") or str(Path(sys.executable).with_name("noida-db"))
    process = start_guarded(
        [binary, "start", "--only", "elasticsearch"]
        + ["--elasticsearch-port", str(port), "--data-dir", data_dir]
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}", timeout=30)
    except RuntimeError:
        stop_noida(process)
        raise
    return process


def stop_noida(process: subprocess.Popen[bytes]) -> None:
    """Stops the stand-in and returns once its port no longer answers (the server it spawned
    can outlive the launcher by a moment)."""
    args = [str(arg) for arg in process.args]  # type: ignore[union-attr]
    port = int(args[args.index("--elasticsearch-port") + 1])
    end_guarded(process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the search stand-in still answers on port {port}")


@contextmanager
def running_noida() -> Iterator[str]:
    """The stand-in on a free port, in a data folder of its own, for as long as the block runs:
    its URL."""
    data_dir = tempfile.mkdtemp(prefix="noida-")
    port = free_port()
    process = start_noida(port, data_dir)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_noida(process)
        shutil.rmtree(data_dir, ignore_errors=True)
