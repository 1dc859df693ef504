# school-improvement: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/school_improvement
DEMO_DIR ?= var/demo

.PHONY: run test test-sqlite test-postgres install deps frontend migrate demo serve lint typecheck importlint bench browsers clean

## run: install everything, migrate, load the demo area, create demo accounts, serve :8000
run: install migrate demo serve

## test: the whole suite on SQLite, then on PostgreSQL if a server answers on 127.0.0.1:5432
test: install lint typecheck importlint test-sqlite test-postgres

install: deps frontend

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

deps: $(UV)
	$(UV) sync --frozen --quiet

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

frontend: node_modules/.package-lock.json
	npm run --silent build

migrate:
	$(PY) manage.py migrate --no-input -v 0

demo:
	$(PY) manage.py demo_setup --out $(DEMO_DIR)

serve:
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test-sqlite:
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -q

test-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL=$(PG_URL) $(PY) -m pytest -q; \
	else \
		echo "== PostgreSQL not answering on 127.0.0.1:5432: PostgreSQL run skipped =="; \
	fi

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy config school_improvement engines

importlint:
	$(VENV)/bin/lint-imports --no-cache

## bench: national-size GIAS (SQLite and PostgreSQL) and official-data imports, categorisation, allocation (LA and national); writes docs/benchmarks.md
bench: install
	$(PY) -m bench.gias
	$(PY) -m bench.official
	$(PY) -m bench.categorise
	$(PY) -m bench.allocation

## browsers: Debian's chromium for the browser tests (needs root and apt)
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) $(TOOLS) node_modules build .pytest_cache .mypy_cache .ruff_cache
