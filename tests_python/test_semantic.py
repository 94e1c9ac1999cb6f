"""The MetricFlow semantic layer gives the same numbers as the kpi_ marts.

`mf query` runs against the built warehouse (company level, by month) and every complete month
is compared with the mart's company row. Needs the warehouse and the semantic manifest of a
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


@dataclass(frozen=True)
class Comparison:
    """A metric of the semantic layer and the mart column that must hold the same values."""

    metric: str
    mart: str
    column: str
    zero_when_missing: bool = False  # a month without rows is 0 in the mart (sums, counts)


COMPARISONS: tuple[Comparison, ...] = (
    # the five the issue asks for
    Comparison("response_rate", "kpi_lead_response_time", "response_rate"),
    Comparison("monthly_churn_rate", "kpi_customer_churn_rate", "churn_rate"),
    Comparison("cac_usd", "kpi_customer_acquisition_cost", "cac_usd"),
    Comparison("units_sold", "kpi_sales_volume", "units_sold", zero_when_missing=True),
    Comparison("win_rate", "kpi_sales_productivity", "win_rate"),
    # and more of them
    Comparison("lead_requests", "kpi_lead_response_time", "lead_requests", zero_when_missing=True),
    Comparison("sla_attainment_rate", "kpi_lead_response_time", "sla_attainment_rate"),
    Comparison("median_response_minutes", "kpi_lead_response_time", "median_promptness_minutes"),
    Comparison("conversion_rate", "kpi_follow_up_4p", "conversion_rate"),
    Comparison("reach_rate", "kpi_follow_up_4p", "performance_reach_rate"),
    Comparison(
        "new_customers", "kpi_customer_acquisition_cost", "new_customers", zero_when_missing=True
    ),
    Comparison(
        "total_spend_usd",
        "kpi_customer_acquisition_cost",
        "total_spend_usd",
        zero_when_missing=True,
    ),
    Comparison("monthly_gross_mrr_churn_rate", "kpi_customer_churn_rate", "gross_mrr_churn_rate"),
    Comparison("monthly_upsell_rate", "kpi_upsell_cross_sell_rate", "upsell_rate"),
    Comparison("monthly_cross_sell_rate", "kpi_upsell_cross_sell_rate", "cross_sell_rate"),
    Comparison("bookings_usd", "kpi_sales_productivity", "bookings_usd", zero_when_missing=True),
    Comparison(
        "activities_per_selling_day", "kpi_sales_productivity", "activities_per_selling_day"
    ),
    Comparison(
        "recognized_revenue_usd",
        "kpi_revenue_growth",
        "recognized_revenue_usd",
        zero_when_missing=True,
    ),
    Comparison("revenue_growth_mom", "kpi_revenue_growth", "revenue_growth_rate"),
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
                "where period_grain = 'month' and segment_type = 'company' and is_complete_period"
            ).df()
    return frames


@pytest.fixture(scope="module")
def mf_result(
    tmp_path_factory: pytest.TempPathFactory, mart_frames: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """One `mf query` of every compared metric by month, company level."""
    del mart_frames  # only for its skips: the warehouse and the marts exist
    if not (_target_dir() / "semantic_manifest.json").exists():
        pytest.skip(f"no semantic manifest in {_target_dir()}: run `dbt parse` first")
    mf = Path(sys.executable).with_name("mf")
    if not mf.exists():
        found = shutil.which("mf")
        if found is None:
            pytest.skip("the MetricFlow CLI (mf) is not installed")
        mf = Path(found)
    tmp = tmp_path_factory.mktemp("mf")
    project = _mf_project_dir(tmp)
    out = tmp / "result.csv"
    metrics = ",".join(dict.fromkeys(comparison.metric for comparison in COMPARISONS))
    env = {
        **os.environ,
        "SALESFX_DUCKDB_PATH": str(_warehouse().resolve()),
        "DBT_PROFILES_DIR": str(PROJECT if (PROJECT / "profiles.yml").exists() else project),
        "DBT_LOG_PATH": str(tmp / "logs"),
    }
    completed = subprocess.run(
        [
            str(mf),
            "query",
            "--metrics",
            metrics,
            "--group-by",
            "metric_time__month",
            "--order",
            "metric_time__month",
            "--csv",
            str(out),
            "--quiet",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0 and out.exists(), (
        f"mf query failed:\n{completed.stdout}\n{completed.stderr}"
    )
    result = pd.read_csv(out)
    assert not result.empty, "mf query returned no rows"
    result["month"] = pd.to_datetime(result["metric_time__month"]).dt.date
    return result.set_index("month")


def _value(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


@pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda comparison: comparison.metric)
def test_metric_equals_mart_by_month(
    comparison: Comparison, mf_result: pd.DataFrame, mart_frames: dict[str, pd.DataFrame]
) -> None:
    mart = mart_frames[comparison.mart]
    assert comparison.column in mart.columns, f"{comparison.mart} has no {comparison.column}"
    assert comparison.metric in mf_result.columns
    assert not mart.empty, f"{comparison.mart} has no complete month"
    mismatches: list[str] = []
    for _, row in mart.sort_values("period_start").iterrows():
        month: date = pd.Timestamp(row["period_start"]).date()
        expected = _value(row[comparison.column])
        actual = (
            _value(mf_result.at[month, comparison.metric]) if month in mf_result.index else None
        )
        if comparison.zero_when_missing and actual is None:
            actual = 0.0
        if expected is None and actual is None:
            continue
        if (
            expected is None
            or actual is None
            or not math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-6)
        ):
            mismatches.append(f"{month}: mart {expected} vs mf {actual}")
    assert not mismatches, (
        f"{comparison.metric} != {comparison.mart}.{comparison.column} in "
        f"{len(mismatches)} of {len(mart)} complete months:\n" + "\n".join(mismatches[:12])
    )
