"""The MetricFlow semantic layer gives the same numbers as the kpi_ marts.

`mf query` runs against the built warehouse (company level, by month) and every complete month
is compared with the mart's company row (or, for a segment such as the channel group, with each
of the segment's rows, mf grouped by the matching dimension); metrics that add up over
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
FUNNEL_STAGE = ("stage_name", "opportunity_stage__stage_name")
CYCLE_BUCKET = ("cycle_length_bucket", "cycle_outcome__cycle_length_bucket")
CHANNEL_GROUP = ("segment_value", "lead_request__channel_group")
LEAD_SOURCE = ("segment_value", "lead_request__lead_source")
UTM_SOURCE = ("segment_value", "lead_request__utm_source")
UTM_MEDIUM = ("segment_value", "lead_request__utm_medium")
SALES_REP = ("segment_value", "sales_rep")  # the entity: its id
FAMILY_PAIR = ("family_pair", "family_cross_sell_cohort__family_pair")


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
    # for a mart with an extra key column (e.g. stage_name): (that column, the MetricFlow
    # dimension grouped by with metric_time); each company row is compared with its group
    by: tuple[str, str] | None = None
    abs_tol: float = 1e-6  # money the mart rounds to the cent: 0.01
    # MetricFlow cannot look before its time spine's first day: a metric reading the previous
    # period's end (an offset) is compared from the second period of each grain on
    from_second_period: bool = False
    # the mart rows compared: the company rows, or those of one segment type, each segment
    # value compared with mf grouped by the dimension of `by` (("segment_value", dimension))
    segment_type: str = "company"


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
    # pipeline from history (balances at the period's end: cumulative metrics)
    Comparison(
        "open_pipeline_usd",
        "kpi_pipeline_waterfall",
        "open_pipeline_end_usd",
        True,
        GRAINS,
        abs_tol=0.01,
    ),
    Comparison(
        "open_opportunities", "kpi_pipeline_waterfall", "open_opportunities_end", True, GRAINS
    ),
    Comparison(
        "pipeline_created_usd",
        "kpi_pipeline_waterfall",
        "created_pipeline_usd",
        True,
        GRAINS,
        abs_tol=0.01,
    ),
    Comparison(
        "pipeline_won_usd", "kpi_pipeline_waterfall", "won_pipeline_usd", True, abs_tol=0.01
    ),
    Comparison(
        "pipeline_lost_usd", "kpi_pipeline_waterfall", "lost_pipeline_usd", True, abs_tol=0.01
    ),
    Comparison(
        "sales_velocity",
        "kpi_sales_velocity",
        "sales_velocity_usd_per_day",
        grains=GRAINS,
        # the mart multiplies the published factors (win rate rounded to 6 decimals, money to
        # cents): up to ~1e-6 relative from mf's unrounded product, 0.1 USD/day at 100k
        abs_tol=0.5,
        from_second_period=True,
    ),
    # stage funnel (per stage)
    Comparison(
        "funnel_opportunities_reached",
        "kpi_sales_stage_funnel",
        "opportunities_reached",
        True,
        GRAINS,
        by=FUNNEL_STAGE,
    ),
    Comparison(
        "funnel_reached_next_stage",
        "kpi_sales_stage_funnel",
        "reached_next_stage",
        True,
        by=FUNNEL_STAGE,
    ),
    Comparison(
        "funnel_stage_conversion_rate",
        "kpi_sales_stage_funnel",
        "stage_conversion_rate",
        grains=GRAINS,
        by=FUNNEL_STAGE,
    ),
    Comparison(
        "funnel_stage_to_won_rate", "kpi_sales_stage_funnel", "stage_to_won_rate", by=FUNNEL_STAGE
    ),
    Comparison(
        "funnel_median_days_to_next_stage",
        "kpi_sales_stage_funnel",
        "median_days_to_next_stage",
        by=FUNNEL_STAGE,
    ),
    # lead sources and channels (segments of the lead response and 4P marts)
    Comparison(
        "lead_requests",
        "kpi_lead_response_time",
        "lead_requests",
        True,
        GRAINS,
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "response_rate",
        "kpi_lead_response_time",
        "response_rate",
        grains=GRAINS,
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "sla_attainment_rate",
        "kpi_lead_response_time",
        "sla_attainment_rate",
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "median_response_minutes",
        "kpi_lead_response_time",
        "median_promptness_minutes",
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "conversion_rate",
        "kpi_follow_up_4p",
        "conversion_rate",
        grains=GRAINS,
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "reach_rate",
        "kpi_follow_up_4p",
        "performance_reach_rate",
        by=CHANNEL_GROUP,
        segment_type="channel_group",
    ),
    Comparison(
        "response_rate",
        "kpi_lead_response_time",
        "response_rate",
        by=LEAD_SOURCE,
        segment_type="lead_source",
    ),
    Comparison(
        "conversion_rate",
        "kpi_follow_up_4p",
        "conversion_rate",
        grains=GRAINS,
        by=LEAD_SOURCE,
        segment_type="lead_source",
    ),
    Comparison(
        "response_rate",
        "kpi_lead_response_time",
        "response_rate",
        by=UTM_SOURCE,
        segment_type="utm_source",
    ),
    Comparison(
        "conversion_rate",
        "kpi_follow_up_4p",
        "conversion_rate",
        by=UTM_MEDIUM,
        segment_type="utm_medium",
    ),
    # rep scorecard: the company row, and every rep's row against mf grouped by the rep
    Comparison("win_rate", "kpi_rep_scorecard", "win_rate", grains=GRAINS),
    Comparison("response_rate", "kpi_rep_scorecard", "response_rate", grains=GRAINS),
    Comparison(
        "bookings_usd",
        "kpi_rep_scorecard",
        "bookings_usd",
        True,
        GRAINS,
        by=SALES_REP,
        abs_tol=0.01,
        segment_type="sales_rep",
    ),
    Comparison(
        "win_rate",
        "kpi_rep_scorecard",
        "win_rate",
        grains=GRAINS,
        by=SALES_REP,
        segment_type="sales_rep",
    ),
    Comparison(
        "activities_per_selling_day",
        "kpi_rep_scorecard",
        "activities_per_selling_day",
        grains=GRAINS,
        by=SALES_REP,
        segment_type="sales_rep",
    ),
    Comparison(
        "response_rate",
        "kpi_rep_scorecard",
        "response_rate",
        by=SALES_REP,
        segment_type="sales_rep",
    ),
    Comparison(
        "median_response_minutes",
        "kpi_rep_scorecard",
        "median_response_minutes",
        by=SALES_REP,
        segment_type="sales_rep",
    ),
    Comparison(
        "conversion_rate",
        "kpi_rep_scorecard",
        "conversion_rate",
        grains=GRAINS,
        by=SALES_REP,
        segment_type="sales_rep",
    ),
    Comparison(
        "reach_rate", "kpi_rep_scorecard", "reach_rate", by=SALES_REP, segment_type="sales_rep"
    ),
    # cross-sell affinity (per pair of product families)
    Comparison(
        "affinity_customers_holding_a",
        "kpi_cross_sell_affinity",
        "customers_holding_a",
        True,
        GRAINS,
        by=FAMILY_PAIR,
    ),
    Comparison(
        "affinity_customers_bought_b",
        "kpi_cross_sell_affinity",
        "customers_bought_b",
        True,
        by=FAMILY_PAIR,
    ),
    Comparison(
        "cross_sell_affinity_rate",
        "kpi_cross_sell_affinity",
        "cross_sell_affinity_rate",
        grains=GRAINS,
        by=FAMILY_PAIR,
    ),
    # optimal cycle length (per cycle-length bucket)
    Comparison(
        "cycle_closed_opportunities",
        "kpi_optimal_cycle_length",
        "closed_opportunities",
        True,
        GRAINS,
        by=CYCLE_BUCKET,
    ),
    Comparison(
        "cycle_won_opportunities",
        "kpi_optimal_cycle_length",
        "won_opportunities",
        True,
        by=CYCLE_BUCKET,
    ),
    Comparison(
        "cycle_win_rate", "kpi_optimal_cycle_length", "win_rate", grains=GRAINS, by=CYCLE_BUCKET
    ),
    Comparison(
        "cycle_avg_won_deal_size_usd",
        "kpi_optimal_cycle_length",
        "avg_won_deal_size_usd",
        by=CYCLE_BUCKET,
        abs_tol=0.01,
    ),
    Comparison(
        "cycle_customers_won", "kpi_optimal_cycle_length", "customers_won", True, by=CYCLE_BUCKET
    ),
    Comparison(
        "cycle_logo_retention_6m_rate",
        "kpi_optimal_cycle_length",
        "logo_retention_6m_rate",
        grains=GRAINS,
        by=CYCLE_BUCKET,
    ),
    Comparison(
        "cycle_logo_retention_12m_rate",
        "kpi_optimal_cycle_length",
        "logo_retention_12m_rate",
        grains=GRAINS,
        by=CYCLE_BUCKET,
    ),
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
    """The rows of the compared segment types (company, and those compared by segment) of the
    complete periods of every compared mart."""
    path = _warehouse()
    if not path.exists():
        pytest.skip(f"no warehouse at {path}: build it first (make demo / make test)")
    frames: dict[str, pd.DataFrame] = {}
    with connect_read_only(path) as con:
        for mart in sorted({comparison.mart for comparison in COMPARISONS}):
            if not table_columns(con, MARTS_SCHEMA, mart):
                pytest.skip(f"{MARTS_SCHEMA}.{mart} is not built in {path}")
            segment_types = sorted({c.segment_type for c in COMPARISONS if c.mart == mart})
            placeholders = ", ".join("?" for _ in segment_types)
            frames[mart] = con.execute(
                f"select * from {MARTS_SCHEMA}.{mart} "
                f"where segment_type in ({placeholders}) and is_complete_period",
                segment_types,
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


ResultKey = tuple[str, tuple[str, str] | None]  # grain, the extra key compared by (if any)


@pytest.fixture(scope="module")
def mf_results(
    tmp_path_factory: pytest.TempPathFactory, mart_frames: dict[str, pd.DataFrame]
) -> dict[ResultKey, pd.DataFrame]:
    """Per grain (and extra key), `mf query` of the metrics compared there, company level.

    Indexed by period_start, and by the extra key column's values when compared by one."""
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
    results: dict[ResultKey, pd.DataFrame] = {}
    for grain in GRAINS:
        time_column = f"metric_time__{grain}"
        for by in dict.fromkeys(c.by for c in COMPARISONS if grain in c.grains):
            frames = []
            for index, metrics in enumerate(_batches(grain, by)):
                out = tmp / f"{grain}-{by[0] if by else 'all'}-{index}.csv"
                group_by = time_column + (f",{by[1]}" if by else "")
                command = [str(mf), "query", "--metrics", ",".join(metrics)]
                command += ["--group-by", group_by, "--csv", str(out), "--quiet"]
                completed = subprocess.run(
                    command, cwd=project, env=env, capture_output=True, text=True, timeout=600
                )
                assert completed.returncode == 0 and out.exists(), (
                    f"mf query {metrics} by {group_by} failed:\n{completed.stdout}\n"
                    f"{completed.stderr}"
                )
                frame = pd.read_csv(out)
                assert not frame.empty, f"mf query {metrics} by {group_by} returned no rows"
                # rows without a time (e.g. open opportunities have no close) are no period
                frame = frame.dropna(subset=[time_column])
                frame["period_start"] = pd.to_datetime(frame.pop(time_column)).dt.date
                index_columns = ["period_start"]
                if by:
                    frame[by[0]] = frame.pop(by[1]).astype(str)
                    index_columns.append(by[0])
                frame = frame.set_index(index_columns)
                assert frame.index.is_unique, f"mf query {metrics}: periods repeat"
                frames.append(frame)
            results[(grain, by)] = pd.concat(frames, axis=1)
    return results


