# The few commands people type. Everything installs into .venv from the project's own files.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test test-fast lint format bench fuzz clean setup

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "planwatch needs Python >= 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## make run: set up, migrate, load the demo data once, serve at http://127.0.0.1:8000/ with the job worker
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(PY) manage.py load_demo --if-empty
	@# the job workers (scanned PDFs; long reports and Strategy suggestions) run beside the server and stop with it
	$(PY) manage.py run_import_jobs --loop & imports=$$!; \
	$(PY) manage.py run_report_jobs --loop & reports=$$!; \
	trap 'kill $$imports $$reports 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: lint, then the whole suite on SQLite and (when reachable) PostgreSQL
test: $(STAMP)
	$(PY) -m ruff check src tests
	$(PY) -m ruff format --check src tests
	$(VENV)/bin/lint-imports
	$(PY) scripts/run_tests.py

test-fast: $(STAMP)
	$(PY) -m pytest -q -x -m "not browser"

lint: $(STAMP)
	$(PY) -m ruff check src tests

format: $(STAMP)
	$(PY) -m ruff format src tests
	$(PY) -m ruff check --fix src tests

bench: $(STAMP)
	$(PY) bench/run.py

fuzz: $(STAMP)
	$(PY) -m pytest -q tests/fuzz --hypothesis-profile=fuzz -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
