# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= 1000000

.PHONY: run test lint bench install demo clean vendor-ui base-layer clients

install: $(STAMP)

# Re-install when the dependency list changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/ipas demo --if-empty
	$(BIN)/ipas serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/ipas demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check ipas loaders api tests bench
	$(BIN)/mypy
	$(BIN)/ipas ontology lint
	$(BIN)/lint-imports --no-cache

bench: install
	$(BIN)/python -m bench --scale $(SCALE)

# Re-bundle the web UI's third-party files from npm (pinned in ui/package.json) into
# api/static/vendor; run only to upgrade them. Serving never fetches anything.
vendor-ui:
	cd ui && npm ci --ignore-scripts --no-audit --no-fund && node vendor.mjs

# The SPARQL clients tests/api_sparql/test_sparql_comunica_jena.py runs against the live server:
# Comunica from npm, pinned by its package-lock.json, into tests/api_sparql/clients/node_modules
# (.ci/run calls this; Jena comes from Debian, in .ci/run's package list).
CLIENTS := tests/api_sparql/clients
clients: $(CLIENTS)/node_modules/.package-lock.json

# npm writes node_modules/.package-lock.json on install: reinstall only when the lock changes.
$(CLIENTS)/node_modules/.package-lock.json: $(CLIENTS)/package-lock.json
	cd $(CLIENTS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --prefer-offline
	touch $@

# The map's CBP ports layer, written from loaders/reference/ports-of-entry.csv.
base-layer: install
	$(BIN)/python ui/base_layer.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
