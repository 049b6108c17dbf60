# Werkplaats — the project's index of tasks. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve install migrate demo test test-fast test-browser test-postgres lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

## Set up everything and serve http://$(HOST):$(PORT) with a background task worker.
run: demo
	@echo "Serving http://$(HOST):$(PORT)  (admin: http://$(HOST):$(PORT)/beheer/, stop with Ctrl-C)"
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --interval 1 & \
	while sleep 600; do $(MANAGE) activity_housekeeping >/dev/null; \
		$(MANAGE) newsletter_housekeeping >/dev/null; \
		$(MANAGE) extract_product_texts >/dev/null; done & \
	$(MANAGE) runserver $(HOST):$(PORT)

## The whole test suite on SQLite (browser tests run where Chromium is installed; under
## CI=true a missing browser fails). DATABASE_URL=postgres://… runs it on PostgreSQL.
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/werkplaats} \
		$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract and compile the translations (needs GNU gettext). The .mo files are committed.
messages: install
	cd werkplaats && ../$(BIN)/django-admin makemessages -l nl --ignore "demo/*" --no-obsolete --settings werkplaats.settings.dev --pythonpath ..
	cd werkplaats && ../$(BIN)/django-admin compilemessages --settings werkplaats.settings.dev --pythonpath ..

## Load generated data into a fresh database, serve it with gunicorn and measure (bench/).
bench: install
	bench/run

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-shm db.sqlite3-wal
