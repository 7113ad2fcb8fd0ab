# Quê Hương — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Local runs: debug on, SQLite, local-memory cache, database search, console email.
LOCAL := DEBUG=true

.PHONY: help install pdf-libraries lock run serve migrate demo codes test test-fast browser lint format messages clean

help:
	@echo "make run    - install, migrate, load the demo and serve on http://127.0.0.1:8000"
	@echo "make test   - install what the tests need (Chromium included) and run the whole suite"
	@echo "make lint   - ruff and mypy"

# Exactly the versions the tests ran with, each checked against its hash (requirements.lock);
# then the project itself, without touching them.
$(STAMP): requirements.lock pyproject.toml
	@$(MAKE) --no-print-directory pdf-libraries
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $(STAMP)

# After changing a dependency in pyproject.toml: pin the whole set again, with hashes.
lock: install
	$(VENV)/bin/pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

install: $(STAMP)

migrate: install
	$(LOCAL) $(PY) manage.py migrate --noinput

demo: migrate
	# Loading is a batch job of its own: its index tasks run as it goes, not queued for the worker.
	TASKS_BACKEND=immediate $(LOCAL) $(PY) manage.py load_demo

codes: install
	@$(LOCAL) $(PY) manage.py demo_codes

run: demo
	@echo
	@echo "  Serving on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@echo "  with the background worker and the scheduler beside it; Ctrl-C stops all three"
	@echo
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(LOCAL) $(PY) manage.py worker & \
	$(LOCAL) $(PY) manage.py scheduler & \
	$(LOCAL) $(PY) manage.py runserver 127.0.0.1:8000

# Pango and HarfBuzz's subsetter, which WeasyPrint loads when the site starts (trips' PDFs).
pdf-libraries:
	@if ! /sbin/ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! /sbin/ldconfig -p | grep -q libharfbuzz-subset.so.0; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
		else \
			echo "Pango is missing: run 'sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0' (the site's PDFs need it)"; exit 1; \
		fi; \
	fi

# Debian's Chromium for the browser tests (never Playwright's own download: no network here), and
# the libraries WeasyPrint needs for trips' PDFs, with poppler-utils to read them in the tests.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ] || ! /sbin/ldconfig -p | grep -q libpangoft2-1.0.so.0; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext fonts-noto-cjk \
				libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils >/dev/null; \
		else \
			echo "Missing: run 'sudo apt-get install -y chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils' (browser tests, trips' PDFs)"; exit 1; \
		fi; \
	fi

# The whole suite on DATABASE_URL (PostgreSQL on CI) and, beside it on the second core, the
# fuzzing gate on SQLite, so that the gate has run on both databases (tests/security/test_fuzz.py).
# The SQLite run keeps to local memory for its cache: the suite clears the shared Redis.
test: install browser
	@sqlite_gate=""; \
	if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		mkdir -p var; \
		env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -m fuzz tests/security -p no:cacheprovider \
			> var/fuzz-sqlite.log 2>&1 & sqlite_gate=$$!; \
		echo "Fuzzing gate on SQLite started beside the suite (its output: var/fuzz-sqlite.log)"; \
	fi; \
	$(PY) -m pytest; suite=$$?; gate=0; \
	if [ -n "$$sqlite_gate" ]; then \
		wait $$sqlite_gate; gate=$$?; \
		echo "Fuzzing gate on SQLite:"; tail -n 25 var/fuzz-sqlite.log; \
	fi; \
	exit $$(( suite || gate ))

test-fast: install
	$(PY) -m pytest -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(LOCAL) $(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refresh the catalogues after changing interface text, then translate locale/vi and locale/en.
messages: install
	$(LOCAL) $(PY) manage.py makemessages --no-obsolete --no-location -l vi -l en -l fr -l ru -l ja -l ko -l zh_Hans -i '.venv/*' -i 'var/*' -i 'tests/*' -i 'bench/*'
	$(PY) locale/translate.py
	$(LOCAL) $(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .mypy_cache .ruff_cache
