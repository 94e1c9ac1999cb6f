"""dbt's manifest (target/manifest.json), read into small typed records.

The project's facts live in its YAML: column descriptions, data tests (accepted_values,
accepted_range, unique_combination_of_columns...), not_null column constraints (read as not_null
tests: the model's not_null_constraints test checks them) and meta (the KPI registry, see
`salesfx.registry`). dbt writes them all to `manifest.json` at every parse or build; the tools
that need them (the registry, the Great Expectations suites, the coverage gate) read them here
instead of restating them in Python.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_TARGET = Path("target")
MANIFEST = "manifest.json"
MARTS_PATH = "models/marts/"
# the prefixes of the tables users query: the marts and the semantic layer's facts
PUBLISHED_PREFIXES: tuple[str, ...] = ("kpi_", "fct_", "dim_")


class ManifestMissingError(FileNotFoundError):
    """Raised when there is no manifest.json where one is expected."""


def target_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The dbt artifacts folder: explicit, else $DBT_TARGET_PATH, else target/."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("DBT_TARGET_PATH", str(DEFAULT_TARGET)))


def manifest_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """manifest.json: `explicit` may be the file or its folder; default target_path()."""
    path = target_path(explicit)
    return path if path.suffix == ".json" else path / MANIFEST


@dataclass(frozen=True)
class DataTest:
    """A generic data test attached to a model (`column` is None for a model-level test)."""

    name: str  # the generic test, e.g. "not_null", "accepted_range"
    column: str | None
    kwargs: Mapping[str, Any] = field(default_factory=dict)  # without model, column_name
    where: str | None = None  # the test's `where` config
    severity: str = "error"  # the test's `severity` config, lower case

    def arg(self, key: str, default: Any = None) -> Any:
        return self.kwargs.get(key, default)

    @property
    def is_warning(self) -> bool:
        """A `severity: warn` test: an expectation about the data, not a rule it must follow."""
        return self.severity == "warn"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str | None
    description: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    tests: tuple[DataTest, ...] = ()
    not_null_constraint: bool = False  # `constraints: [{type: not_null}]` (also in tests)

    def tests_named(self, name: str) -> tuple[DataTest, ...]:
        return tuple(test for test in self.tests if test.name == name)


@dataclass(frozen=True)
class Model:
    name: str
    path: str  # original_file_path
    description: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)  # config.meta
    columns: tuple[Column, ...] = ()
    tests: tuple[DataTest, ...] = ()  # model-level data tests
    unique_id: str = ""

    @property
    def is_mart(self) -> bool:
        return self.path.startswith(MARTS_PATH)

    @property
    def is_kpi_mart(self) -> bool:
        return self.is_mart and self.name.startswith("kpi_")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)

    def tests_named(self, name: str) -> tuple[DataTest, ...]:
        return tuple(test for test in self.tests if test.name == name)

    @property
    def all_tests(self) -> tuple[DataTest, ...]:
        """Model-level tests, then every column's, in column order."""
        return self.tests + tuple(test for column in self.columns for test in column.tests)


@dataclass(frozen=True)
class Manifest:
    """The models of the project (by name), with their columns and data tests."""

    models: Mapping[str, Model] = field(default_factory=dict)
    path: Path | None = None

    def model(self, name: str) -> Model | None:
        return self.models.get(name)

    def marts(self) -> tuple[Model, ...]:
        return tuple(model for model in self.models.values() if model.is_mart)

    def kpi_marts(self) -> tuple[Model, ...]:
        return tuple(model for model in self.models.values() if model.is_kpi_mart)


def _data_test(node: Mapping[str, Any]) -> DataTest | None:
    metadata = node.get("test_metadata") or {}
    name = metadata.get("name")
    if not name:  # a singular test: plain SQL, nothing to read
        return None
    kwargs = {
        key: value
        for key, value in (metadata.get("kwargs") or {}).items()
        if key not in ("model", "column_name")
    }
    config = node.get("config") or {}
    severity = str(config.get("severity") or "error").lower()
    return DataTest(
        str(name), node.get("column_name"), MappingProxyType(kwargs), config.get("where"), severity
    )


def _has_not_null_constraint(column: Mapping[str, Any]) -> bool:
    return any(str(c.get("type")) == "not_null" for c in column.get("constraints") or ())


def _constraint_tests(column: Mapping[str, Any]) -> tuple[DataTest, ...]:
    """A column's `constraints: [{type: not_null}]`, read as its not_null test: the model's
    not_null_constraints data test checks every such column in one query (and an enforced
    contract makes DuckDB and PostgreSQL refuse the null too)."""
    if _has_not_null_constraint(column):
        return (DataTest("not_null", str(column["name"])),)
    return ()


def _meta(item: Mapping[str, Any]) -> dict[str, Any]:
    """meta of a node or column: `config.meta` (dbt 1.10+), over the legacy top-level `meta`."""
    return dict(item.get("meta") or {}) | dict((item.get("config") or {}).get("meta") or {})


def parse_manifest(data: Mapping[str, Any], path: Path | None = None) -> Manifest:
    """The models of a manifest dict (the project's own and its packages')."""
    nodes: Mapping[str, Mapping[str, Any]] = data.get("nodes") or {}
    tests: dict[str, list[DataTest]] = {}
    for node in nodes.values():
        if node.get("resource_type") != "test" or not node.get("attached_node"):
            continue
        test = _data_test(node)
        if test is not None:
            tests.setdefault(str(node["attached_node"]), []).append(test)
    models: dict[str, Model] = {}
    for uid, node in nodes.items():
        if node.get("resource_type") != "model":
            continue
        attached = tests.get(uid, [])
        columns = tuple(
            Column(
                name=str(column["name"]),
                data_type=column.get("data_type"),
                description=str(column.get("description") or ""),
                meta=MappingProxyType(_meta(column)),
                tests=_constraint_tests(column)
                + tuple(t for t in attached if t.column == column["name"]),
                not_null_constraint=_has_not_null_constraint(column),
            )
            for column in (node.get("columns") or {}).values()
        )
        meta = _meta(node)
        models[str(node["name"])] = Model(
            name=str(node["name"]),
            path=str(node.get("original_file_path") or ""),
            description=str(node.get("description") or ""),
            meta=MappingProxyType(meta),
            columns=columns,
            tests=tuple(t for t in attached if t.column is None),
            unique_id=str(uid),
        )
    return Manifest(MappingProxyType(models), path)


def load_manifest(path: str | os.PathLike[str] | None = None) -> Manifest:
    """Read manifest.json (`path`: the file or its folder; default $DBT_TARGET_PATH or target/)."""
    file = manifest_path(path)
    if not file.exists():
        raise ManifestMissingError(
            f"No dbt manifest at {file}: run `dbt parse` (or `dbt build`) first, or point "
            "DBT_TARGET_PATH at the folder holding manifest.json."
        )
    return parse_manifest(json.loads(file.read_text(encoding="utf-8")), file)
