"""Shared fixtures: the project's dbt manifest, and hand-made manifests for the registry tests."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from salesfx.manifest import Manifest, load_manifest, manifest_path, parse_manifest

PROJECT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_manifest(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """The project's manifest: $DBT_TARGET_PATH or target/ as the last build left it, else a
    fresh `dbt parse` into a temporary folder (skips when dbt cannot run)."""
    file = manifest_path()
    if not file.is_absolute():
        file = PROJECT_DIR / file
    if file.exists():
        return load_manifest(file)
    dbt = Path(sys.executable).with_name("dbt")
    if not dbt.exists() or not (PROJECT_DIR / "profiles.yml").exists():
        pytest.skip(f"no manifest at {file} and no dbt to parse the project: run `make setup`")
    target = tmp_path_factory.mktemp("dbt_target")
    done = subprocess.run(
        [str(dbt), "parse", "--target-path", str(target), "--profiles-dir", str(PROJECT_DIR)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"dbt parse failed:\n{done.stdout}\n{done.stderr}")
    return load_manifest(target)


FORMATS = {
    "count": [0, None],
    "rate": [0, 1],
    "growth": [-1, None],
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
