"""The same raw data, loaded the three ways loaders leave it, gives identical marts.

docs/raw-contract.md: staging parses every raw column once, whatever type the loader gave it.
The demo's raw tables are built three ways and the project is run on each:
- as dbt CSV seeds (the demo's default);
- as typed tables, the way a managed loader writes them, with every timestamp a timestamptz read
  in a session whose time zone is not UTC (America/New_York), so offsets must be honoured;
- as all-varchar tables, the way a CSV or JSON loader (or an empty-table loader) leaves them.
Every mart must be equal (numbers within 1e-9 relative).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtProject, mart_differences

pytestmark = pytest.mark.slow

SOURCES = ("salesforce", "marketing", "billing", "finance")
RAW_SEEDS = PROJECT_DIR / "seeds" / "raw"


def load_raw_tables(warehouse: Path, schema_prefix: str, *, all_varchar: bool) -> str:
    """Load every demo raw CSV into <prefix>_<source>.<table>; returns the dbt vars to read them."""
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            schema = f"{schema_prefix}_{source}"
            con.execute(f"create schema if not exists {schema}")
            for csv_path in sorted((RAW_SEEDS / source).glob("*.csv")):
                table = f'{schema}."{csv_path.stem}"'
                con.execute(
                    f"create table {table} as select * from read_csv(?, header = true, "
                    f"all_varchar = {str(all_varchar).lower()})",
                    [str(csv_path)],
                )
                if all_varchar:
                    continue
                # a managed loader's timestamps: timestamptz
                for name, data_type, *_ in con.execute(f"describe {table}").fetchall():
                    if data_type == "TIMESTAMP":
                        con.execute(
                            f'alter table {table} alter "{name}" type timestamptz '
                            f"using timezone('UTC', \"{name}\")"
                        )
    pairs = ", ".join(f"{source}_schema: {schema_prefix}_{source}" for source in SOURCES)
    return "{" + pairs + "}"


def test_seeds_typed_and_varchar_tables_give_the_same_marts(tmp_path: Path) -> None:
    seeded = DbtProject(tmp_path / "seeded", tmp_path / "seeded.duckdb")
    seeded.run("seed")
    seeded.run("run")

    typed = DbtProject(
        tmp_path / "typed", tmp_path / "typed.duckdb", env={"TZ": "America/New_York"}
    )
    typed_vars = load_raw_tables(typed.warehouse, "typed", all_varchar=False)
    typed.run("seed", vars_yaml=typed_vars)
    typed.run("run", vars_yaml=typed_vars)

    text = DbtProject(tmp_path / "text", tmp_path / "text.duckdb")
    text_vars = load_raw_tables(text.warehouse, "text", all_varchar=True)
    text.run("seed", vars_yaml=text_vars)
    text.run("run", vars_yaml=text_vars)

    with duckdb.connect(str(typed.warehouse), read_only=True) as con:
        column_types = {row[0]: row[1] for row in con.execute("describe typed_salesforce.task").fetchall()}
    assert column_types["completed_date_time"] == "TIMESTAMP WITH TIME ZONE"
    assert mart_differences(seeded.warehouse, typed.warehouse) == []
    assert mart_differences(seeded.warehouse, text.warehouse) == []
