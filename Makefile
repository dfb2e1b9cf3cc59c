# The README's commands: `make run`, `make serve` and `make test`. Only python3 is needed to start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run serve test lint format messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The local demo: DEBUG on, SQLite in var/, demo content loaded the first time only, on PORT
# (make run PORT=8123). First a .env (bin/demo_env.py, never overwritten) so that
# `.venv/bin/python manage.py …` works in any shell afterwards.
PORT ?= 8000
run: export DEBUG = 1
run: $(VENV)/.runtime
	@$(BIN)/python bin/demo_env.py
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty
	@PORT=$(PORT) $(MANAGE) create_demo_admin
	@echo "Newsroom: http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production mode on this machine (README, "Serving in production"): DEBUG off, settings from the
# environment, migrate, collectstatic, the deploy checks, then gunicorn on PORT (8000).
# A try on http://127.0.0.1:8000: SECRET_KEY=… LOCAL_HTTP=1 make serve
serve: $(VENV)/.runtime
	$(BIN)/python bin/serve.py

# Lint; the whole suite on SQLite with the local cache and media folder (the browser tests included);
# then the whole suite as several app servers run it: PostgreSQL, the Redis cache and media in S3,
# each a throwaway server (the browser tests once are enough: they check pages, not the database).
test: export SECRET_KEY = test-only-secret-key
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q
	$(BIN)/python bin/with_postgres.py $(BIN)/python bin/with_redis.py $(BIN)/python bin/with_s3.py $(BIN)/pytest -q -m "not browser"

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
