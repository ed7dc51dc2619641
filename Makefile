# Two commands for a fresh machine:  make run  (platform with demo data)  and  make test  (the whole suite).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: the suite runs on both cores (pytest-xdist); PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= 2

.PHONY: run test install uv node chromium lint messages

run: install
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py load_demo
	$(UV) run python manage.py runserver $(HOST):$(PORT)

test: install chromium
	$(UV) run pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

install: uv node
	$(UV) sync --frozen

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

node:
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed (Node.js 20+): apt-get install -y nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

# Browser tests drive Debian's Chromium and the file round-trip tests GDAL's ogr2ogr (gdal-bin); install
# them when we may (root), otherwise those tests skip with a reason.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! command -v ogr2ogr >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gdal-bin >/dev/null; \
	  else echo "Chromium or gdal-bin is missing and we are not root: browser and GDAL tests will be skipped."; fi; \
	fi

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run python manage.py makemigrations --check --dry-run

# Regenerate translation catalogues (needs GNU gettext); the compiled .mo files are committed.
messages:
	$(UV) run python manage.py makemessages -l en --ignore=node_modules --ignore=.venv
	$(UV) run python manage.py compilemessages -l en --ignore=node_modules --ignore=.venv
