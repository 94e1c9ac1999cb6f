"""Random raw data through the contract: every fuzzed company builds and loses no row.

Hypothesis draws companies within the raw contract's types (tests_python/raw_companies.py: nulls
in every nullable column, dates in 1900 and 2100, huge / zero / negative amounts, '' and
10,000-character strings, ids colliding within and across tables, typed or all-text loads). Each
is loaded into a copy of a seeded warehouse (the mapping seeds) and built with every data test
but the demo's story (`dbt build`; unit tests read no source data). Every company must build,
and then:

- raw = staged + excluded for every raw table of the contract (the reconciles_with_raw test
  does it in the build; checked again here from dq_raw_row_issues);
- every rate of the kpi_ marts (registry format 'rate') is within [0, 1];
- every key of the marts is unique (their unique and unique_combination_of_columns tests, from
  the manifest, checked again here).

Each example is a dbt build of a tiny company (~40 s on 2 idle cores). CI runs
SALESFX_FUZZ_EXAMPLES (default 3) with a fixed seed (SALESFX_FUZZ_SEED, default 0: the same
companies every run); `make fuzz` runs 25 with a random seed. No shrinking: a failing company is
written to the test's tmp folder (fuzz_company.json) and the build's output shown.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import duckdb
import pytest
from conftest import DbtProject, record_reliability
from hypothesis import HealthCheck, Phase, given, seed, settings
from raw_companies import Company, companies, load_company

from salesfx import registry

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("SALESFX_FUZZ_EXAMPLES", "3"))
FUZZ_SEED = int(os.environ.get("SALESFX_FUZZ_SEED", "0"))
PREFIX = "fuzz"
SOURCE_VARS = (
    "{"
    + ", ".join(
        f"{s}_schema: {PREFIX}_{s}" for s in ("salesforce", "marketing", "billing", "finance")
    )
    + "}"
)
EXCLUDED = (
    "resource_type:seed",
    "resource_type:unit_test",
    "tag:demo_story",
    "tag:test_fixture",
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbtProject]:
    """A warehouse with the seeds but no raw data (the sources point at the fuzz schemas)."""
    work = tmp_path_factory.mktemp("fuzz")
    project = DbtProject(work / "dbt", work / "seeded.duckdb")
    project.run("seed", vars_yaml=SOURCE_VARS)
    yield project


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def check_company(warehouse: Path, target: Path) -> None:
    """The invariants of a built fuzzed company (see the module docstring)."""
    nodes = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # raw = staged + excluded, for every raw table
        reconciled = 0
        for node in nodes.values():
            meta = node.get("test_metadata") or {}
            if node.get("resource_type") != "test" or meta.get("name") != "reconciles_with_raw":
                continue
            if "test_fixture" in node.get("tags", []):  # the generic test's own fixtures
                continue
            kwargs = meta["kwargs"]
            source, table = kwargs["source_name"], kwargs["table_name"]
            model = nodes[node["attached_node"]]
            raw = _rows(con, f'select count(*) from {PREFIX}_{source}."{table}"')[0][0]
            staged = _rows(con, f'select count(*) from {model["schema"]}."{model["alias"]}"')[0][0]
            excluded = _rows(
                con,
                "select count(*) from main_data_quality.dq_raw_row_issues where source_name = "
                f"'{source}' and table_name = '{table}' and action = 'excluded'",
            )[0][0]
            assert raw == staged + excluded, f"{source}.{table}: {raw} raw, {staged} + {excluded}"
            record_reliability("rows_lost", raw - staged - excluded)
            reconciled += 1
        assert reconciled == 16, f"{reconciled} raw tables reconciled, the contract has 16"

        # every rate within [0, 1]
        kpis = registry.from_warehouse(con, "main_marts")
        assert kpis is not None
        rates = [m for m in kpis.measures if m.format == "rate"]
        assert rates
        for measure in rates:
            column, mart = measure.column, measure.mart
            low, high = _rows(con, f"select min({column}), max({column}) from main_marts.{mart}")[0]
            assert low is None or low >= 0, f"{measure.mart}.{measure.column} min {low}"
            assert high is None or high <= 1, f"{measure.mart}.{measure.column} max {high}"

        # every key unique
        for node in nodes.values():
            meta = node.get("test_metadata") or {}
            attached = nodes.get(node.get("attached_node") or "", {})
            if node.get("resource_type") != "test" or attached.get("schema") != "main_marts":
                continue
            if meta.get("name") == "unique_combination_of_columns":
                key = list(meta["kwargs"]["combination_of_columns"])
            elif meta.get("name") == "unique":
                key = [meta["kwargs"]["column_name"]]
            else:
                continue
            relation = f'main_marts."{attached["alias"]}"'
            columns = ", ".join(key)
            total, distinct = _rows(
                con,
                f"select count(*), count(distinct ({columns})) from {relation}"
                if len(key) > 1
                else f"select count({columns}), count(distinct {columns}) from {relation}",
            )[0]
            assert total == distinct, f"{attached['alias']}: key ({columns}) not unique"


def build_company(seeded: DbtProject, company: Company, work: Path) -> None:
    project = DbtProject(seeded.work_dir, work / "company.duckdb")
    if project.warehouse.exists():
        project.warehouse.unlink()
    shutil.copyfile(seeded.warehouse, project.warehouse)
    load_company(project.warehouse, company, PREFIX)
    output = project.run(
        "build", "--threads", "4", "--exclude", *EXCLUDED, vars_yaml=SOURCE_VARS, check=False
    )
    done = re.search(r"Done\. PASS=\d+ WARN=\d+ ERROR=(\d+)", output)
    failed = done is None or done.group(1) != "0"  # warnings (about the raw data) are fine
    if failed:
        (work / "fuzz_company.json").write_text(
            json.dumps(asdict(company), default=str), encoding="utf-8"
        )
        tail = "\n".join(line for line in output.splitlines() if "PASS" not in line)[-6000:]
        pytest.fail(f"a fuzzed company ({company.row_count} raw rows) did not build:\n{tail}")
    check_company(project.warehouse, seeded.work_dir / "target")


def test_fuzzed_companies_build_and_lose_nothing(seeded: DbtProject, tmp_path: Path) -> None:
    tried: list[int] = []

    @seed(FUZZ_SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    @given(company=companies())
    def build(company: Company) -> None:
        build_company(seeded, company, tmp_path)
        tried.append(company.row_count)
        record_reliability("fuzzed_companies")

    build()
    print(f"fuzz: {len(tried)} companies built, {sum(tried)} raw rows")
    assert len(tried) == EXAMPLES
