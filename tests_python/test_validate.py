"""`salesfx validate`: the Great Expectations suites of the marts, derived from the manifest.

Three layers:
- the suite builder, without any warehouse: every expectation comes from the project's YAML
  (data tests, the KPI registry), read from dbt's manifest; no value of the YAML is restated in
  Python;
- the runner on a tiny hand-made warehouse (passes, then fails on each kind of corruption);
- the real demo warehouse (reused from SALESFX_DUCKDB_PATH / warehouse/, as built by the Makefile's
  test target before pytest; skipped with a message when absent): it passes, and a corrupted
  copy fails with the failing expectation named.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import ManifestBuilder
from rich.console import Console

from salesfx import registry
from salesfx.manifest import Manifest, manifest_path
from salesfx.registry import KPI_KEY
from salesfx.validate import command, suites
from salesfx.validate.suites import MartSpec, build_suite, company_period_suite, mart_specs
from salesfx.warehouse import MARTS_SCHEMA, warehouse_path

PROJECT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def specs(project_manifest: Manifest) -> dict[str, MartSpec]:
    return {spec.name: spec for spec in mart_specs(project_manifest)}


def _configs(spec: MartSpec) -> list[dict[str, object]]:
    """(type, kwargs) of every expectation of a mart's suite, as plain dicts."""
    suite = build_suite(spec)
    return [{"type": e.expectation_type, **e.configuration.kwargs} for e in suite.expectations]


def _of_type(spec: MartSpec, kind: str) -> list[dict[str, object]]:
    return [c for c in _configs(spec) if c["type"] == kind]


def _accepted(manifest: Manifest, model: str, column: str) -> list[object]:
    found = manifest.models[model].column(column)
    assert found is not None
    return list(found.tests_named("accepted_values")[0].arg("values"))


# --- the suite builder, no warehouse ------------------------------------------------------------


def test_every_mart_has_exactly_one_suite(
    project_manifest: Manifest, specs: dict[str, MartSpec]
) -> None:
    assert set(specs) == {model.name for model in project_manifest.marts()}
    assert len(mart_specs(project_manifest)) == len(specs)
    kpi_order = [s.name for s in mart_specs(project_manifest) if s.is_kpi]
    assert kpi_order == [m.name for m in registry.from_manifest(project_manifest).marts]


def test_kpi_marts_share_the_uniform_key(
    project_manifest: Manifest, specs: dict[str, MartSpec]
) -> None:
    for spec in (s for s in specs.values() if s.is_kpi):
        assert spec.key[: len(KPI_KEY)] == KPI_KEY, spec.name
        compound = _of_type(spec, "expect_compound_columns_to_be_unique")
        assert [c["column_list"] for c in compound] == [list(spec.key)]
        not_null = {c["column"] for c in _of_type(spec, "expect_column_values_to_not_be_null")}
        assert set(spec.key) | {"is_complete_period"} <= not_null
        in_set = {
            str(c["column"]): c
            for c in _of_type(spec, "expect_column_values_to_be_in_set")
            if not c.get("row_condition")
        }
        for column in ("period_grain", "segment_type"):
            expected = _accepted(project_manifest, spec.name, column)
            assert in_set[column]["value_set"] == expected, (spec.name, column)
        assert spec.segment_types[0] == "company"


def test_the_stage_mart_key_has_the_stage(specs: dict[str, MartSpec]) -> None:
    spec = specs["kpi_sales_stage_duration"]
    assert spec.key == (*KPI_KEY, "stage_name")
    assert spec.extra_key == ("stage_name",)
    assert company_period_suite(spec).expectations[0].description == (
        "exactly one company row for every period and stage_name"
    )


def test_every_registry_measure_has_its_range(
    project_manifest: Manifest, specs: dict[str, MartSpec]
) -> None:
    for mart in registry.from_manifest(project_manifest).marts:
        between = {
            str(c["column"]): c
            for c in _of_type(specs[mart.name], "expect_column_values_to_be_between")
        }
        for measure in mart.measures:
            low, high = measure.range
            if low is None and high is None:
                assert measure.column not in between
                continue
            found = between[measure.column]
            assert (found.get("min_value"), found.get("max_value")) == (low, high), measure
            if measure.format == "rate":
                assert (low, high) == (0, 1)


def test_warning_tests_are_left_to_dbt(specs: dict[str, MartSpec]) -> None:
    """Money and its growth can be negative: their range tests only warn, so no expectation."""
    spec = specs["kpi_revenue_growth"]
    between = {str(c["column"]) for c in _of_type(spec, "expect_column_values_to_be_between")}
    assert "revenue_growth_rate" not in between and "recognized_revenue_usd" not in between
    assert any(note.endswith("(warns)") for note in spec.left_to_dbt)


