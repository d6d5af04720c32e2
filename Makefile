# Two entry points: `make run` (demo city on SQLite) and `make test` (whole suite, SQLite then PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres lint install install-test catalogues translations clean

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
	$(BIN)/python manage.py sla_sweep
	$(BIN)/python manage.py demo_accounts
	@# A fresh API key for the demo city (the previous one is revoked), printed last.
	$(BIN)/python manage.py issue_api_key --name "Demo city" --unit demo-city --replace --if-city
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install-test
	$(BIN)/ruff check src conftest.py
	$(BIN)/mypy src

test: install-test catalogues
	@# A fresh clone must start: no symlink out of the repository, no path of this machine.
	$(BIN)/python -m shiliu.core.treecheck .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check src conftest.py
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest
	@if $(BIN)/python -m shiliu.core.dbprobe "$${DATABASE_URL:-$(PG_URL)}"; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is required in CI but is not reachable" >&2; exit 1; \
	else \
		echo "== PostgreSQL not reachable: PostgreSQL pass skipped =="; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3* media/
