# 工会服务平台: `make run` serves the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
VENDOR := static/vendor

.PHONY: run test install static migrate demo serve lint format clean openapi fuzz

# The virtualenv is rebuilt whenever a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Front-end libraries come from npm (package-lock.json) and are copied into static/vendor: no CDN.
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/jsqr $(VENDOR)/swagger-ui
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/jsqr/dist/jsQR.js $(VENDOR)/jsqr/
	cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.map $(VENDOR)/swagger-ui/
	touch $@

static: $(VENDOR)/.copied

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) install_appeal_calendar

# Loads the demo district once (seed_demo skips when it is already there).
demo: migrate
	$(MANAGE) seed_demo --once --force

serve: install static
	$(MANAGE) collectstatic --noinput -v 0
	@$(MANAGE) demo_logins
	@bash scripts/serve.sh

run: install static demo serve

# SQLite always; PostgreSQL too when TEST_DATABASE_URL is set; browser tests when Chromium is present.
test: install static
	@bash scripts/test.sh

# Schema-driven fuzz of the whole API (schemathesis against a live server; also a step of `make test`):
# FUZZ_EXAMPLES examples per operation (default 3), each sent as the widest and the narrowest staff user.
fuzz: install
	FUZZ=1 $(BIN)/pytest -q -p no:cacheprovider -p no:xdist core/tests/test_api_fuzz.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v 0

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/openapi.json is committed; core/tests/test_openapi.py fails until this is re-run after an API change.
openapi: install
	$(MANAGE) export_openapi

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var artifacts

# --- bench ----------------------------------------------------------------------------------------------------
# Every benchmark on PostgreSQL (and the rush on SQLite too), each next to its baseline: bench/README.md.
# `make bench` builds its data with seed_demo --scale, grown to SCALE × 1,000,000 members (bench/data.py; SCALE=1),
# writes bench/results/latest.json and docs/performance.md; under 30 minutes on the 2-core development machine.
# `make bench-quick` runs the same benchmarks at tiny sizes in under 3 minutes (CI: only correctness is checked).
# One benchmark: make bench ARGS="--only rush-postgres" (names: rush-postgres rush-sqlite import member-list scorecard).
# SCALE=10 is a separate run (database bench_main_s10, bench/results/scale-10.json, its own section of
# docs/performance.md with the time the data took to build): the member list and the 成绩单 at 10,000,000 members.
# Its build took 64 minutes on the 2-core machine (20 GB; keep ~40 GB free for WAL), the run ~3 hours in all.
SCALE ?= 1
.PHONY: bench bench-quick
bench: install
	$(PYTHON) bench/run.py --scale $(SCALE) $(ARGS)

bench-quick: install
	$(PYTHON) bench/run.py --quick $(ARGS)
