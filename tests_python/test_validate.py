"""`salesfx validate`: the Great Expectations suites of the marts.

Three layers:
- the suite builder, without any warehouse (the declarative table says what docs/kpis.md says);
- the runner on a tiny hand-made warehouse (passes, then fails on each kind of corruption);
- the real demo warehouse (reused from SALESFX_DUCKDB_PATH / warehouse/, as built by the Makefile's
  test target before pytest; skipped with a message when absent): it passes, and a corrupted
  copy fails with the failing expectation named.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from salesfx.validate import command
from salesfx.validate.suites import (
    KPI_KEY,
    MART_SPECS,
    PERIOD_GRAINS,
    RESPONSE_TIME_BUCKETS,
    SPECS_BY_NAME,
    WARMTHS,
    MartSpec,
    build_suite,
    company_period_suite,
)
from salesfx.warehouse import MARTS_SCHEMA, warehouse_path

EVERY_MART = {
    "kpi_lead_response_time",
    "kpi_follow_up_4p",
    "fct_lead_follow_up_4p",
    "fct_follow_ups",
    "kpi_sales_cycle_length",
    "kpi_sales_stage_duration",
    "kpi_sales_volume",
    "kpi_customer_acquisition_cost",
    "kpi_customer_churn_rate",
    "kpi_upsell_cross_sell_rate",
    "kpi_revenue_growth",
    "kpi_sales_productivity",
    "dim_sales_reps",
    "dim_accounts",
    "dim_products",
    "fct_opportunities",
}


def _configs(name: str) -> list[dict[str, object]]:
    """(type, kwargs) of every expectation of a mart's suite, as plain dicts."""
    suite = build_suite(SPECS_BY_NAME[name])
    return [{"type": e.expectation_type, **e.configuration.kwargs} for e in suite.expectations]


def _of_type(name: str, kind: str) -> list[dict[str, object]]:
    return [c for c in _configs(name) if c["type"] == kind]


# --- the suite builder, no warehouse ------------------------------------------------------------


def test_every_mart_has_exactly_one_spec() -> None:
    names = [s.name for s in MART_SPECS]
    assert len(names) == len(set(names))
    assert set(names) == EVERY_MART


@pytest.mark.parametrize("spec", [s for s in MART_SPECS if s.is_kpi], ids=lambda s: s.name)
def test_kpi_marts_share_the_uniform_key(spec: MartSpec) -> None:
    assert spec.key[: len(KPI_KEY)] == KPI_KEY
    assert spec.segment_types[0] == "company"
    compound = _of_type(spec.name, "expect_compound_columns_to_be_unique")
    assert [c["column_list"] for c in compound] == [list(spec.key)]
    not_null = {c["column"] for c in _of_type(spec.name, "expect_column_values_to_not_be_null")}
    assert set(spec.key) | {"is_complete_period"} <= not_null
    in_set = {str(c["column"]): c for c in _of_type(spec.name, "expect_column_values_to_be_in_set")}
    assert in_set["period_grain"]["value_set"] == list(PERIOD_GRAINS)
    assert in_set["segment_type"]["value_set"] == list(spec.segment_types)


def test_the_stage_mart_key_has_the_stage() -> None:
    spec = SPECS_BY_NAME["kpi_sales_stage_duration"]
    assert spec.key == (*KPI_KEY, "stage_name")
    assert spec.extra_key == ("stage_name",)
    assert spec.company_spine_sql and "not is_closed" in spec.company_spine_sql


def test_segment_types_follow_kpis_md() -> None:
    assert SPECS_BY_NAME["kpi_lead_response_time"].segment_types == (
        "company",
        "warmth",
        "form_type",
        "sales_team",
        "sales_rep",
    )
    assert "response_time_bucket" in SPECS_BY_NAME["kpi_follow_up_4p"].segment_types
    assert SPECS_BY_NAME["kpi_upsell_cross_sell_rate"].segment_types == ("company", "sales_region")


def test_rates_are_fractions_but_growth_rates_are_not_bounded() -> None:
    for spec in MART_SPECS:
        between = {
            str(c["column"]): c
            for c in _of_type(spec.name, "expect_column_values_to_be_between")
            if "row_condition" not in c
        }
        for rate in spec.rates:
            assert (between[rate]["min_value"], between[rate]["max_value"]) == (0, 1), rate
        for growth in spec.growth_rates:
            assert growth not in between, growth
        # every *_rate column the spec names is either a [0, 1] rate or an exempt growth rate
        named_rates = {c for c in spec.columns if c.endswith("_rate")}
        assert named_rates == set(spec.rates) | set(spec.growth_rates), spec.name
    assert "revenue_growth_rate" in SPECS_BY_NAME["kpi_revenue_growth"].growth_rates


