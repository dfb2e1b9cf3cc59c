# The README's two commands: `make run` and `make test`. Only python3 is needed to start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The local demo: DEBUG on, SQLite in var/, demo content loaded the first time only.
run: export DEBUG = 1
run: $(VENV)/.runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty
	@$(MANAGE) create_demo_admin
	@echo "Newsroom: http://127.0.0.1:8000/  (stop with Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:8000

# Lint, then the whole suite on SQLite (the browser tests included), then on a throwaway
# PostgreSQL cluster (the browser tests once are enough: they check pages, not the database).
test: export SECRET_KEY = test-only-secret-key
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q
	$(BIN)/python bin/with_postgres.py $(BIN)/pytest -q -m "not browser"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext. Refresh the catalogues after changing user-facing strings, translate the
# new entries, then compile; the tests check that the committed .mo files match the .po files.
messages: export DEBUG = 1
messages: $(VENV)/.dev
	$(MANAGE) makemessages -l es -l en --no-location --no-obsolete --ignore=.venv --ignore=var
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
