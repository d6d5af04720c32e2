# Entry points: `make run` (demo city on SQLite), `make test` (whole suite, SQLite then PostgreSQL),
# `make serve` (the production server: gunicorn, the task workers, the scheduler) and `make bench`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shiliu_bench

.PHONY: run serve bench test test-sqlite test-postgres lint install install-test catalogues translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

catalogues: install
	$(BIN)/python manage.py compile_catalogues

# After changing UI strings: re-extract for every language, derive zh_Hant (OpenCC), compile, count.
translations: install-test
	$(BIN)/python manage.py update_catalogues

run: install catalogues
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo_city --if-empty
	$(BIN)/python manage.py suggest_train --if-none
	$(BIN)/python manage.py sla_sweep
	$(BIN)/python manage.py demo_accounts
	@# A fresh API key for the demo city (the previous one is revoked), printed last.
	$(BIN)/python manage.py issue_api_key --name "Demo city" --unit demo-city --replace --if-city
	@# Beside the development server, the task worker that sends what the outbox queued
	@# (notifications' SMS and e-mail, the demo city's included). Ctrl-C stops both.
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --queue-name '*' --verbosity 0 & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production server with the settings from the environment (README.md, Serving): gunicorn
# (gunicorn.conf.py: 3 sync workers for 2 cores), static files by WhiteNoise, PostgreSQL through
# Django's connection pool, beside it the task workers (django-tasks' db_worker: one for the
# notifications' queue, one for the rest) and the scheduler
# that queues the periodic tasks (settings.SHILIU_SCHEDULE: audit sealing every 5 s, figures every
# 5 minutes, deadline sweep, …). Ctrl-C stops them all.
serve: install catalogues
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@trap 'kill $$worker $$sender $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py db_worker --queue-name notifications & sender=$$!; \
	$(BIN)/python manage.py schedule & scheduler=$$!; \
	$(BIN)/gunicorn -c gunicorn.conf.py

# Figures beside their baselines, measured in the same run (bench/README.md); writes bench/report.json.
bench: install-test catalogues
	@command -v wrk >/dev/null || { echo "make bench needs wrk (apt-get install wrk)" >&2; exit 1; }
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench $(BENCH)

lint: install-test
	$(BIN)/ruff check src conftest.py
	$(BIN)/mypy src

test: install-test catalogues
	@# A fresh clone must start: no symlink out of the repository, no path of this machine.
	$(BIN)/python -m shiliu.core.treecheck .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check src conftest.py
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n $(TEST_WORKERS)
	@if $(BIN)/python -m shiliu.core.dbprobe "$${DATABASE_URL:-$(PG_URL)}"; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest -n $(TEST_WORKERS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is required in CI but is not reachable" >&2; exit 1; \
	else \
		echo "== PostgreSQL not reachable: PostgreSQL pass skipped =="; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3* media/
