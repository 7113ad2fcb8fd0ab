"""Servers the tests start as processes (the Elasticsearch stand-in, gunicorn, the worker, the
scheduler), and their guaranteed end.

A test run can be killed outright (SIGKILL, a CI timeout, a closed terminal) without running any
`finally`. So each process gets a watchdog: a tiny process holding the read end of a pipe whose
write end only this test process holds. When the test process ends, however it ends, the kernel
closes that end; the watchdog reads end-of-file and kills the server's whole process group.
No orphaned server is left listening.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

# Runs in the watchdog: wait for end-of-file on stdin, then end the server's process group.
WATCHDOG = """
import os, signal, sys
sys.stdin.buffer.read()
try:
    os.killpg(int(sys.argv[1]), signal.SIGKILL)
except ProcessLookupError:
    pass
"""

# The write end of each server's watchdog pipe, by the server's process id.
_lifelines: dict[int, int] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_guarded(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    output: IO[bytes] | int = subprocess.DEVNULL,
) -> subprocess.Popen[bytes]:
    """Start `args` in a process group of its own, watched so that it never outlives the tests."""
    process = subprocess.Popen(  # noqa: S603 - the tests' own commands, fixed arguments
        list(args),
        env=env,
        cwd=cwd,
        stdout=output,
        stderr=subprocess.STDOUT if output != subprocess.DEVNULL else subprocess.DEVNULL,
        start_new_session=True,  # its own process group: what it spawns stops with it
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
    return process


def end_guarded(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Send `sig` to the process group, wait for the end (SIGKILL after 10 s), drop the watch."""
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    lifeline = _lifelines.pop(process.pid, None)
    if lifeline is not None:
        os.close(lifeline)  # its watchdog finds nothing left to kill and exits
