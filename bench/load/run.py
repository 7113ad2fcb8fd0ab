"""Load test: gunicorn with production settings on loopback, three kinds of people, stepped up.

    .venv/bin/python bench/load/run.py [--steps 10,20,40,60,80,100,130,160] [--measure 60]
        [--settle 20] [--workers N] [--members 100000] [--skip-setup]

Uses PostgreSQL database `quehuong_load` (created if missing) and Redis DB 2 unless DATABASE_URL /
REDIS_URL say otherwise. Migrates, loads the demo, tops the registry up to --members synthetic
members (once: kept between runs), collects static files, makes the load accounts and the plan
(bench/load/prepare.py), starts `gunicorn config.wsgi -c config/gunicorn.py` (DEBUG off, CONN_MAX_AGE 60 as the README
advises, plain HTTP so SECURE_SSL_REDIRECT off; nothing else relaxed), then runs one headless
locust process (bench/load/locustfile.py) that steps the number of simulated people up until the
p95 of the public pages passes 200 ms. Prints a table and writes it to var/load/summary.txt
(the raw numbers to var/load/result.json). Locust shares the 2 cores with the server: its own CPU
use is in the table ("locust" cores busy).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "load"
PY = sys.executable
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/quehuong_load"
REDIS_URL = "redis://127.0.0.1:6379/2"
CLASSES = ("public", "member", "officer")


def server_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DATABASE_URL)
    env.setdefault("REDIS_URL", REDIS_URL)
    env.update(
        DEBUG="false",
        TESTING="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback, no TLS proxy in front
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "60"),
        EMAIL_BACKEND="locmem",
        BASE_URL=f"http://127.0.0.1:{port}",
    )
    return env


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')  # a name we chose, not input


def member_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM registry_member").fetchone()
        return int(row[0]) if row else 0


def manage(env: dict[str, str], *args: str) -> None:
    print("$ manage.py " + " ".join(args), flush=True)
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def set_up(env: dict[str, str], members: int, password: str) -> None:
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    have = member_count(env["DATABASE_URL"])
    if have == 0:
        manage(env, "load_demo")
        have = member_count(env["DATABASE_URL"])
    if have < members:
        manage(env, "generate_members", str(members - have), "--seed", str(have))
    manage(env, "collectstatic", "--noinput", "-v0")
    subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [PY, "bench/load/prepare.py", "--plan", str(VAR / "plan.json"), "--password", password],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    """gunicorn as production runs it: the shipped configuration (config/gunicorn.py: gthread
    workers, preload), with the bind and the number of workers from its environment variables."""
    command = [
        str(Path(PY).parent / "gunicorn"),
        "config.wsgi",
        f"--config={ROOT / 'config' / 'gunicorn.py'}",
        f"--error-logfile={VAR / 'gunicorn.log'}",
        "--access-logfile=/dev/null",
    ]
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    print("$ " + " ".join(command), flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our venv, fixed args
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within a minute (var/load/gunicorn.log)")


def run_locust(env: dict[str, str], port: int, args: argparse.Namespace) -> None:
    locust_env = {
        **env,
        "LOAD_PLAN": str(VAR / "plan.json"),
        "LOAD_RESULT": str(VAR / "result.json"),
        "LOAD_STEPS": args.steps,
        "LOAD_SETTLE": str(args.settle),
        "LOAD_MEASURE": str(args.measure),
        "LOAD_OFFICERS": str(args.officers),
    }
    command = [
        str(Path(PY).parent / "locust"),
        "-f",
        "bench/load/locustfile.py",
        "--headless",
        f"--host=http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel=WARNING",
    ]
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env=locust_env, check=False)  # noqa: S603


def table(result: dict[str, Any]) -> str:
    lines = [
        f"{'users':>5} {'class':<8} {'rps':>6} {'p50':>5} {'p95':>5} {'p99':>5} {'errors':>6}"
        "   cores busy: machine = gunicorn + postgres + locust + other"
    ]
    for step in result["steps"]:
        cores = step["cores_busy"]
        other = cores["machine"] - cores["gunicorn"] - cores["postgres"] - cores["locust"]
        busy = (
            f"{cores['machine']:.2f} = {cores['gunicorn']:.2f} + {cores['postgres']:.2f}"
            f" + {cores['locust']:.2f} + {max(0.0, other):.2f}"
        )
        for number, kind in enumerate((*CLASSES, "sign-in")):
            row = step["classes"].get(kind)
            if row is None:
                continue
            lines.append(
                f"{step['users']:>5} {kind:<8} {row['rps']:>6} {row['p50']:>5} {row['p95']:>5}"
                f" {row['p99']:>5} {row['errors']:>6}" + (f"   {busy}" if number == 0 else "")
            )
        lines.append(f"{'':>5} {'all':<8} {step['rps']:>6}")
    lines.append(f"errors over the whole run (sign-ins included): {result['errors_all_run'] or 0}")
    lines.extend(f"  {error}" for error in result["first_errors"])
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="10,20,40,60,80,100,130,160")
    parser.add_argument("--settle", type=float, default=20)
    parser.add_argument("--measure", type=float, default=60)
    parser.add_argument("--workers", type=int, default=0, help="default: config/gunicorn.py's")
    parser.add_argument("--officers", type=int, default=2)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-setup", action="store_true", help="the database is ready")
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    env = server_env(args.port)
    password = secrets.token_urlsafe(16)
    plan = VAR / "plan.json"
    if args.skip_setup and plan.exists():
        password = json.loads(plan.read_text(encoding="utf-8"))["password"]
    else:
        set_up(env, args.members, password)
    server = start_gunicorn(env, args.port, args.workers)
    try:
        run_locust({**env, "LOAD_SERVER_PID": str(server.pid)}, args.port, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result = json.loads((VAR / "result.json").read_text(encoding="utf-8"))
    summary = (
        f"gunicorn (config/gunicorn.py, workers {args.workers or 'default'}), 1 locust process, registry of "
        f"{json.loads(plan.read_text(encoding='utf-8'))['registry_size']:,} members; "
        f"{args.settle:.0f} s settle + {args.measure:.0f} s measured per step; times in ms\n"
        + table(result)
    )
    (VAR / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    print(summary)


if __name__ == "__main__":
    main()
