"""The load test's steps and what is measured in each (imported by the locustfile).

One locust process steps the number of simulated people up (`SteppedLoad`): each step first lets
the new people arrive and sign in (`settle` seconds at least, and until no one has signed in for
a few seconds: a sign-in costs a password hash), then measures for `measure` seconds. After each step the p95 of the public pages is
checked; the test stops after the first step above the limit, or after the last step.

`Recorder` keeps every response time of the measured window by class of request (the prefix of
the request's name: "public", "member", "officer"; sign-ins apart), the errors of the whole run,
and the CPU seconds the machine, the gunicorn processes, PostgreSQL and locust itself spent.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")
SIGN_IN_QUIET = 5.0  # seconds without a sign-in before a step is measured


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted `values` (0 when there are none)."""
    if not values:
        return 0.0
    return values[max(0, math.ceil(len(values) * share) - 1)]


def request_class(name: str) -> str:
    if " login" in name or " code" in name:
        return "sign-in"
    return name.split(" ", 1)[0]


def process_cpu() -> dict[str, float]:
    """CPU seconds used so far: the whole machine (busy time), and per process of gunicorn and
    of the PostgreSQL backends serving the load database (their title names the database)."""
    server = int(os.environ.get("LOAD_SERVER_PID", "0"))
    database = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    used = {"machine": (sum(fields) - fields[3] - fields[4]) / TICKS}  # all but idle and iowait
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text(encoding="ascii", errors="replace")
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        rest = raw[raw.rindex(")") + 2 :].split()
        pid, ppid, seconds = int(entry.name), int(rest[1]), (int(rest[11]) + int(rest[12])) / TICKS
        if server and server in (pid, ppid):
            used[f"gunicorn:{pid}"] = seconds
        elif title.startswith("postgres: ") and f" {database} " in title:
            used[f"postgres:{pid}"] = seconds
    return used


def cores_busy(
    before: dict[str, float], after: dict[str, float], elapsed: float
) -> dict[str, float]:
    """Cores busy on average between two `process_cpu()` readings, by kind of process (a process
    that started in between counts from zero, one that ended is lost)."""
    busy = {"machine": 0.0, "gunicorn": 0.0, "postgres": 0.0}
    for key, seconds in after.items():
        busy[key.split(":")[0]] += seconds - before.get(key, 0.0)
    return {kind: round(seconds / elapsed, 2) for kind, seconds in busy.items()}


@dataclass
class Window:
    users: int
    started: float = field(default_factory=time.monotonic)
    cpu: dict[str, float] = field(default_factory=process_cpu)
    locust_cpu: float = field(default_factory=time.process_time)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        elapsed = time.monotonic() - self.started
        cpu_now = process_cpu()
        classes = {}
        for name in sorted(set(self.times) | set(self.errors)):
            values = sorted(self.times.get(name, []))
            classes[name] = {
                "requests": len(values),
                "rps": round(len(values) / elapsed, 1),
                "p50": round(percentile(values, 0.50)),
                "p95": round(percentile(values, 0.95)),
                "p99": round(percentile(values, 0.99)),
                "errors": self.errors.get(name, 0),
            }
        every = [value for values in self.times.values() for value in values]
        return {
            "users": self.users,
            "seconds": round(elapsed, 1),
            "rps": round(len(every) / elapsed, 1),
            "classes": classes,
            # Cores busy on average (2.0 = both cores all the time).
            "cores_busy": {
                **cores_busy(self.cpu, cpu_now, elapsed),
                "locust": round((time.process_time() - self.locust_cpu) / elapsed, 2),
            },
        }


class Recorder:
    def __init__(self) -> None:
        self.window: Window | None = None
        self.steps: list[dict[str, Any]] = []
        self.errors_all_run: dict[str, int] = {}
        self.last_sign_in = 0.0
        self.first_errors: list[str] = []

    def on_request(self, name: str, response_time: float, exception: Any, **_: Any) -> None:
        kind = request_class(name)
        if kind == "sign-in":
            self.last_sign_in = time.monotonic()
        if exception is not None:
            self.errors_all_run[kind] = self.errors_all_run.get(kind, 0) + 1
            if len(self.first_errors) < 20:
                self.first_errors.append(f"{name}: {exception}")
        if self.window is None:
            return
        if exception is not None:
            self.window.errors[kind] = self.window.errors.get(kind, 0) + 1
        else:
            self.window.times.setdefault(kind, []).append(response_time)

    def open(self, users: int) -> None:
        self.window = Window(users)

    def close(self) -> dict[str, Any]:
        assert self.window is not None
        step = self.window.summary()
        self.window = None
        self.steps.append(step)
        return step

    def write(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "steps": self.steps,
                    "errors_all_run": self.errors_all_run,
                    "first_errors": self.first_errors,
                },
                indent=1,
            ),
            encoding="utf-8",
        )


@dataclass
class StepPlan:
    users: list[int]
    settle: float
    measure: float
    p95_limit: float
    spawn_rate: float

    @classmethod
    def from_env(cls) -> StepPlan:
        return cls(
            users=[int(n) for n in os.environ.get("LOAD_STEPS", "10,20,40").split(",")],
            settle=float(os.environ.get("LOAD_SETTLE", "20")),
            measure=float(os.environ.get("LOAD_MEASURE", "60")),
            p95_limit=float(os.environ.get("LOAD_P95_LIMIT", "200")),
            spawn_rate=float(os.environ.get("LOAD_SPAWN_RATE", "10")),
        )


class Stepper:
    """Where the run is: which step, settling or measuring, and when to stop."""

    def __init__(self, plan: StepPlan, recorder: Recorder) -> None:
        self.plan, self.recorder = plan, recorder
        self.index = 0
        self.step_started: float | None = None
        self.window_opened = 0.0

    def tick(self) -> tuple[int, float] | None:
        now = time.monotonic()
        if self.step_started is None:
            self.step_started = now
        users = self.plan.users[self.index]
        elapsed = now - self.step_started
        # Measured once the step's new people have arrived and signed in (a sign-in hashes a
        # password: 0.3 s or more of a worker's CPU).
        quiet = now - self.recorder.last_sign_in >= SIGN_IN_QUIET
        if elapsed >= self.plan.settle and quiet and self.recorder.window is None:
            self.recorder.open(users)
            self.window_opened = now
        if self.recorder.window is not None and now - self.window_opened >= self.plan.measure:
            step = self.recorder.close()
            public = step["classes"].get("public", {})
            print(json.dumps(step), flush=True)
            self.index += 1
            self.step_started = now
            if public.get("p95", 0) > self.plan.p95_limit or self.index >= len(self.plan.users):
                return None
            users = self.plan.users[self.index]
        return users, self.plan.spawn_rate
