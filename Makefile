# The README's contract: `make run` and `make test` work on a fresh machine.
# Everything the product needs is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SEEDS ?= ../shared/seeds
APT_PACKAGES := gettext fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium
# make serve and make bench: PostgreSQL and Redis on this machine.
SERVE_APT_PACKAGES := postgresql redis-server

.PHONY: install system-deps serve-deps messages run serve worker test lint bench replica clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: system-deps $(BIN)/.installed messages

# System packages: gettext (translations), Noto CJK fonts and Pango (Chinese PDFs),
# Chromium (browser tests). Installed only if missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

messages: $(BIN)/.installed
	@cd $(CURDIR) && $(BIN)/python manage.py compilemessages --ignore=.venv -v0

# Links in notifications point at the port actually served.
run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	@if [ -d "$(SEEDS)" ]; then $(BIN)/python manage.py import_policies --publish $(SEEDS)/*.txt; \
	else echo "No seed folder at $(SEEDS): skipping the import (set SEEDS=...)"; fi
	$(BIN)/python manage.py setup_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/; mail: var/mail/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production on this machine: gunicorn (--preload, several workers), a Celery
# worker and beat under honcho (Procfile), portal.settings.production, WhiteNoise.
# See deploy/serve.sh for the environment it reads and the defaults it picks.
serve: install serve-deps
	PORT=$(PORT) BIN=$(BIN) deploy/serve.sh

serve-deps:
	@missing=""; for p in $(SERVE_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# A second PostgreSQL cluster on port 5433 streaming from the first (read replica for reports).
replica: serve-deps
	deploy/replica.sh

# A real Celery worker with beat, when CELERY_BROKER_URL is set (redis://127.0.0.1:6379/0).
worker: install
	$(BIN)/celery -A portal worker -B --loglevel=info

# The whole suite on every core, with a coverage floor (COVERAGE_FLOOR=0 to skip).
COVERAGE_FLOOR ?= 90
test: install
	$(BIN)/python -m pytest -n auto --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR) $(PYTEST_ARGS)

# Lint, and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# BENCH_SIZE=small: a few minutes; full size (default) takes long. Writes
# bench/results/latest.json and prints the table (README: Tests and benchmarks).
bench: install serve-deps
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
