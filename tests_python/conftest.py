"""Shared helpers for the pytest suite: the project's location, a dbt runner that builds into a
throwaway warehouse, and a comparison of two warehouses' marts.

Every test that builds the project gets its own warehouse file, target and log folders under
pytest's tmp_path, so tests never touch `warehouse/` or `target/` of the working tree.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
MARTS_SCHEMA = "main_marts"


@dataclass
class DbtProject:
    """Runs dbt on the project against one DuckDB warehouse file."""

    work_dir: Path
    warehouse: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        profiles = self.work_dir / "profiles.yml"
        if not profiles.exists():
            shutil.copy(PROJECT_DIR / "profiles.example.yml", profiles)

    def run(self, *args: str, vars_yaml: str | None = None, check: bool = True) -> str:
        """Run `dbt <args>` and return its output; on an error, fail with the output's tail."""
        command = [str(DBT), *args, "--project-dir", str(PROJECT_DIR)]
        command += ["--profiles-dir", str(self.work_dir)]
        if vars_yaml:
            command += ["--vars", vars_yaml]
        env = {
            **os.environ,
            "SALESFX_TARGET": "duckdb",
            "SALESFX_DUCKDB_PATH": str(self.warehouse),
            "DBT_TARGET_PATH": str(self.work_dir / "target"),
            "DBT_LOG_PATH": str(self.work_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.env,
        }
        result = subprocess.run(
            command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
        )
        output = result.stdout + result.stderr
        if check and result.returncode != 0:
            tail = "\n".join(output.splitlines()[-60:])
            pytest.fail(f"`dbt {' '.join(args)}` failed:\n{tail}")
        return output


def _close(a: object, b: object, tolerance: float) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        x, y = float(a), float(b)  # type: ignore[arg-type]
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return abs(x - y) <= tolerance * max(1.0, abs(x), abs(y))
    return a == b


def mart_differences(
    left: Path,
    right: Path,
    tables: Sequence[str] | None = None,
    schema: str = MARTS_SCHEMA,
    tolerance: float = 1e-9,
) -> list[str]:
    """Readable differences between the marts of two DuckDB warehouses (empty when equal).

    Every table of `schema` (or only `tables`) must exist in both with the same columns and the
    same rows: numbers equal within `tolerance` (relative), everything else exactly.
    """
    differences: list[str] = []
    with (
        duckdb.connect(str(left), read_only=True) as a,
        duckdb.connect(str(right), read_only=True) as b,
    ):
        listing = (
            "select table_name from information_schema.tables where table_schema = ? "
            "order by table_name"
        )
        names = tables or [row[0] for row in a.execute(listing, [schema]).fetchall()]
        right_names = {row[0] for row in b.execute(listing, [schema]).fetchall()}
        for name in names:
            if name not in right_names:
                differences.append(f"{name}: missing on the right")
                continue
            columns = [row[0] for row in a.execute(f"describe {schema}.{name}").fetchall()]
            other = [row[0] for row in b.execute(f"describe {schema}.{name}").fetchall()]
            if columns != other:
                differences.append(f"{name}: columns differ: {columns} vs {other}")
                continue
            query = f"select * from {schema}.{name} order by all"
            rows_a = a.execute(query).fetchall()
            rows_b = b.execute(query).fetchall()
            if len(rows_a) != len(rows_b):
                differences.append(f"{name}: {len(rows_a)} rows vs {len(rows_b)}")
                continue
            for row_a, row_b in zip(rows_a, rows_b, strict=True):
                bad = [
                    f"{column}={x!r} vs {y!r}"
                    for column, x, y in zip(columns, row_a, row_b, strict=True)
                    if not _close(x, y, tolerance)
                ]
                if bad:
                    differences.append(f"{name}: {', '.join(bad[:4])} in row {row_a[:6]}")
                    break
    return differences


@pytest.fixture
def dbt_project(tmp_path: Path) -> DbtProject:
    """A dbt runner on a fresh warehouse under tmp_path."""
    return DbtProject(work_dir=tmp_path / "dbt", warehouse=tmp_path / "warehouse.duckdb")


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo company built once per test session (seeds and models, no tests)."""
    work_dir = tmp_path_factory.mktemp("demo")
    project = DbtProject(work_dir=work_dir / "dbt", warehouse=work_dir / "demo.duckdb")
    project.run("seed")
    project.run("run")
    return project.warehouse


def load_csv_tables(
    warehouse: Path, raw_dir: Path, schema_prefix: str, *, all_varchar: bool
) -> str:
    """Load <raw_dir>/<source>/<table>.csv into <prefix>_<source>.<table> of a DuckDB file, the
    way a loader would; returns the dbt vars that point the four sources at them."""
    sources = ("salesforce", "marketing", "billing", "finance")
    with duckdb.connect(str(warehouse)) as con:
        for source in sources:
            schema = f"{schema_prefix}_{source}"
            con.execute(f"create schema if not exists {schema}")
            for csv_path in sorted((raw_dir / source).glob("*.csv")):
                con.execute(
                    f'create table {schema}."{csv_path.stem}" as select * from read_csv(?, '
                    f"header = true, all_varchar = {str(all_varchar).lower()})",
                    [str(csv_path)],
                )
    return "{" + ", ".join(f"{source}_schema: {schema_prefix}_{source}" for source in sources) + "}"
