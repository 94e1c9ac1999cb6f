"""The same raw data, loaded the four ways loaders leave it, gives identical marts.

docs/raw-contract.md: staging parses every raw column once, whatever type the loader gave it.
The demo's raw tables are built four ways and the project is run on each:
- as dbt CSV seeds (the demo's default);
- as typed tables, the way a managed loader writes them, with every timestamp a timestamptz read
  in a session whose time zone is not UTC (America/New_York), so offsets must be honoured;
- as all-varchar tables, the way a CSV or JSON loader (or an empty-table loader) leaves them;
- as Parquet files read in place (var raw_parquet_dir), the way a data-lake export leaves them.
Every mart must be equal (numbers within 1e-9 relative).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtProject, load_csv_tables, mart_differences

from salesfx.cli import main as salesfx

pytestmark = pytest.mark.slow

RAW_SEEDS = PROJECT_DIR / "seeds" / "raw"


def as_timestamptz(warehouse: Path, schema_prefix: str) -> None:
    """Make every timestamp column of the loaded tables a timestamptz, as managed loaders do."""
    with duckdb.connect(str(warehouse)) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like ?",
            [f"{schema_prefix}_%"],
        ).fetchall()
        for schema, name in tables:
            table = f'{schema}."{name}"'
            for column, data_type, *_ in con.execute(f"describe {table}").fetchall():
                if data_type == "TIMESTAMP":
                    con.execute(
                        f'alter table {table} alter "{column}" type timestamptz '
                        f"using timezone('UTC', \"{column}\")"
                    )


def test_seeds_typed_and_varchar_tables_give_the_same_marts(
    tmp_path: Path, demo_warehouse: Path
) -> None:
    typed = DbtProject(
        tmp_path / "typed", tmp_path / "typed.duckdb", env={"TZ": "America/New_York"}
    )
    typed_vars = load_csv_tables(typed.warehouse, RAW_SEEDS, "typed", all_varchar=False)
    as_timestamptz(typed.warehouse, "typed")
    typed.run("seed", vars_yaml=typed_vars)
    typed.run("run", vars_yaml=typed_vars)

    text = DbtProject(tmp_path / "text", tmp_path / "text.duckdb")
    text_vars = load_csv_tables(text.warehouse, RAW_SEEDS, "text", all_varchar=True)
    text.run("seed", vars_yaml=text_vars)
    text.run("run", vars_yaml=text_vars)

    with duckdb.connect(str(typed.warehouse), read_only=True) as con:
        column_types = {
            row[0]: row[1] for row in con.execute("describe typed_salesforce.task").fetchall()
        }
    assert column_types["completed_date_time"] == "TIMESTAMP WITH TIME ZONE"
    assert mart_differences(demo_warehouse, typed.warehouse) == []
    assert mart_differences(demo_warehouse, text.warehouse) == []


def test_parquet_files_read_in_place_give_the_same_marts(
    tmp_path: Path, demo_warehouse: Path
) -> None:
    """The generator's Parquet parts, read in place (var raw_parquet_dir): the demo's marts."""
    parquet_dir = tmp_path / "raw"
    assert salesfx(["generate", "--out", str(parquet_dir), "--format", "parquet", "--quiet"]) == 0
    lake = DbtProject(tmp_path / "lake", tmp_path / "lake.duckdb")
    lake_vars = f"{{raw_parquet_dir: '{parquet_dir}', keep_demo_only_rows: true}}"
    lake.run("seed", vars_yaml=lake_vars)
    lake.run("run", vars_yaml=lake_vars)
    assert mart_differences(demo_warehouse, lake.warehouse) == []
