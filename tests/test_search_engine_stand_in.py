"""The Elasticsearch stand-in never outlives the test run that started it, even a killed one."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.search_engine import free_port

ROOT = Path(__file__).resolve().parents[1]

# A stand-in for a test run: starts the server as the fixture does, says on which port, waits.
RUN = """
import sys, time
from tests.search_engine import start_noida
server = start_noida(int(sys.argv[1]), sys.argv[2])
print(server.pid, flush=True)
time.sleep(600)
"""


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(bool(os.environ.get("ELASTICSEARCH_URL")), reason="a given server is not ours")
def test_a_killed_test_run_leaves_no_server_listening():

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="noida-orphan-") as data_dir:
        run = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", RUN, str(port), data_dir],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        assert run.stdout is not None
        server = int(run.stdout.readline())
        try:
            assert answers(port)

            run.send_signal(signal.SIGKILL)  # no finally, no atexit: as a CI timeout would
            run.wait(timeout=10)

            deadline = time.monotonic() + 15
            while answers(port) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not answers(port), "the stand-in outlived the killed test run"
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server, signal.SIGKILL)  # when this test fails, not the next run's