def test_counts_are_non_negative_and_never_null() -> None:
    spec = SPECS_BY_NAME["kpi_customer_churn_rate"]
    between = {
        str(c["column"]): c for c in _of_type(spec.name, "expect_column_values_to_be_between")
    }
    not_null = {c["column"] for c in _of_type(spec.name, "expect_column_values_to_not_be_null")}
    for count in spec.counts:
        assert between[count]["min_value"] == 0
        assert between[count].get("max_value") is None
        assert count in not_null


def test_segment_values_fixed_by_the_spec_are_conditional_sets() -> None:
    conditional = {
        str(c["row_condition"]["parameter"]): c["value_set"]  # type: ignore[index]
        for c in _of_type("kpi_follow_up_4p", "expect_column_values_to_be_in_set")
        if c.get("row_condition")
    }
    assert conditional == {
        "company": ["all"],
        "warmth": list(WARMTHS),
        "response_time_bucket": list(RESPONSE_TIME_BUCKETS),
    }


def test_fact_accepted_values() -> None:
    in_set = {
        str(c["column"]): c["value_set"]
        for c in _of_type("fct_lead_follow_up_4p", "expect_column_values_to_be_in_set")
        if not c.get("row_condition")
    }
    assert in_set["warmth"] == list(WARMTHS)
    assert in_set["response_time_bucket"] == list(RESPONSE_TIME_BUCKETS)
    unique = _of_type("fct_lead_follow_up_4p", "expect_column_values_to_be_unique")
    assert [c["column"] for c in unique] == ["request_id"]


def test_implications_are_conditional_sets() -> None:
    implied = [
        (c["column"], c["value_set"], c["row_condition"]["column"]["name"])  # type: ignore[index]
        for c in _of_type("fct_lead_follow_up_4p", "expect_column_values_to_be_in_set")
        if c.get("row_condition")
    ]
    assert ("within_sla", [False], "responded") in implied
    assert ("response_time_bucket", ["no response"], "responded") in implied


def test_company_period_suite() -> None:
    suite = company_period_suite(SPECS_BY_NAME["kpi_sales_volume"])
    assert suite.name == "kpi_sales_volume.company_periods"
    kinds = {e.expectation_type: e.configuration.kwargs for e in suite.expectations}
    rows = kinds["expect_column_values_to_be_between"]
    assert (rows["column"], rows["min_value"], rows["max_value"]) == ("company_rows", 1, 1)
    assert kinds["expect_column_values_to_be_in_set"]["value_set"] == [True]


def test_every_expectation_has_a_readable_unique_description() -> None:
    for spec in MART_SPECS:
        descriptions = [e.description for e in build_suite(spec).expectations]
        assert all(descriptions), spec.name
        assert len(descriptions) == len(set(descriptions)), spec.name


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


def _run(path: Path, *marts: str, docs: Path | None = None) -> tuple[int, str]:
    console = Console(record=True, width=200)
    code = command.run(str(path), docs_dir=docs, marts=list(marts), console=console)
    return code, console.export_text()


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
            f"update main_marts.{CAC} set cac_usd = -1 where segment_type = 'company'",
            "cac_usd >= 0",
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
            f"update main_marts.{CAC} set sales_spend_usd = 99 where segment_type = 'company'",
            "total_spend_usd >= sales_spend_usd",
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


def test_the_cli_exits_non_zero_on_a_failed_expectation(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute(f"update main_marts.{CAC} set new_customers = -3")
    done = subprocess.run(
        [sys.executable, "-m", "salesfx.cli", "validate", "--warehouse", str(tiny_warehouse)]
        + ["--mart", CAC, "--docs-dir", ""],
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


# --- the real demo warehouse ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_warehouse() -> Path:
    """The built demo warehouse (SALESFX_DUCKDB_PATH or the default), or skip."""
    path = warehouse_path()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path}: run `make demo` (or dbt build) first")
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [MARTS_SCHEMA],
        ).fetchall()
    missing = EVERY_MART - {r[0] for r in rows}
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
            "response_rate is a fraction in [0, 1]",
        ),
        (
            "fct_lead_follow_up_4p",
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
