"""Read the marts (and the derived company-coverage frames) out of DuckDB as pandas frames.

Great Expectations validates them through its pandas datasource: its SQL datasource through
duckdb-engine is broken upstream (metric queries come back empty), so DuckDB does the reading.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from salesfx.registry import COMPANY
from salesfx.validate.suites import MartSpec

_CALENDAR_STEPS = {"month": "1 month", "quarter": "3 months", "year": "1 year"}


def sibling_schema(marts_schema: str, layer: str) -> str:
    """main_marts -> main_intermediate / main_staging (dbt's <target schema>_<layer>)."""
    prefix = marts_schema.removesuffix("_marts")
    return f"{prefix}_{layer}"


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def read_mart(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> pd.DataFrame:
    return con.execute(f'select * from "{schema}"."{name}"').df()


EXPECTED_PERIODS = "salesfx_expected_periods"


def register_expected_periods(con: duckdb.DuckDBPyConnection, marts_schema: str) -> bool:
    """Read int_kpi_periods once (a view over the whole staging layer) and register it.

    Returns False when the warehouse has no intermediate layer.
    """
    intermediate = sibling_schema(marts_schema, "intermediate")
    if not relation_exists(con, intermediate, "int_kpi_periods"):
        return False
    try:
        periods = con.execute(
            f'select period_grain, period_start from "{intermediate}".int_kpi_periods'
        ).df()
    except duckdb.Error:  # a view over a layer that is not built: use the fallback calendar
        return False
    con.register(EXPECTED_PERIODS, periods)
    return True


def _expected_periods_sql(marts_schema: str, mart: str, registered: bool) -> str:
    """The reporting periods: int_kpi_periods when built, else the mart's own calendar."""
    if registered:
        return (
            "select period_grain, cast(period_start as date) as period_start "
            f"from {EXPECTED_PERIODS}"
        )
    # Fallback (warehouse without the intermediate layer): a contiguous calendar per grain
    # from the mart's first to its last period, so a gap in the company rows still shows.
    parts = [
        f"""
        select '{grain}' as period_grain, cast(unnest(generate_series(
            min(period_start), max(period_start), interval '{step}')) as date) as period_start
        from "{marts_schema}"."{mart}" where period_grain = '{grain}'
        having count(*) > 0"""
        for grain, step in _CALENDAR_STEPS.items()
    ]
    return " union all ".join(parts)


def _company_spine_sql(spec: MartSpec, marts_schema: str) -> str:
    """The extra-key values every company period must show: those its company rows show anywhere."""
    cols = ", ".join(spec.extra_key)
    return (
        f'select distinct {cols} from "{marts_schema}"."{spec.name}" '
        f"where segment_type = '{COMPANY}'"
    )


def company_period_frame(
    con: duckdb.DuckDBPyConnection, spec: MartSpec, marts_schema: str, registered: bool
) -> pd.DataFrame:
    """One row per expected (period[, extra key]) or found company row, with counts.

    `registered`: whether `register_expected_periods` found int_kpi_periods.
    Columns: period_grain, period_start, <extra key...>, is_expected_period, company_rows.
    """
    keys = ("period_grain", "period_start", *spec.extra_key)
    expected = _expected_periods_sql(marts_schema, spec.name, registered)
    if spec.extra_key:
        spine = _company_spine_sql(spec, marts_schema)
        extra = ", ".join(f"spine.{c}" for c in spec.extra_key)
        expected = (
            f"select periods.period_grain, periods.period_start, {extra} "
            f"from ({expected}) as periods cross join ({spine}) as spine"
        )
    on = " and ".join(f"expected.{k} = actual.{k}" for k in keys)
    select_keys = ", ".join(f"coalesce(expected.{k}, actual.{k}) as {k}" for k in keys)
    sql = f"""
        with expected as ({expected}),
        actual as (
            select {", ".join(keys)}, count(*) as company_rows
            from "{marts_schema}"."{spec.name}"
            where segment_type = '{COMPANY}'
            group by {", ".join(keys)}
        )
        select {select_keys},
            expected.period_grain is not null as is_expected_period,
            coalesce(actual.company_rows, 0) as company_rows
        from expected
        full outer join actual on {on}
        order by {", ".join(keys)}
    """
    return con.execute(sql).df()
