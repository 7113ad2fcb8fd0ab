"""The Elasticsearch stand-in the tests start (noida-db on loopback), and its guaranteed end.

A test run can be killed outright (SIGKILL, a CI timeout, a closed terminal) without running any
`finally`. So each stand-in gets a watchdog: a tiny process holding the read end of a pipe whose
write end only this test process holds. When the test process ends, however it ends, the kernel
closes that end; the watchdog reads end-of-file and kills the stand-in's whole process group.
No orphaned server is left listening.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Runs in the watchdog: wait for end-of-file on stdin, then end the stand-in's process group.
WATCHDOG = """
import os, signal, sys
sys.stdin.buffer.read()
try:
    os.killpg(int(sys.argv[1]), signal.SIGKILL)
except ProcessLookupError:
    pass
"""

# The write end of each stand-in's watchdog pipe, by the stand-in's process id.
_lifelines: dict[int, int] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    process = subprocess.Popen(  # noqa: S603 - our own virtualenv's binary, fixed arguments
        [binary, "start", "--only", "elasticsearch"]
        + ["--elasticsearch-port", str(port), "--data-dir", data_dir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the server it spawns stops with it
    )
    read_end, write_end = os.pipe()  # neither end is inherited by later children (PEP 446)
    subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", WATCHDOG, str(process.pid)],
        stdin=read_end,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # outside the group it kills, and outside the test run's
    )
    os.close(read_end)
    _lifelines[process.pid] = write_end
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
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    lifeline = _lifelines.pop(process.pid, None)
    if lifeline is not None:
        os.close(lifeline)  # its watchdog finds nothing left to kill and exits
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
