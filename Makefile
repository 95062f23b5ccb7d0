# Marquee: `make run` to try it, `make test` to test it. `make help` lists the rest.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
ARTICLES ?= 10000
COMMENTS ?= 100000
PORT ?= 8000
# run and demo read .env (shell syntax) when it exists; the tests never do.
DOTENV := set -a; [ ! -f .env ] || . ./.env; set +a;

.DEFAULT_GOAL := help
.PHONY: help install sd-tools run demo load-data test test-fast lint format check bench bench-import clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the pinned requirements

sd-tools: ## Install the outside structured-data checkers (Node.js and npm; pinned in tools/structured-data)
	cd tools/structured-data && npm ci --ignore-scripts --no-audit --no-fund

demo: install ## Migrate and load the demo explainer (idempotent)
	@$(DOTENV) DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	@$(DOTENV) DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} \
		$(PY) manage.py load_demo
	@$(DOTENV) DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo_discussion

load-data: install ## Add a large synthetic site (ARTICLES=10000 COMMENTS=100000) to the database
	@$(DOTENV) DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	@$(DOTENV) DEBUG=$${DEBUG:-true} $(PY) manage.py make_load_data \
		--articles $(ARTICLES) --comments $(COMMENTS)

run: demo ## Install, migrate, load the demo and serve on http://127.0.0.1:8000/
	@echo "Serving Marquee on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@$(DOTENV) DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in two parts: what needs no browser and no server of its own on
# TEST_WORKERS processes (each with its own test database and Redis database), then the
# browser and server tests one at a time (each starts chromium, gunicorn or Varnish).
# CI's PostgreSQL leg sets SERIAL_MARKS=browser (the server tests ran in the first leg).
TEST_WORKERS ?= 2
PARALLEL_MARKS ?= not browser and not servers
SERIAL_MARKS ?= browser or servers

test: install ## Install and run the whole test suite (browser tests skip without chromium)
	$(PY) -m pytest -m "$(PARALLEL_MARKS)" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	$(PY) -m pytest -m "$(SERIAL_MARKS)" $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-fast: install ## The suite without browsers, servers of its own or whole-export imports, on every core (under 3 min)
	$(PY) -m pytest -m "not browser and not servers and not migrations and not corpus" -n auto $(PYTEST_ARGS)

lint: install ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django's checks, the deploy checks with production-like settings, and migrations
	DEBUG=true $(PY) manage.py check
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=marquee.example CSRF_TRUSTED_ORIGINS=https://marquee.example \
		$(PY) manage.py check --deploy  # W021 (HSTS preload) is an opt-in: see README
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

bench: install ## Load test (wrk, gunicorn, nginx, Varnish) and page costs at demo and large size; BENCH_QUICK=1 for a short run
	$(PY) scripts/bench.py

bench-import: install ## WordPress import speed and memory on 1,000- and 10,000-post exports made of a real one
	$(PY) scripts/bench_import.py

clean: ## Remove the virtualenv, the SQLite database and uploads
	rm -rf $(VENV) db.sqlite3 media staticfiles
