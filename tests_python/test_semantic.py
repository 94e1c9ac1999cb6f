"""The MetricFlow semantic layer gives the same numbers as the kpi_ marts.

`mf query` runs against the built warehouse (company level, by month) and every complete month
is compared with the mart's company row; metrics that add up over
periods are also compared by quarter and by year. Needs the warehouse and the semantic manifest of a
`dbt build` / `dbt parse` (the Makefile's test target builds both before pytest); skips, saying
why, when they are missing.

The dbt target directory is $DBT_TARGET_PATH when set, else ./target. `mf` only reads
`<project>/target/semantic_manifest.json`, so when the target is elsewhere the test runs `mf` in
a shadow project directory whose `target` points at it.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from salesfx.warehouse import MARTS_SCHEMA, connect_read_only, table_columns, warehouse_path

PROJECT = Path(__file__).resolve().parents[1]


GRAINS: tuple[str, ...] = ("month", "quarter", "year")
MONTH_ONLY: tuple[str, ...] = ("month",)


@dataclass(frozen=True)
class Comparison:
    """A metric of the semantic layer and the mart column that must hold the same values."""

    metric: str
    mart: str
    column: str
    zero_when_missing: bool = False  # a period without rows is 0 in the mart (sums, counts)
    # grains compared: every metric by month; a core set also by quarter and year (a rate over
    # the customers at a period's start or a month-over-month growth is monthly by definition)
    grains: tuple[str, ...] = MONTH_ONLY


COMPARISONS: tuple[Comparison, ...] = (
    # the five the issue asks for
    Comparison("response_rate", "kpi_lead_response_time", "response_rate", grains=GRAINS),
    Comparison("monthly_churn_rate", "kpi_customer_churn_rate", "churn_rate"),
    Comparison("cac_usd", "kpi_customer_acquisition_cost", "cac_usd", grains=GRAINS),
    Comparison("units_sold", "kpi_sales_volume", "units_sold", True, GRAINS),
    Comparison("win_rate", "kpi_sales_productivity", "win_rate", grains=GRAINS),
    # lead response and the 4 P's
    Comparison("lead_requests", "kpi_lead_response_time", "lead_requests", True, GRAINS),
    Comparison("sla_attainment_rate", "kpi_lead_response_time", "sla_attainment_rate"),
    Comparison(
        "median_response_minutes",
        "kpi_lead_response_time",
        "median_promptness_minutes",
        grains=GRAINS,
    ),
    Comparison("avg_response_minutes", "kpi_lead_response_time", "avg_promptness_minutes"),
    Comparison("p90_response_minutes", "kpi_lead_response_time", "p90_promptness_minutes"),
    Comparison("avg_persistence_follow_ups", "kpi_follow_up_4p", "avg_persistence_follow_ups"),
    Comparison("avg_personalization_score", "kpi_follow_up_4p", "avg_personalization_score"),
    Comparison("reach_rate", "kpi_follow_up_4p", "performance_reach_rate"),
    Comparison("conversion_rate", "kpi_follow_up_4p", "conversion_rate", grains=GRAINS),
    Comparison("lead_won_rate", "kpi_follow_up_4p", "won_rate"),
    # pipeline, volume, productivity
    Comparison("avg_cycle_days_won", "kpi_sales_cycle_length", "avg_won_cycle_days"),
    Comparison(
        "median_cycle_days_won", "kpi_sales_cycle_length", "median_won_cycle_days", grains=GRAINS
    ),
    Comparison("avg_cycle_days_lost", "kpi_sales_cycle_length", "avg_lost_cycle_days"),
    Comparison("line_item_bookings_usd", "kpi_sales_volume", "bookings_usd", True),
    Comparison("deals_with_line_items", "kpi_sales_volume", "won_opportunities", True),
    Comparison("won_opportunities", "kpi_sales_productivity", "won_opportunities", True),
    Comparison("lost_opportunities", "kpi_sales_productivity", "lost_opportunities", True),
    Comparison("opportunities_created", "kpi_sales_productivity", "opportunities_created", True),
    Comparison("bookings_usd", "kpi_sales_productivity", "bookings_usd", True),
    Comparison("activities", "kpi_sales_productivity", "activities", True),
    Comparison("selling_days", "kpi_sales_productivity", "selling_days", True),
    Comparison(
        "activities_per_selling_day", "kpi_sales_productivity", "activities_per_selling_day"
    ),
    Comparison("won_per_100_activities", "kpi_sales_productivity", "won_per_100_activities"),
    Comparison("bookings_per_activity_usd", "kpi_sales_productivity", "bookings_per_activity_usd"),
    # customers
    Comparison("new_customers", "kpi_customer_acquisition_cost", "new_customers", True),
    Comparison("total_spend_usd", "kpi_customer_acquisition_cost", "total_spend_usd", True),
    Comparison("monthly_gross_mrr_churn_rate", "kpi_customer_churn_rate", "gross_mrr_churn_rate"),
    Comparison(
        "monthly_upsell_rate", "kpi_upsell_cross_sell_rate", "upsell_rate", grains=MONTH_ONLY
    ),
    Comparison(
        "monthly_cross_sell_rate",
        "kpi_upsell_cross_sell_rate",
        "cross_sell_rate",
    ),
    Comparison("upsell_bookings_usd", "kpi_upsell_cross_sell_rate", "upsell_bookings_usd", True),
    # revenue
    Comparison(
        "recognized_revenue_usd", "kpi_revenue_growth", "recognized_revenue_usd", True, GRAINS
    ),
    Comparison(
        "revenue_growth_mom", "kpi_revenue_growth", "revenue_growth_rate", grains=MONTH_ONLY
    ),
    Comparison(
        "revenue_growth_qoq", "kpi_revenue_growth", "revenue_growth_rate", grains=("quarter",)
    ),
    Comparison(
        "revenue_growth_yoy", "kpi_revenue_growth", "revenue_yoy_growth_rate", grains=GRAINS
    ),
    Comparison(
        "bookings_growth_mom", "kpi_revenue_growth", "bookings_growth_rate", grains=MONTH_ONLY
    ),
    Comparison("bookings_growth_yoy", "kpi_revenue_growth", "bookings_yoy_growth_rate"),
)


def _warehouse() -> Path:
    path = warehouse_path()
    return path if path.is_absolute() else PROJECT / path


def _target_dir() -> Path:
    target = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    return target if target.is_absolute() else PROJECT / target


def _mf_project_dir(tmp: Path) -> Path:
    """The project directory to run `mf` in: one whose ./target is the dbt target directory."""
    target = _target_dir()
    if target.resolve() == (PROJECT / "target").resolve():
        return PROJECT
    shadow = tmp / "project"
    shadow.mkdir()
    for entry in PROJECT.iterdir():
        if entry.name not in ("target", "logs"):
            (shadow / entry.name).symlink_to(entry)
    (shadow / "target").symlink_to(target.resolve())
    return shadow


@pytest.fixture(scope="module")
def mart_frames() -> dict[str, pd.DataFrame]:
    """The company rows of the complete periods of every compared mart."""
    path = _warehouse()
    if not path.exists():
        pytest.skip(f"no warehouse at {path}: build it first (make demo / make test)")
    frames: dict[str, pd.DataFrame] = {}
    with connect_read_only(path) as con:
        for mart in sorted({comparison.mart for comparison in COMPARISONS}):
            if not table_columns(con, MARTS_SCHEMA, mart):
                pytest.skip(f"{MARTS_SCHEMA}.{mart} is not built in {path}")
            frames[mart] = con.execute(
                f"select * from {MARTS_SCHEMA}.{mart} "
                "where segment_type = 'company' and is_complete_period"
            ).df()
    return frames


def _mf_command() -> Path:
    mf = Path(sys.executable).with_name("mf")
    if mf.exists():
        return mf
    found = shutil.which("mf")
    if found is None:
        pytest.skip("the MetricFlow CLI (mf) is not installed")
    return Path(found)


@pytest.fixture(scope="module")
def mf_results(
    tmp_path_factory: pytest.TempPathFactory, mart_frames: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Per grain, one `mf query` of the metrics compared at that grain, company level."""
    del mart_frames  # only for its skips: the warehouse and the marts exist
    if not (_target_dir() / "semantic_manifest.json").exists():
        pytest.skip(f"no semantic manifest in {_target_dir()}: run `dbt parse` first")
    mf = _mf_command()
    tmp = tmp_path_factory.mktemp("mf")
    project = _mf_project_dir(tmp)
    env = {
        **os.environ,
        "SALESFX_DUCKDB_PATH": str(_warehouse().resolve()),
        "DBT_PROFILES_DIR": str(PROJECT if (PROJECT / "profiles.yml").exists() else project),
        "DBT_LOG_PATH": str(tmp / "logs"),
    }
    results: dict[str, pd.DataFrame] = {}
    for grain in GRAINS:
        time_column = f"metric_time__{grain}"
        frames = []
        for index, metrics in enumerate(_batches(grain)):
            out = tmp / f"{grain}-{index}.csv"
            command = [str(mf), "query", "--metrics", ",".join(metrics)]
            command += ["--group-by", time_column, "--csv", str(out), "--quiet"]
            completed = subprocess.run(
                command, cwd=project, env=env, capture_output=True, text=True, timeout=600
            )
            assert completed.returncode == 0 and out.exists(), (
                f"mf query {metrics} by {grain} failed:\n{completed.stdout}\n{completed.stderr}"
            )
            frame = pd.read_csv(out)
            assert not frame.empty, f"mf query {metrics} by {grain} returned no rows"
            # rows without a time (e.g. open opportunities have no close) are no period
            frame = frame.dropna(subset=[time_column])
            frame["period_start"] = pd.to_datetime(frame.pop(time_column)).dt.date
            assert frame["period_start"].is_unique, f"mf query {metrics}: periods repeat"
            frames.append(frame.set_index("period_start"))
        results[grain] = pd.concat(frames, axis=1)
    return results