def test_counts_are_non_negative_and_never_null(specs: dict[str, MartSpec]) -> None:
    spec = specs["kpi_customer_churn_rate"]
    between = {str(c["column"]): c for c in _of_type(spec, "expect_column_values_to_be_between")}
    not_null = {c["column"] for c in _of_type(spec, "expect_column_values_to_not_be_null")}
    for measure in (m for m in spec.measures if m.format == "count"):
        assert between[measure.column]["min_value"] == 0
        assert between[measure.column].get("max_value") is None
        assert measure.column in not_null


def test_segment_values_come_from_the_yaml(
    project_manifest: Manifest, specs: dict[str, MartSpec]
) -> None:
    conditional = {
        str(c["row_condition"]["parameter"]): c["value_set"]  # type: ignore[index]
        for c in _of_type(specs["kpi_follow_up_4p"], "expect_column_values_to_be_in_set")
        if c.get("row_condition")
    }
    assert conditional == {
        "company": ["all"],
        "warmth": _accepted(project_manifest, "fct_lead_follow_up_4p", "warmth"),
        "response_time_bucket": _accepted(
            project_manifest, "fct_lead_follow_up_4p", "response_time_bucket"
        ),
    }


def test_fact_accepted_values_and_key(
    project_manifest: Manifest, specs: dict[str, MartSpec]
) -> None:
    spec = specs["fct_lead_follow_up_4p"]
    in_set = {
        str(c["column"]): c["value_set"]
        for c in _of_type(spec, "expect_column_values_to_be_in_set")
        if not c.get("row_condition")
    }
    for column in ("warmth", "response_time_bucket", "person_type"):
        assert in_set[column] == _accepted(project_manifest, spec.name, column)
    unique = _of_type(spec, "expect_column_values_to_be_unique")
    assert [c["column"] for c in unique] == ["request_id"]


def test_simple_expression_tests_become_ordered_pairs(specs: dict[str, MartSpec]) -> None:
    pairs = {
        (c["column_A"], c["column_B"])
        for c in _of_type(
            specs["kpi_lead_response_time"],
            "expect_column_pair_values_a_to_be_greater_than_b",
        )
    }
    assert ("lead_requests", "responded_requests") in pairs
    # an expression that is not a plain `a <= b` stays a dbt test, named in the suite's notes
    cac = specs["kpi_customer_acquisition_cost"]
    assert not _of_type(cac, "expect_column_pair_values_a_to_be_greater_than_b")
    assert any("abs(total_spend_usd" in text for text in cac.left_to_dbt)
    churn = specs["kpi_customer_churn_rate"]
    assert [p.text for p in churn.ordered] == ["churned_customers <= customers_at_start"]
    assert "expression_is_true churned_mrr_usd <= mrr_at_start_usd + 0.000001" in churn.left_to_dbt
    notes = str(build_suite(churn).meta["notes"])
    assert "Left to dbt build" in notes and "mrr_at_start_usd + 0.000001" in notes


def test_every_expectation_has_a_readable_unique_description(specs: dict[str, MartSpec]) -> None:
    for spec in specs.values():
        descriptions = [e.description for e in build_suite(spec).expectations]
        assert all(descriptions), spec.name
        assert len(descriptions) == len(set(descriptions)), spec.name


def test_every_declared_column_must_exist(specs: dict[str, MartSpec]) -> None:
    for spec in specs.values():
        exist = [c["column"] for c in _of_type(spec, "expect_column_to_exist")]
        assert exist == list(spec.columns), spec.name


def test_the_suites_restate_no_yaml_value(project_manifest: Manifest) -> None:
    """No string in suites.py is an accepted value of a mart's YAML test or a registry label."""
    values = {
        str(value)
        for model in project_manifest.marts()
        for test in model.all_tests
        if test.name == "accepted_values"
        for value in test.arg("values") or ()
    }
    values -= {registry.COMPANY, registry.COMPANY_VALUE}  # the KPI shape, by construction
    values |= {m.label for m in registry.from_manifest(project_manifest).measures}
    source = Path(suites.__file__).read_text(encoding="utf-8")
    strings = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not (strings & values), sorted(strings & values)