def _batches(grain: str, by: tuple[str, str] | None = None, size: int = 5) -> list[list[str]]:
    """The metrics compared at a grain, a few per query, those of a mart together: MetricFlow
    plans one query of many metrics from many semantic models slowly, several small ones fast."""
    by_mart: dict[str, list[str]] = {}
    seen: set[str] = set()  # a metric compared with two marts (the scorecard) is queried once
    for comparison in COMPARISONS:
        if grain in comparison.grains and comparison.by == by:
            metrics = by_mart.setdefault(comparison.mart, [])
            if comparison.metric not in seen:
                seen.add(comparison.metric)
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
    pytest.param(
        comparison,
        grain,
        id=f"{comparison.metric}-{grain}"
        + ("" if comparison.segment_type == "company" else f"-{comparison.segment_type}"),
    )
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
    mf_results: dict[ResultKey, pd.DataFrame],
    mart_frames: dict[str, pd.DataFrame],
) -> None:
    """Every complete period of the grain: mf's company value == the mart's company row (per
    value of the extra key for a mart compared by one; per segment value for a comparison of a
    segment type)."""
    mart = mart_frames[comparison.mart]
    mart = mart[(mart["period_grain"] == grain) & (mart["segment_type"] == comparison.segment_type)]
    result = mf_results[(grain, comparison.by)]
    assert comparison.column in mart.columns, f"{comparison.mart} has no {comparison.column}"
    assert comparison.metric in result.columns
    assert not mart.empty, f"{comparison.mart} has no complete {grain}"
    mismatches: list[str] = []
    if comparison.from_second_period:
        mart = mart[mart["period_start"] > mart["period_start"].min()]
    for _, row in mart.sort_values("period_start").iterrows():
        period: date = pd.Timestamp(row["period_start"]).date()
        key: date | tuple[date, str] = period
        if comparison.by:
            key = (period, str(row[comparison.by[0]]))
        expected = _value(row[comparison.column])
        actual = _value(result.at[key, comparison.metric]) if key in result.index else None
        if comparison.zero_when_missing and actual is None:
            actual = 0.0
        if expected is None and actual is None:
            continue
        if (
            expected is None
            or actual is None
            or not math.isclose(
                actual,
                expected,
                rel_tol=1e-9,
                abs_tol=max(comparison.abs_tol, _rounding(comparison)),
            )
        ):
            mismatches.append(f"{key}: mart {expected} vs mf {actual}")
    assert not mismatches, (
        f"{comparison.metric} != {comparison.mart}.{comparison.column} by {grain} in "
        f"{len(mismatches)} of {len(mart)} complete periods:\n" + "\n".join(mismatches[:12])
    )
