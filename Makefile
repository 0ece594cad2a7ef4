# SaferVoice: `make run` serves the demo on SQLite; `make test` installs what tests need and runs everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi.py $(VENV)/bin/flask
PYTEST_ARGS ?=
# Tests run in parallel, one process per core (pytest-xdist); each has its own database, live-server ports and
# temporary folders, and tests sharing something outside (a Redis database) are one xdist_group on one worker.
# PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto
PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: install install-dev assets run test test-postgres lint audit chromium clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

app/static/dist/main.css: node_modules/.installed app/assets/scss/main.scss scripts/copy-assets.js
	npm run --silent build

install: $(VENV)/.installed app/static/dist/main.css

install-dev: install $(VENV)/.installed-dev chromium

assets: app/static/dist/main.css

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null)

run: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@echo "Serving SaferVoice on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -q -c pyproject.toml -r app -ll

# Known vulnerabilities in the pinned requirements.txt (pip-audit); passes with a message when offline.
audit: install-dev
	$(PY) scripts/audit_dependencies.py

test: install-dev lint
	SAFERVOICE_FAIL_ON_SKIP=1 $(VENV)/bin/pytest $(PARALLEL) $(PYTEST_ARGS)

test-postgres: install-dev
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	  SAFERVOICE_FAIL_ON_SKIP=1 $(VENV)/bin/pytest $(PARALLEL) tests/integration tests/security $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules app/static/dist instance/*.db
