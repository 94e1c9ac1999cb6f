"""A source table may be empty (a company without billing data, say): the build must still pass.

docs/raw-contract.md: "A table may be empty ...: the build must still pass, and the KPIs that need
it are empty or null, not wrong." For each of the four source systems, this test empties every raw
table of that system in a copy of a freshly seeded warehouse and runs `dbt build` (seeds excluded,
and the tests tagged `demo_story`, which assert facts of the demo data). The seed runs once; the
four builds run one after the other, each on its own copy of the seeded warehouse, always at the
same path (an unchanged profile lets dbt parse the project incrementally). Unit tests and the
generic-test fixtures read no source data: `make test` runs them, not this test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
SOURCE_SYSTEMS = ("salesforce", "marketing", "billing", "finance")
TARGET_SCHEMA = "main"  # the duckdb output's schema in profiles.example.yml

pytestmark = pytest.mark.slow


def _run_dbt(args: list[str], work_dir: Path, warehouse: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SALESFX_TARGET": "duckdb",
        "SALESFX_DUCKDB_PATH": str(warehouse),
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run(
        [str(DBT), *args, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(work_dir)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _tail(result: subprocess.CompletedProcess, lines: int = 60) -> str:
    return "\n".join((result.stdout + result.stderr).splitlines()[-lines:])


@pytest.fixture(scope="module")
def seeded_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A warehouse holding every seed (demo raw data, mappings, fixtures), built once."""
    work_dir = tmp_path_factory.mktemp("empty_sources")
    shutil.copy(PROJECT_DIR / "profiles.example.yml", work_dir / "profiles.yml")
    warehouse = work_dir / "warehouse.duckdb"
    result = _run_dbt(["seed"], work_dir, warehouse)
    assert result.returncode == 0, f"dbt seed failed:\n{_tail(result)}"
    seeded = work_dir / "seeded.duckdb"
    warehouse.rename(seeded)
    return work_dir, seeded


def _empty_source_tables(warehouse: Path, source_system: str) -> list[str]:
    schema = f"{TARGET_SCHEMA}_raw_{source_system}"
    with duckdb.connect(str(warehouse)) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
                [schema],
            ).fetchall()
        ]
        for table in tables:
            con.execute(f'delete from "{schema}"."{table}"')
    return tables


@pytest.mark.parametrize("source_system", SOURCE_SYSTEMS)
def test_build_passes_with_empty_source(
    seeded_warehouse: tuple[Path, Path], source_system: str
) -> None:
    work_dir, seeded = seeded_warehouse
    warehouse = work_dir / "warehouse.duckdb"
    shutil.copy(seeded, warehouse)
    emptied = _empty_source_tables(warehouse, source_system)
    assert emptied, f"no raw tables found for source system {source_system!r}"

    excluded = [
        "resource_type:seed",
        "resource_type:unit_test",
        "tag:demo_story",
        "tag:test_fixture",
    ]
    result = _run_dbt(["build", "--threads", "4", "--exclude", *excluded], work_dir, warehouse)
    assert result.returncode == 0, (
        f"dbt build failed with the {source_system} tables empty ({', '.join(emptied)}):\n"
        f"{_tail(result)}"
    )

    # the source's staging models exist and are empty
    with duckdb.connect(str(warehouse), read_only=True) as con:
        staged = con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = ? and table_name like ?",
            [f"{TARGET_SCHEMA}_staging", f"stg_{source_system}__%"],
        ).fetchall()
        assert staged, f"no staging models built for {source_system}"
        for (model,) in staged:
            query = f'select count(*) from "{TARGET_SCHEMA}_staging"."{model}"'
            assert con.execute(query).fetchone() == (0,), f"{model} has rows, its source is empty"
    warehouse.unlink()
