"""Shared helpers for the pytest suite: the project's location, a dbt runner that builds into a
throwaway warehouse, and a comparison of two warehouses' marts.

Every test that builds the project gets its own warehouse file, target and log folders under
pytest's tmp_path, so tests never touch `warehouse/` or `target/` of the working tree.
The KPI registry tests share the project's manifest (`project_manifest`) and a builder of
hand-made manifests (`ManifestBuilder`).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from salesfx.manifest import Manifest, load_manifest, manifest_path, parse_manifest

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
MARTS_SCHEMA = "main_marts"


@dataclass
class DbtProject:
    """Runs dbt on a project (default: this one) against one DuckDB warehouse file."""

    work_dir: Path
    warehouse: Path
    env: dict[str, str] = field(default_factory=dict)
    project_dir: Path = PROJECT_DIR
    profiles: Path = PROJECT_DIR / "profiles.example.yml"

    def __post_init__(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        profiles = self.work_dir / "profiles.yml"
        if not profiles.exists():
            shutil.copy(self.profiles, profiles)

    def environment(self) -> dict[str, str]:
        """The environment dbt (or salesfx) runs in: this warehouse, its own target and logs."""
        return {
            **os.environ,
            "SALESFX_TARGET": "duckdb",
            "SALESFX_DUCKDB_PATH": str(self.warehouse),
            "DBT_TARGET_PATH": str(self.work_dir / "target"),
            "DBT_LOG_PATH": str(self.work_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **self.env,
        }

    def run(self, *args: str, vars_yaml: str | None = None, check: bool = True) -> str:
        """Run `dbt <args>` and return its output; on an error, fail with the output's tail."""
        command = [str(DBT), *args, "--project-dir", str(self.project_dir)]
        command += ["--profiles-dir", str(self.work_dir)]
        if vars_yaml:
            command += ["--vars", vars_yaml]
        result = subprocess.run(
            command,
            cwd=self.project_dir,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
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
    # the demo company's data, loaded elsewhere: its own email domain still applies
    pointed = ", ".join(f"{source}_schema: {schema_prefix}_{source}" for source in sources)
    return "{" + pointed + ", keep_demo_only_rows: true}"


@pytest.fixture(scope="session")
def project_manifest(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """The project's manifest: $DBT_TARGET_PATH or target/ as the last build left it, else a
    fresh `dbt parse` into a temporary folder (skips when dbt cannot run)."""
    file = manifest_path()
    if not file.is_absolute():
        file = PROJECT_DIR / file
    if file.exists():
        return load_manifest(file)
    if not DBT.exists():
        pytest.skip(f"no manifest at {file} and no dbt to parse the project: run `make setup`")
    work = tmp_path_factory.mktemp("dbt_parse")
    DbtProject(work_dir=work, warehouse=work / "warehouse.duckdb").run("parse")
    target = work / "target"
    return load_manifest(target)


FORMATS = {
    "count": [0, None],
    "rate": [0, 1],
    "growth": [None, None],
    "usd": [None, None],
    "minutes": [0, None],
    "days": [0, None],
    "number": [None, None],
}
SHAPE = (
    "period_grain",
    "period_start",
    "is_complete_period",
    "segment_type",
    "segment_value",
    "segment_label",
)


class ManifestBuilder:
    """A small manifest.json, dbt-shaped: models with columns, meta and data tests."""

    def __init__(self, formats: dict[str, list[float | None]] | None = FORMATS) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        if formats is not None:
            self.model("dim_kpi_measures", "models/marts/core", meta={"kpi_formats": formats})
            self.test(
                "dim_kpi_measures",
                "unique_combination_of_columns",
                combination_of_columns=["mart", "column_name"],
            )

    def model(
        self,
        name: str,
        folder: str = "models/marts/x",
        columns: list[dict[str, Any]] | None = None,
        meta: dict[str, Any] | None = None,
        description: str = "**A mart**: what it says.\n\nGrain: one row per thing.",
    ) -> str:
        uid = f"model.demo.{name}"
        self.nodes[uid] = {
            "resource_type": "model",
            "name": name,
            "original_file_path": f"{folder}/{name}.sql",
            "description": description,
            "config": {"meta": meta or {}},
            "meta": {},
            "columns": {
                column["name"]: {
                    "name": column["name"],
                    "data_type": column.get("data_type", "double"),
                    "description": column.get("description", f"The {column['name']}."),
                    "meta": {},
                    "config": {"meta": column.get("meta", {})},
                    "constraints": column.get("constraints", []),
                }
                for column in columns or []
            },
        }
        return uid

    def test(self, model: str, name: str, column: str | None = None, **kwargs: Any) -> None:
        uid = f"test.demo.{name}_{model}_{column}_{len(self.nodes)}"
        self.nodes[uid] = {
            "resource_type": "test",
            "name": uid,
            "attached_node": f"model.demo.{model}",
            "column_name": column,
            "config": {},
            "test_metadata": {"name": name, "kwargs": {"column_name": column, **kwargs}},
        }

    def kpi_mart(
        self,
        name: str,
        measures: dict[str, dict[str, Any] | None],
        mart_meta: dict[str, Any] | None = None,
        extra: list[dict[str, Any]] | None = None,
    ) -> None:
        """A kpi_ mart: the six shape columns with the key test, then `measures` (column ->
        its meta kpi, None for none), then `extra` columns."""
        columns = [{"name": c, "data_type": "varchar"} for c in SHAPE]
        columns += [
            {"name": c, "meta": {} if m is None else {"kpi": m}} for c, m in measures.items()
        ]
        columns += extra or []
        meta = {"kpi_mart": {"title": name.replace("_", " "), "order": 10}}
        if mart_meta is not None:
            meta = {"kpi_mart": mart_meta}
        self.model(name, "models/marts/x", columns, meta)
        self.test(
            name,
            "unique_combination_of_columns",
            combination_of_columns=list(SHAPE[:2] + SHAPE[3:5]),
        )
        self.test(name, "accepted_values", "segment_type", values=["company", "warmth"])

    def data(self) -> dict[str, Any]:
        return {"metadata": {"project_name": "demo"}, "nodes": self.nodes}

    def build(self) -> Manifest:
        return parse_manifest(self.data())

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.json").write_text(json.dumps(self.data()), encoding="utf-8")
        return folder


@pytest.fixture()
def manifest_builder() -> Callable[..., ManifestBuilder]:
    return ManifestBuilder


# --- reliability figures (README "Reliability"): counted by the fault and fuzz tests, printed at
# the end of the pytest run ---------------------------------------------------------------------
RELIABILITY: dict[str, int] = {}
RELIABILITY_LABELS = {
    "readers_held": "readers that held the warehouse open through a build",
    "kills_survived": "builds killed (SIGKILL, whole process group) without losing a mart",
    "fuzzed_companies": "fuzzed companies built (raw = staged + excluded, rates in [0, 1])",
    "rows_lost": "raw rows lost",
    "resource_errors": "resource limits hit and explained, previous marts intact",
}


def record_reliability(name: str, count: int = 1) -> None:
    """Add `count` to a reliability figure (see RELIABILITY_LABELS)."""
    RELIABILITY[name] = RELIABILITY.get(name, 0) + count


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RELIABILITY:
        return
    terminalreporter.section("reliability")
    for name, count in RELIABILITY.items():
        terminalreporter.write_line(f"{count:>6}  {RELIABILITY_LABELS.get(name, name)}")