def test_a_hand_made_manifest_gives_a_hand_made_suite() -> None:
    """The suite follows the YAML: change the YAML (a hand-made manifest), change the suite."""
    builder = ManifestBuilder()
    builder.kpi_mart(
        "kpi_x",
        {
            "lead_requests": {"label": "Requests", "format": "count", "higher_is_better": True},
            "share": {"label": "Share", "format": "rate", "higher_is_better": True},
        },
    )
    builder.test("kpi_x", "expression_is_true", expression="share <= lead_requests")
    spec = mart_specs(builder.build())[0]
    descriptions = [e.description for e in build_suite(spec).expectations]
    assert "segment_type in ['company', 'warmth']" in descriptions
    assert "share in [0, 1]" in descriptions
    assert "lead_requests >= 0" in descriptions
    assert "share <= lead_requests" in descriptions


# --- the runner on a tiny hand-made warehouse -----------------------------------------------------

CAC = "kpi_customer_acquisition_cost"


@pytest.fixture()
def tiny_warehouse(tmp_path: Path) -> Path:
    """int_kpi_periods for Jan-Mar 2025 and a CAC mart that follows the definitions."""
    path = tmp_path / "tiny.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema main_intermediate; create schema main_marts")
        con.execute(
            """
            create table main_intermediate.int_kpi_periods as
            select * from (values
                ('month', date '2025-01-01'), ('month', date '2025-02-01'),
                ('month', date '2025-03-01'), ('quarter', date '2025-01-01'),
                ('year', date '2025-01-01')
            ) as t(period_grain, period_start)
            """
        )
        con.execute(
            f"""
            create table main_marts.{CAC} as
            select
                p.period_grain, p.period_start, p.period_grain <> 'year' as is_complete_period,
                'company' as segment_type, 'all' as segment_value, 'Company' as segment_label,
                2 as new_customers, 10.0 as sales_spend_usd, 20.0 as marketing_spend_usd,
                30.0 as total_spend_usd, 15.0 as cac_usd
            from main_intermediate.int_kpi_periods as p
            union all
            select 'month', date '2025-01-01', true, 'sales_region', 'EMEA', 'EMEA',
                0, 5.0, 0.0, 5.0, null
            """
        )
    return path


def _target() -> str:
    file = manifest_path()
    return str(file if file.is_absolute() else PROJECT_DIR / file)


def _run(path: Path, *marts: str, docs: Path | None = None) -> tuple[int, str]:
    console = Console(record=True, width=200)
    code = command.run(
        str(path), docs_dir=docs, marts=list(marts), console=console, target=_target()
    )
    return code, console.export_text()


@pytest.fixture(autouse=True)
def _manifest_for_the_runner(request: pytest.FixtureRequest) -> None:
    """The runner reads target/manifest.json: make sure there is one (parsed if need be)."""
    if "tiny_warehouse" in request.fixturenames or "corrupted_copy" in request.fixturenames:
        request.getfixturevalue("project_manifest")
        if not Path(_target()).exists():
            pytest.skip("the runner tests need the project's target/manifest.json (dbt parse)")


def test_tiny_warehouse_passes_and_writes_data_docs(tiny_warehouse: Path, tmp_path: Path) -> None:
    code, text = _run(tiny_warehouse, CAC, docs=tmp_path / "docs")
    assert code == 0, text
    assert "expectations passed" in text
    assert (tmp_path / "docs" / "index.html").exists()
    assert list((tmp_path / "docs" / "validations").rglob("*.html"))


@pytest.mark.parametrize(
    ("corruption", "named"),
    [
        (
            f"update main_marts.{CAC} set new_customers = -1 where segment_type = 'company'",
            "new_customers >= 0",
        ),
        (
            f"update main_marts.{CAC} set segment_value = null where segment_type = 'sales_region'",
            "segment_value is never null",
        ),
        (
            f"delete from main_marts.{CAC} where segment_type = 'company' "
            "and period_start = date '2025-02-01' and period_grain = 'month'",
            "exactly one company row for every period",
        ),
        (f"update main_marts.{CAC} set period_grain = 'week'", "period_grain in"),
        (
            f"update main_marts.{CAC} set segment_value = 'ALL' where segment_type = 'company'",
            "company rows have segment_value 'all'",
        ),
        (
            f"insert into main_marts.{CAC} select * from main_marts.{CAC} "
            "where segment_type = 'sales_region'",
            "is unique",
        ),
        (
            f"update main_marts.{CAC} set new_customers = -5 where segment_type = 'company'",
            "new_customers",
        ),
        (f"alter table main_marts.{CAC} drop column cac_usd", "column cac_usd exists"),
    ],
)
def test_tiny_warehouse_corruptions_fail(tiny_warehouse: Path, corruption: str, named: str) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute(corruption)
    code, text = _run(tiny_warehouse, CAC)
    assert code == command.EXIT_FAILED, text
    assert named in text


