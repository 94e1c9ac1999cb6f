# One entry point for people and CI. Only needs Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
STAMP := $(VENV)/.installed

.PHONY: setup demo build test lint dbt-test pytest docs clean generate

# Create the virtual environment and install the pinned requirements (only when they change).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

profiles.yml: profiles.example.yml
	@test -f profiles.yml || cp profiles.example.yml profiles.yml

setup: $(STAMP) profiles.yml

## demo: build the demo warehouse on DuckDB (seeds, models, tests) and print the KPI summary
demo: setup
	@mkdir -p warehouse
	$(DBT) build --fail-fast
	$(BIN)/salesfx summary

## test: the whole test suite. dbt build on the demo with warnings as errors, sqlfluff, ruff, pytest
test: setup
	@mkdir -p warehouse
	$(DBT) --warn-error build --fail-fast
	$(BIN)/sqlfluff lint models macros analyses tests
	$(BIN)/ruff check src tests_python
	$(BIN)/pytest

lint: setup
	$(BIN)/sqlfluff lint models analyses macros

docs: setup
	$(DBT) docs generate

generate: setup
	$(BIN)/salesfx generate --out seeds/raw

clean:
	rm -rf target logs warehouse dbt_packages
