# Konsultacje – common tasks. `make help` lists them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APPS := portal home consultation documents forms search alerts

.DEFAULT_GOAL := help
.PHONY: help install run serve migrate demo lint format test test-browser test-faults check messages bench bench-hit bench-cold clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (python3.11 not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load (or refresh) the demo data; safe to run again
	$(BIN)/python manage.py load_demo_data

run: demo ## Install, migrate, load demo data and serve http://127.0.0.1:8000 (SQLite)
	@$(BIN)/python manage.py ensure_local_admin
	$(BIN)/python manage.py runserver 127.0.0.1:8000

serve: install ## Serve without reloading demo data
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install ## Run the whole pytest suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest

test-browser: install ## Run the browser tests (needs Debian's chromium)
	$(BIN)/python -m pytest tests/browser -o addopts="-p no:cacheprovider"

test-faults: install ## PostgreSQL restarts and a Redis outage under load: no accepted form lost (bench/faults.py)
	cd bench && ../$(BIN)/python faults.py

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks and the migrations check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install ## Update the English .po files and compile them (needs gettext)
	@for app in $(APPS); do \
		(cd $$app && ../$(BIN)/django-admin makemessages -l en --no-obsolete >/dev/null && ../$(BIN)/django-admin compilemessages -l en >/dev/null) || exit 1; \
	done
	@echo "Translations updated; fill in any empty msgstr in */locale/en/LC_MESSAGES/django.po and run again."

bench: install ## Load benchmark, city and stress scale, cached/uncached/cold (gunicorn, PostgreSQL, Redis, wrk) into bench/results.md, then the others
	@command -v wrk >/dev/null || apt-get install -y wrk
	@command -v redis-server >/dev/null || apt-get install -y redis-server
	cd bench && ../$(BIN)/python load.py
	cd bench && ../$(BIN)/python two_servers.py
	@for script in register.py search.py calendar_month_and_feed.py; do echo "== bench/$$script"; $(BIN)/python bench/$$script || exit 1; done

bench-hit: install ## What a cached page costs next to the static file, and where it goes (bench/hit_path.py)
	@command -v wrk >/dev/null || apt-get install -y wrk
	@command -v redis-server >/dev/null || apt-get install -y redis-server
	cd bench && ../$(BIN)/python hit_path.py

bench-cold: install ## Cold service time per page type, BASELINE=<revision> against the working tree, city scale (bench/service_time.py)
	@test -n "$(BASELINE)" || (echo "usage: make bench-cold BASELINE=<git revision>"; exit 2)
	@command -v redis-server >/dev/null || apt-get install -y redis-server
	cd bench && ../$(BIN)/python service_time.py $(BASELINE)

clean: ## Remove the virtualenv and local database
	rm -rf $(VENV) db.sqlite3