def test_tiny_warehouse_negative_money_passes(tiny_warehouse: Path) -> None:
    """Money can be negative (credit notes, refunds): its range tests only warn."""
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute(f"update main_marts.{CAC} set cac_usd = -1 where segment_type = 'company'")
    code, text = _run(tiny_warehouse, CAC)
    assert code == 0, text


def test_the_cli_exits_non_zero_on_a_failed_expectation(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute(f"update main_marts.{CAC} set new_customers = -3")
    done = subprocess.run(
        [sys.executable, "-m", "salesfx.cli", "validate", "--warehouse", str(tiny_warehouse)]
        + ["--mart", CAC, "--docs-dir", "", "--target-path", str(Path(_target()).parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == command.EXIT_FAILED, done.stdout + done.stderr
    assert "new_customers >= 0" in done.stdout


def test_missing_warehouse_exits_2(tmp_path: Path) -> None:
    code, text = _run(tmp_path / "absent.duckdb")
    assert code == command.EXIT_MISSING
    assert "No warehouse" in text and "make demo" in text


def test_missing_mart_exits_2_and_is_named(tiny_warehouse: Path) -> None:
    code, text = _run(tiny_warehouse, CAC, "kpi_revenue_growth")
    assert code == command.EXIT_MISSING
    assert "kpi_revenue_growth" in text and "not built" in text


def test_unknown_mart_exits_2(tiny_warehouse: Path) -> None:
    code, text = _run(tiny_warehouse, "kpi_nope")
    assert code == command.EXIT_MISSING
    assert "No suite for kpi_nope" in text


def test_missing_manifest_exits_2(tiny_warehouse: Path, tmp_path: Path) -> None:
    console = Console(record=True, width=200)
    code = command.run(str(tiny_warehouse), None, console=console, target=str(tmp_path))
    assert code == command.EXIT_MISSING
    assert "No dbt manifest" in console.export_text()


# --- the real demo warehouse ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_warehouse(project_manifest: Manifest) -> Path:
    """The built demo warehouse (SALESFX_DUCKDB_PATH or the default), or skip."""
    every_mart = {model.name for model in project_manifest.marts()}
    path = warehouse_path()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path}: run `make demo` (or dbt build) first")
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [MARTS_SCHEMA],
        ).fetchall()
    missing = every_mart - {r[0] for r in rows}
    if missing:
        pytest.skip(f"warehouse {path} lacks marts {sorted(missing)}: build them first")
    return path


@pytest.fixture()
def corrupted_copy(demo_warehouse: Path, tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the demo warehouse."""
    copy = tmp_path / "corrupted.duckdb"
    shutil.copyfile(demo_warehouse, copy)
    wal = demo_warehouse.with_name(demo_warehouse.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    yield copy


def test_demo_warehouse_passes(demo_warehouse: Path, tmp_path: Path) -> None:
    code, text = _run(demo_warehouse, docs=tmp_path / "docs")
    assert code == 0, text
    assert (tmp_path / "docs" / "index.html").exists()


@pytest.mark.parametrize(
    ("mart", "corruption", "named"),
    [
        (
            "kpi_lead_response_time",
            "update main_marts.kpi_lead_response_time set response_rate = 1.5 "
            "where segment_type = 'company' and period_grain = 'month'",
            "response_rate in [0, 1]",
        ),
        (
            "fct_lead_follow_up_4p",
            # the mart's contract makes DuckDB refuse the null: a copy of the table elsewhere,
            # loaded without the constraint, can hold one
            "alter table main_marts.fct_lead_follow_up_4p alter column request_id drop not null; "
            "update main_marts.fct_lead_follow_up_4p set request_id = null "
            "where request_id = (select min(request_id) from main_marts.fct_lead_follow_up_4p)",
            "request_id is never null",
        ),
        (
            "kpi_customer_churn_rate",
            "delete from main_marts.kpi_customer_churn_rate where segment_type = 'company' "
            "and period_grain = 'month' and period_start = (select min(period_start) "
            "from main_marts.kpi_customer_churn_rate)",
            "exactly one company row for every period",
        ),
        (
            "kpi_follow_up_4p",
            "update main_marts.kpi_follow_up_4p set segment_value = 'lukewarm' "
            "where segment_type = 'warmth'",
            "warmth segment values in",
        ),
    ],
)
def test_corrupted_demo_warehouse_fails(
    corrupted_copy: Path, mart: str, corruption: str, named: str
) -> None:
    with duckdb.connect(str(corrupted_copy)) as con:
        con.execute(corruption)
    code, text = _run(corrupted_copy, mart)
    assert code == command.EXIT_FAILED, text
    assert named in text
