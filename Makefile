# One entry point for people and CI. Only needs Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint docs docs-serve dashboard generate clean

# Create the virtual environment and install the pinned requirements (again only when they change).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

profiles.yml: profiles.example.yml
	@test -f profiles.yml || cp profiles.example.yml profiles.yml

setup: $(STAMP) profiles.yml

## demo: build the demo warehouse on DuckDB (seeds, models, tests), then print the headline KPIs.
## `salesfx build` builds beside the published file and swaps it in: readers are never blocked.
demo: setup
	@mkdir -p warehouse
	$(BIN)/salesfx build
	$(BIN)/salesfx summary

## test: the whole test suite, each step a gate
test: setup
	@mkdir -p warehouse
	@echo "== dbt build on the demo (salesfx build: built beside, swapped in), warnings (deprecations included) are errors"
	$(BIN)/salesfx build -- --warn-error build
	@echo "== docs site, then documentation and test coverage gates (dbt-score, dbt-coverage)"
	$(DBT) --warn-error docs generate --no-compile
	$(BIN)/salesfx coverage
	@echo "== Great Expectations suites on every mart"
	$(BIN)/salesfx validate
	@echo "== semantic layer"
	$(BIN)/mf validate-configs
	@echo "== SQL and Python style"
	$(BIN)/sqlfluff lint models macros analyses tests --processes 2
	$(BIN)/ruff check src tests_python
	$(BIN)/ruff format --check src tests_python
	@echo "== pytest (generator, empty sources, validation, semantic layer, dashboard in a browser)"
	@bash scripts/install_browser.sh
	$(BIN)/pytest

lint: setup
	$(BIN)/sqlfluff lint models macros analyses tests --processes 2
	$(BIN)/ruff check src tests_python

## docs: the dbt docs site (target/index.html); `make docs-serve` to browse it
docs: setup
	$(DBT) docs generate

docs-serve: docs
	$(DBT) docs serve

## dashboard: the KPI dashboard in the browser (reads the warehouse read-only; run `make demo` first)
dashboard: setup
	$(BIN)/salesfx dashboard

## generate: regenerate the demo seeds (commit them with the generator change)
generate: setup
	$(BIN)/salesfx generate --out seeds/raw

clean:
	rm -rf target logs warehouse dbt_packages reports
