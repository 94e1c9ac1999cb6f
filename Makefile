# One entry point for people and CI. Only needs Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
STAMP := $(VENV)/.installed
DUCKDB_FILE := warehouse/sales_effectiveness.duckdb

.PHONY: setup demo test test-postgres test-spark test-spark-ci test-kills fuzz lint docs docs-serve dashboard generate bench bench-250 test-package clean

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
	@echo "== the demo on PostgreSQL (every test) and on Spark (every model), marts compared with DuckDB"
	@$(MAKE) --no-print-directory test-postgres
	@$(MAKE) --no-print-directory test-spark-ci

# Seeds first: the unit tests of the staging base models read their source's columns, and on a
# fresh warehouse dbt may run them before the seeds are loaded (always on Spark, one thread).
## test-postgres: the demo on a throwaway PostgreSQL (scripts/postgres.sh), then its incremental
## models run again as a daily build would, marts compared with DuckDB
test-postgres: setup
	@mkdir -p warehouse
	@test -f $(DUCKDB_FILE) || $(DBT) build
	@bash scripts/postgres.sh start
	@set -e; trap 'bash scripts/postgres.sh stop' EXIT; \
	eval "$$(bash scripts/postgres.sh env)"; \
	echo "== dbt seed, then dbt build on PostgreSQL"; \
	time SALESFX_TARGET=postgres $(DBT) --warn-error seed --target-path target_postgres; \
	time SALESFX_TARGET=postgres $(DBT) --warn-error build --target-path target_postgres \
		--exclude-resource-type seed; \
	echo "== a daily build on PostgreSQL: the incremental models again, on the same data"; \
	time SALESFX_TARGET=postgres $(DBT) --warn-error run --target-path target_postgres \
		--select config.materialized:incremental; \
	echo "== marts: DuckDB vs PostgreSQL"; \
	$(BIN)/salesfx compare-marts duckdb:$(DUCKDB_FILE) postgres --all \
		--manifest target_postgres/manifest.json

## test-spark: the demo on an in-process Spark (warehouse/spark), marts compared with DuckDB
test-spark: setup
	@mkdir -p warehouse
	@test -f $(DUCKDB_FILE) || $(DBT) build
	@rm -rf warehouse/spark
	@set -e; trap 'rm -rf warehouse/spark' EXIT; \
	export SALESFX_SPARK_DIR=warehouse/spark; \
	echo "== dbt seed, then dbt build on Spark"; \
	time SALESFX_TARGET=spark $(DBT) --warn-error seed --target-path target_spark; \
	time SALESFX_TARGET=spark $(DBT) --warn-error build --target-path target_spark \
		--exclude-resource-type seed; \
	echo "== marts: DuckDB vs Spark"; \
	$(BIN)/salesfx compare-marts duckdb:$(DUCKDB_FILE) spark:warehouse/spark --all \
		--manifest target_spark/manifest.json

## test-spark-ci: the part of test-spark that fits CI: the seeds and every model built on Spark,
## without the data and unit tests (they run on DuckDB and PostgreSQL; `make test-spark` runs them
## on Spark too, about an hour on 2 cores), then every mart compared with the DuckDB build
test-spark-ci: setup
	@mkdir -p warehouse
	@test -f $(DUCKDB_FILE) || $(DBT) build
	@rm -rf warehouse/spark
	@set -e; trap 'rm -rf warehouse/spark' EXIT; \
	export SALESFX_SPARK_DIR=warehouse/spark; \
	echo "== dbt seed, then dbt run (every model, no tests) on Spark"; \
	time SALESFX_TARGET=spark $(DBT) --warn-error seed --target-path target_spark; \
	time SALESFX_TARGET=spark $(DBT) --warn-error run --target-path target_spark; \
	echo "== marts: DuckDB vs Spark"; \
	$(BIN)/salesfx compare-marts duckdb:$(DUCKDB_FILE) spark:warehouse/spark --all \
		--manifest target_spark/manifest.json

## test-kills: kill full `dbt build`s of the demo (data tests included) 10 times at seeded random
## nodes; the published marts must stay intact and the next build equal a clean one (~15 min)
test-kills: setup
	SALESFX_KILL_COMPANY=demo SALESFX_KILLS=10 SALESFX_KILL_SEED=$${SALESFX_KILL_SEED:-$$RANDOM} \
		$(BIN)/pytest tests_python/test_build_faults.py -k killed -p no:cacheprovider

## fuzz: 25 random companies through the raw contract, a new seed each run (~20 min);
## SALESFX_FUZZ_EXAMPLES and SALESFX_FUZZ_SEED to choose
fuzz: setup
	SALESFX_FUZZ_EXAMPLES=$${SALESFX_FUZZ_EXAMPLES:-25} SALESFX_FUZZ_SEED=$${SALESFX_FUZZ_SEED:-$$RANDOM} \
		$(BIN)/pytest tests_python/test_fuzz_raw.py -p no:cacheprovider -s

## test-package: integration_tests/ installs this project as a package (local path), builds it on
## raw tables of its own and compares its marts with the demo build
test-package: setup
	$(BIN)/pytest tests_python/test_package.py -p no:cacheprovider

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

## bench: time full and daily builds of generated companies at scale 1 and 20 (reports/bench.json)
bench: setup
	$(BIN)/salesfx bench --scale 1 --scale 20 --incremental

## bench-250: the same at scale 250 (about 10M tasks; ~20 GB of disk, about 30 minutes with the daily build)
bench-250: setup
	$(BIN)/salesfx bench --scale 250 --incremental

clean:
	rm -rf target logs warehouse dbt_packages reports
