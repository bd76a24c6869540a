# motcua — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Development targets run with DEBUG on (a generated key in var/); production sets the
# environment itself (docs/deployment.md).
export DEBUG ?= 1

.PHONY: install run test lint typecheck migrate demo schema messages bench screenshots clean

install: $(STAMP) node_modules/.installed motcua/locale/en/LC_MESSAGES/django.mo

$(STAMP): pyproject.toml constraints.txt
	@test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Front-end libraries come from the npm registry, pinned by package-lock.json; no install
# scripts run and nothing is fetched at page time (no CDN).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

motcua/locale/en/LC_MESSAGES/django.mo: motcua/locale/en/LC_MESSAGES/django.po $(STAMP)
	cd motcua && ../$(BIN)/python ../manage.py compilemessages --ignore=.venv >/dev/null

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	@$(BIN)/python manage.py demo_logins
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

messages: install
	cd motcua && ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete --ignore=.venv

bench: install
	$(BIN)/python bench/deadline.py --quick

screenshots:
	cp var/screenshots/*.png docs/screenshots/

clean:
	rm -rf $(VENV) node_modules var/static
