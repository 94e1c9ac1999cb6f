"""Same input, same output: two builds of the same raw data give byte-identical marts.

A sum or an average of doubles depends on the order in which the warehouse adds the rows, and so
on its threads: the same build gave floats about 1e-15 apart. The models add doubles exactly
(macro exact_sum) and round every kpi_ measure once, at the mart (macro round_measure). This test
rebuilds the session's demo warehouse (DuckDB's default threads of the profile) with one DuckDB
thread and compares the md5 of every table of the marts and of the semantic layer's facts
(~40 s).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DbtProject

from salesfx.warehouse import table_hashes

pytestmark = pytest.mark.slow

SCHEMAS = ("main_marts", "main_semantic", "main_intermediate")


def _hashes(path: Path) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            f"{schema}.{table}": digest
            for schema in SCHEMAS
            for table, digest in table_hashes(con, schema).items()
        }


def test_two_builds_are_byte_identical(tmp_path: Path, demo_warehouse: Path) -> None:
    rebuilt = DbtProject(
        tmp_path / "dbt", tmp_path / "rebuilt.duckdb", env={"SALESFX_DUCKDB_THREADS": "1"}
    )
    shutil.copyfile(demo_warehouse, rebuilt.warehouse)
    rebuilt.run("run")
    first, second = _hashes(demo_warehouse), _hashes(rebuilt.warehouse)
    assert len([name for name in first if name.startswith("main_marts.kpi_")]) >= 10
    differing = sorted(name for name in first if first[name] != second.get(name))
    assert not differing, f"tables that differ between two builds of the same data: {differing}"
    assert first.keys() == second.keys()