def _batches(grain: str, size: int = 5) -> list[list[str]]:
    """The metrics compared at a grain, a few per query, those of a mart together: MetricFlow
    plans one query of many metrics from many semantic models slowly, several small ones fast."""
    by_mart: dict[str, list[str]] = {}
    for comparison in COMPARISONS:
        if grain in comparison.grains:
            metrics = by_mart.setdefault(comparison.mart, [])
            if comparison.metric not in metrics:
                metrics.append(comparison.metric)
    batches: list[list[str]] = [[]]
    for metrics in by_mart.values():
        for start in range(0, len(metrics), size):
            chunk = metrics[start : start + size]
            if len(batches[-1]) + len(chunk) > size:
                batches.append([])
            batches[-1].extend(chunk)
    return [batch for batch in batches if batch]


def _value(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


CASES = [
    pytest.param(comparison, grain, id=f"{comparison.metric}-{grain}")
    for comparison in COMPARISONS
    for grain in comparison.grains
]


def _rounding(comparison: Comparison) -> float:
    """What the mart's rounding (macro round_measure: money to cents, else 6 decimals) may
    move a value by, plus a float's noise: mf computes from the unrounded facts."""
    return 0.005 + 1e-9 if comparison.column.endswith("_usd") else 5e-7 + 1e-9


@pytest.mark.parametrize(("comparison", "grain"), CASES)
def test_metric_equals_the_marts_company_rows(
    comparison: Comparison,
    grain: str,
    mf_results: dict[str, pd.DataFrame],
    mart_frames: dict[str, pd.DataFrame],
) -> None:
    """Every complete period of the grain: mf's company value == the mart's company row."""
    mart = mart_frames[comparison.mart]
    mart = mart[mart["period_grain"] == grain]
    result = mf_results[grain]
    assert comparison.column in mart.columns, f"{comparison.mart} has no {comparison.column}"
    assert comparison.metric in result.columns
    assert not mart.empty, f"{comparison.mart} has no complete {grain}"
    mismatches: list[str] = []
    for _, row in mart.sort_values("period_start").iterrows():
        period: date = pd.Timestamp(row["period_start"]).date()
        expected = _value(row[comparison.column])
        actual = _value(result.at[period, comparison.metric]) if period in result.index else None
        if comparison.zero_when_missing and actual is None:
            actual = 0.0
        if expected is None and actual is None:
            continue
        if (
            expected is None
            or actual is None
            or not math.isclose(actual, expected, rel_tol=1e-9, abs_tol=_rounding(comparison))
        ):
            mismatches.append(f"{period}: mart {expected} vs mf {actual}")
    assert not mismatches, (
        f"{comparison.metric} != {comparison.mart}.{comparison.column} by {grain} in "
        f"{len(mismatches)} of {len(mart)} complete periods:\n" + "\n".join(mismatches[:12])
    )
