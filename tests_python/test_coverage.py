"""`salesfx coverage`: the documentation / test coverage gate (dbt-score + dbt-coverage).

The rules are unit-tested on hand-made dbt-score models. The gate itself runs on the project's
own artifacts (manifest.json + catalog.json in $DBT_TARGET_PATH or target/, written by
`dbt docs generate` in the Makefile's test target; skipped with a message when absent): it passes
as is, and fails on copies where a model lost its description, its primary-key test or a kpi_
mart its unit tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ManifestBuilder
from dbt_score import Model
from dbt_score.models import Column, Constraint
from dbt_score.models import Test as ScoreTest
from rich.console import Console

from salesfx import coverage, score_rules
from salesfx.manifest import load_manifest

PROJECT_DIR = Path(__file__).resolve().parents[1]


def _model(
    name: str = "kpi_x",
    path: str = "models/marts/x/kpi_x.sql",
    description: str = "A mart.",
    columns: list[Column] | None = None,
    tests: list[ScoreTest] | None = None,
    config: dict[str, Any] | None = None,
) -> Model:
    return Model(
        unique_id=f"model.sales_effectiveness.{name}",
        name=name,
        relation_name=None,
        description=description,
        original_file_path=path,
        config=config or {"materialized": "table", "contract": {"enforced": True}},
        meta={},
        columns=columns or [],
        package_name="sales_effectiveness",
        database="main",
        schema="main_marts",
        raw_code="select 1",
        language="sql",
        access="protected",
        group=None,
        tests=tests or [],
    )


def _col(name: str, description: str = "described", tests: tuple[str, ...] = ()) -> Column:
    return Column(
        name=name, description=description, tests=[ScoreTest(name=t, type=t) for t in tests]
    )


def _evaluate(rule: type, model: Model) -> object:
    return rule().evaluate(model)


KPI_COLUMNS = [_col(c) for c in score_rules.KPI_SHAPE] + [_col("units_sold")]


# --- the rules, on hand-made models ---------------------------------------------------------


def test_description_rule() -> None:
    assert _evaluate(score_rules.model_has_description, _model()) is None
    assert _evaluate(score_rules.model_has_description, _model(description="  ")) is not None


def test_primary_key_rule_accepts_unique_and_not_null_or_a_compound_test() -> None:
    single = _model(columns=[_col("id", tests=("unique", "not_null"))])
    assert score_rules.primary_key_columns(single) == ["id"]
    compound = _model(
        tests=[
            ScoreTest(
                name="ucc",
                type="unique_combination_of_columns",
                kwargs={"combination_of_columns": ["a", "b"]},
            )
        ]
    )
    assert score_rules.primary_key_columns(compound) == ["a", "b"]
    assert _evaluate(score_rules.model_has_primary_key_test, compound) is None


def _constrained(name: str, tests: tuple[str, ...] = ()) -> Column:
    column = _col(name, tests=tests)
    column.constraints = [Constraint(type="not_null")]
    return column


NOT_NULL_CONSTRAINTS = ScoreTest(name="nnc", type="not_null_constraints")


def test_primary_key_rule_reads_a_not_null_constraint_checked_by_the_model_test() -> None:
    checked = _model(columns=[_constrained("id", ("unique",))], tests=[NOT_NULL_CONSTRAINTS])
    assert score_rules.primary_key_columns(checked) == ["id"]
    # a constraint no test checks proves nothing (no engine enforces it without a contract)
    unchecked = _model(columns=[_constrained("id", ("unique",))])
    assert score_rules.primary_key_columns(unchecked) == []


def test_not_null_constraints_rule() -> None:
    rule = score_rules.model_checks_its_not_null_constraints
    unchecked = _model(columns=[_col("id"), _constrained("amount_usd")])
    violation = _evaluate(rule, unchecked)
    assert violation is not None and "amount_usd" in str(violation) and "id" not in str(violation)
    checked = _model(columns=[_constrained("amount_usd")], tests=[NOT_NULL_CONSTRAINTS])
    assert _evaluate(rule, checked) is None
    assert _evaluate(rule, _model(columns=[_col("id")])) is None


def test_not_null_constraints_count_as_tests_only_where_the_model_checks_them(
    tmp_path: Path,
) -> None:
    builder = ManifestBuilder(formats=None)
    for name in ("checked", "unchecked"):
        builder.model(
            name,
            columns=[
                {"name": "id", "constraints": [{"type": "not_null"}]},
                {"name": "amount_usd"},
            ],
        )
    builder.test("checked", "not_null_constraints")
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": builder.nodes}))
    assert coverage.model_checked_columns(tmp_path / "manifest.json") == {
        "model.demo.checked": ("id",)
    }
    # elsewhere (the GX suites, the primary-key rule) the constraint reads as a not_null test
    column = load_manifest(tmp_path / "manifest.json").models["checked"].column("id")
    assert column is not None and column.not_null_constraint
    assert [t.name for t in column.tests] == ["not_null"]


def test_measure_ranges_count_as_tests_where_the_kpi_mart_checks_them(tmp_path: Path) -> None:
    builder = ManifestBuilder()
    measures = {
        "response_rate": {"label": "Rate", "format": "rate", "higher_is_better": True},
        "bookings_usd": {"label": "Bookings", "format": "usd", "higher_is_better": True},
    }
    builder.kpi_mart("kpi_checked", measures)
    builder.test("kpi_checked", "kpi_measures_in_range")
    builder.kpi_mart("kpi_unchecked", measures)
    (tmp_path / "manifest.json").write_text(json.dumps(builder.data()))
    # a rate has a bounded range; money is open: nothing to check
    assert coverage.model_checked_columns(tmp_path / "manifest.json") == {
        "model.demo.kpi_checked": ("response_rate",)
    }


def test_kpi_mart_range_rule() -> None:
    rule = score_rules.kpi_mart_checks_measure_ranges
    violation = _evaluate(rule, _model(columns=KPI_COLUMNS))
    assert violation is not None and "kpi_measures_in_range" in str(violation)
    checked = _model(columns=KPI_COLUMNS, tests=[ScoreTest(name="r", type="kpi_measures_in_range")])
    assert _evaluate(rule, checked) is None


def test_primary_key_rule_rejects_unique_without_not_null() -> None:
    only_unique = _model(columns=[_col("id", tests=("unique",))])
    assert _evaluate(score_rules.model_has_primary_key_test, only_unique) is not None


def test_mart_columns_rule() -> None:
    undocumented = _model(columns=[_col("id"), _col("amount_usd", description="")])
    violation = _evaluate(score_rules.mart_columns_have_description, undocumented)
    assert violation is not None and "amount_usd" in str(violation)
    assert _evaluate(score_rules.mart_columns_have_description, _model(columns=[])) is not None


def test_contract_rule() -> None:
    assert _evaluate(score_rules.mart_has_enforced_contract, _model()) is None
    loose = _model(config={"materialized": "table"})
    assert _evaluate(score_rules.mart_has_enforced_contract, loose) is not None


def test_kpi_shape_rule() -> None:
    assert _evaluate(score_rules.kpi_mart_has_uniform_shape, _model(columns=KPI_COLUMNS)) is None
    swapped = [KPI_COLUMNS[1], KPI_COLUMNS[0], *KPI_COLUMNS[2:]]
    assert _evaluate(score_rules.kpi_mart_has_uniform_shape, _model(columns=swapped)) is not None


def test_mart_rules_only_apply_to_marts() -> None:
    staging = _model(name="stg_x", path="models/staging/x/stg_x.sql")
    assert not score_rules.mart_columns_have_description.should_evaluate(staging)
    assert not score_rules.kpi_mart_has_uniform_shape.should_evaluate(staging)
    dim = _model(name="dim_x", path="models/marts/core/dim_x.sql")
    assert score_rules.mart_has_enforced_contract.should_evaluate(dim)
    assert not score_rules.kpi_mart_has_uniform_shape.should_evaluate(dim)


def test_gates_document_their_thresholds() -> None:
    by_name = {g.name: g for g in coverage.GATES}
    assert by_name["mart columns described"].fail_under == 1.0
    assert by_name["kpi_ marts with unit tests"].fail_under == 1.0
    assert all(0 < g.fail_under <= 1 for g in coverage.GATES)


def test_missing_artifacts_exit_2(tmp_path: Path) -> None:
    console = Console(record=True, width=200)
    assert coverage.run(tmp_path, PROJECT_DIR, None, console) == coverage.EXIT_MISSING
    assert "dbt docs generate" in console.export_text()


# --- the gate on the project's own artifacts -------------------------------------------------


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = coverage.target_path()
    if not folder.is_absolute():
        folder = PROJECT_DIR / folder
    missing = [n for n in ("manifest.json", "catalog.json") if not (folder / n).exists()]
    if missing:
        pytest.skip(f"no {', '.join(missing)} in {folder}: run `dbt docs generate` first")
    return folder


@pytest.fixture()
def artifact_copy(artifacts: Path, tmp_path: Path) -> Path:
    for name in ("manifest.json", "catalog.json"):
        shutil.copyfile(artifacts / name, tmp_path / name)
    return tmp_path


def _run_gate(folder: Path) -> tuple[int, str]:
    console = Console(record=True, width=250)
    code = coverage.run(folder, PROJECT_DIR, None, console)
    return code, console.export_text()


def _edit_manifest(folder: Path, edit: Any) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _first_kpi_mart(manifest: dict[str, Any]) -> str:
    return sorted(
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["name"].startswith("kpi_")
    )[0]


def test_project_passes_the_gate(artifacts: Path) -> None:
    code, text = _run_gate(artifacts)
    assert code == coverage.EXIT_OK, text


def test_gate_fails_on_a_model_without_description(artifact_copy: Path) -> None:
    stripped: list[str] = []

    def strip(manifest: dict[str, Any]) -> None:
        uid = _first_kpi_mart(manifest)
        manifest["nodes"][uid]["description"] = ""
        stripped.append(manifest["nodes"][uid]["name"])

    _edit_manifest(artifact_copy, strip)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    assert f"{stripped[0]}: model_has_description: Model lacks a description" in text


def test_gate_fails_on_a_model_without_primary_key_test(artifact_copy: Path) -> None:
    stripped: list[str] = []

    def strip(manifest: dict[str, Any]) -> None:
        uid = _first_kpi_mart(manifest)
        stripped.append(manifest["nodes"][uid]["name"])
        manifest["nodes"] = {
            k: v
            for k, v in manifest["nodes"].items()
            if not (v["resource_type"] == "test" and v.get("attached_node") == uid)
        }

    _edit_manifest(artifact_copy, strip)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    assert f"{stripped[0]}: model_has_primary_key_test: No primary-key test" in text


def test_gate_fails_on_a_kpi_mart_without_unit_tests(artifact_copy: Path) -> None:
    stripped: list[str] = []

    def strip(manifest: dict[str, Any]) -> None:
        uid = _first_kpi_mart(manifest)
        stripped.append(manifest["nodes"][uid]["name"])
        manifest["unit_tests"] = {
            k: v
            for k, v in manifest.get("unit_tests", {}).items()
            if uid not in v["depends_on"]["nodes"]
        }

    _edit_manifest(artifact_copy, strip)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    misses = text[text.index("kpi_ marts with unit tests misses:") :]
    assert f"main_marts.{stripped[0]}" in misses.replace("\n", "")


def test_gate_fails_on_an_undocumented_mart_column(artifact_copy: Path) -> None:
    stripped: list[str] = []

    def strip(manifest: dict[str, Any]) -> None:
        node = manifest["nodes"][_first_kpi_mart(manifest)]
        node["columns"]["period_start"]["description"] = ""
        stripped.append(node["name"])

    _edit_manifest(artifact_copy, strip)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    name = stripped[0]
    assert (
        f"{name}: mart_columns_have_description: Columns lack a description: period_start" in text
    )
    assert f"main_marts.{name}.period_start" in text  # dbt-coverage's miss


def test_registry_check_counts_and_problems(tmp_path: Path) -> None:
    builder = ManifestBuilder()
    builder.kpi_mart(
        "kpi_x",
        {
            "requests": {"label": "Requests", "format": "count", "higher_is_better": True},
            "share": None,
        },
    )
    result = coverage.run_registry_check(builder.write(tmp_path) / "manifest.json")
    assert (result.measures, result.marts) == (1, 1)
    assert not result.passed
    assert result.problems == (
        "kpi_x.share: measure without meta kpi (label, format, higher_is_better)",
    )


def test_project_passes_the_registry_check(artifacts: Path) -> None:
    result = coverage.run_registry_check(artifacts / "manifest.json")
    assert result.passed, result.problems
    # every kpi_ mart of the project is in the registry (the count grows with the marts)
    nodes = json.loads((artifacts / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    kpi_marts = {
        node["name"]
        for node in nodes.values()
        if node["resource_type"] == "model" and node["name"].startswith("kpi_")
    }
    assert result.marts == len(kpi_marts) >= 10 and result.measures > 60


def _first_measure(manifest: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(mart, column, column node) of the first column with a registry entry of a kpi_ mart."""
    node = manifest["nodes"][_first_kpi_mart(manifest)]
    name, column = next((n, c) for n, c in node["columns"].items() if "kpi" in c["config"]["meta"])
    return node["name"], name, column


def test_gate_fails_on_a_measure_without_registry_entry(artifact_copy: Path) -> None:
    stripped: list[str] = []

    def strip(manifest: dict[str, Any]) -> None:
        mart, name, column = _first_measure(manifest)
        column["meta"].pop("kpi", None)
        column["config"]["meta"].pop("kpi")
        stripped.append(f"{mart}.{name}")

    _edit_manifest(artifact_copy, strip)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    assert f"{stripped[0]}: measure without meta kpi" in text.replace("\n", " ")


def test_gate_fails_on_an_unknown_format(artifact_copy: Path) -> None:
    def corrupt(manifest: dict[str, Any]) -> None:
        column = _first_measure(manifest)[2]
        for meta in (column["meta"], column["config"]["meta"]):
            meta["kpi"] = {**meta["kpi"], "format": "euros"}

    _edit_manifest(artifact_copy, corrupt)
    code, text = _run_gate(artifact_copy)
    assert code == coverage.EXIT_FAILED, text
    assert "format 'euros' is not one of" in text
