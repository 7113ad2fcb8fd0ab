"""The gate's size, seed, time limit and route set: the environment variables it reads."""

from __future__ import annotations

import os

SEED = int(os.environ.get("FUZZ_SEED", "20250611"))
# Requests in all: the discovery's GETs (each route as each persona), then generated ones.
BUDGET = int(os.environ.get("FUZZ_REQUESTS", "10000"))
# Wagtail's own admin screens tried per run, out of ~300 (ours are always all tried).
WAGTAIL_ADMIN_SAMPLE = int(os.environ.get("FUZZ_WAGTAIL_ADMIN_ROUTES", "40"))
# Past this, no new target starts and the gate fails (a slower gate must be seen, not paid).
MAX_SECONDS = float(os.environ.get("FUZZ_MAX_SECONDS", "900"))
