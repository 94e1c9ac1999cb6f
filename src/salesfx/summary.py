"""`salesfx summary`: the headline KPIs of the latest complete month, one line each.

Printed at the end of `make demo` so that a newcomer sees results without opening anything.
Every number is read from a kpi_ mart's company row; nothing is recomputed here.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
from rich.console import Console
from rich.table import Table

from salesfx.warehouse import (
    MARTS_SCHEMA,
    WarehouseMissingError,
    connect_read_only,
    table_columns,
    warehouse_path,
)

Formatter = Callable[[float], str]


def fmt_count(value: float) -> str:
    return f"{value:,.0f}"


def fmt_rate(value: float) -> str:
    return f"{value * 100:.1f}%"


def fmt_usd(value: float) -> str:
    return f"${value:,.0f}"


def fmt_minutes(value: float) -> str:
    if value < 120:
        return f"{value:,.0f} min"
    if value < 48 * 60:
        return f"{value / 60:,.1f} h"
    return f"{value / 1440:,.1f} days"


def fmt_days(value: float) -> str:
    return f"{value:,.1f} days"


def fmt_number(value: float) -> str:
    return f"{value:,.2f}"


@dataclass(frozen=True)
class Headline:
    """One line of the summary: a measure of a mart's company row."""

    area: str
    label: str
    mart: str
    column: str
    fmt: Formatter
    higher_is_better: bool = True
    # Months to step back from the latest complete month, for measures that need time to
    # mature (a request converts up to 90 days after it was made).
    lag_months: int = 0


HEADLINES: tuple[Headline, ...] = (
    Headline(
        "Lead response", "Lead requests", "kpi_lead_response_time", "lead_requests", fmt_count
    ),
    Headline(
        "Lead response",
        "Median response time",
        "kpi_lead_response_time",
        "median_promptness_minutes",
        fmt_minutes,
        higher_is_better=False,
    ),
    Headline("Lead response", "Response rate", "kpi_lead_response_time", "response_rate", fmt_rate),
    Headline(
        "Lead response", "SLA attainment", "kpi_lead_response_time", "sla_attainment_rate", fmt_rate
    ),
    Headline(
        "4P follow-up",
        "Lead conversion, 90-day window",
        "kpi_follow_up_4p",
        "conversion_rate",
        fmt_rate,
        lag_months=3,
    ),
    Headline(
        "4P follow-up",
        "Avg personalization (0-5)",
        "kpi_follow_up_4p",
        "avg_personalization_score",
        fmt_number,
    ),
    Headline(
        "Sales cycle",
        "Median cycle of won deals",
        "kpi_sales_cycle_length",
        "median_won_cycle_days",
        fmt_days,
        higher_is_better=False,
    ),
    Headline("Sales volume", "Units sold", "kpi_sales_volume", "units_sold", fmt_count),
    Headline("Sales volume", "Bookings", "kpi_sales_volume", "bookings_usd", fmt_usd),
    Headline(
        "Acquisition",
        "Customer acquisition cost",
        "kpi_customer_acquisition_cost",
        "cac_usd",
        fmt_usd,
        higher_is_better=False,
    ),
    Headline(
        "Churn",
        "Customer churn rate",
        "kpi_customer_churn_rate",
        "churn_rate",
        fmt_rate,
        higher_is_better=False,
    ),
    Headline("Expansion", "Up-sell rate", "kpi_upsell_cross_sell_rate", "upsell_rate", fmt_rate),
    Headline(
        "Expansion", "Cross-sell rate", "kpi_upsell_cross_sell_rate", "cross_sell_rate", fmt_rate
    ),
    Headline(
        "Revenue", "Recognized revenue", "kpi_revenue_growth", "recognized_revenue_usd", fmt_usd
    ),
    Headline(
        "Revenue", "Revenue growth (MoM)", "kpi_revenue_growth", "revenue_growth_rate", fmt_rate
    ),
    Headline("Productivity", "Win rate", "kpi_sales_productivity", "win_rate", fmt_rate),
    Headline(
        "Productivity",
        "Activities per selling day",
        "kpi_sales_productivity",
        "activities_per_selling_day",
        fmt_number,
    ),
)


@dataclass(frozen=True)
class HeadlineValue:
    headline: Headline
    period_start: date | None
    value: float | None
    previous: float | None
    note: str = ""


def _latest_complete_month(
    con: duckdb.DuckDBPyConnection, mart: str, lag_months: int = 0
) -> date | None:
    rows = con.execute(
        f"select period_start from {MARTS_SCHEMA}.{mart} "
        "where period_grain = 'month' and segment_type = 'company' and is_complete_period "
        "order by period_start desc limit 1 offset ?",
        [lag_months],
    ).fetchall()
    return rows[0][0] if rows else None


def read_headline(con: duckdb.DuckDBPyConnection, headline: Headline) -> HeadlineValue:
    """The company value of one measure in the latest complete month, and the month before."""
    columns = table_columns(con, MARTS_SCHEMA, headline.mart)
    if not columns:
        return HeadlineValue(headline, None, None, None, f"{headline.mart} not built")
    if headline.column not in columns:
        return HeadlineValue(headline, None, None, None, f"no column {headline.column}")
    month = _latest_complete_month(con, headline.mart, headline.lag_months)
    if month is None:
        return HeadlineValue(headline, None, None, None, "no complete month")
    rows = con.execute(
        f"select period_start, {headline.column} from {MARTS_SCHEMA}.{headline.mart} "
        "where period_grain = 'month' and segment_type = 'company' and period_start <= ? "
        "order by period_start desc limit 2",
        [month],
    ).fetchall()
    value = _as_float(rows[0][1]) if rows else None
    previous = _as_float(rows[1][1]) if len(rows) > 1 else None
    return HeadlineValue(headline, month, value, previous)


def _as_float(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _change(item: HeadlineValue) -> str:
    if item.value is None or item.previous is None:
        return ""
    delta = item.value - item.previous
    if abs(delta) < 1e-12:
        return "[dim]=[/dim]"
    good = (delta > 0) == item.headline.higher_is_better
    colour = "green" if good else "red"
    arrow = "▲" if delta > 0 else "▼"
    # rates move by percentage points, not by percent
    size = (
        f"{abs(delta) * 100:.1f} pts"
        if item.headline.fmt is fmt_rate
        else item.headline.fmt(abs(delta))
    )
    return f"[{colour}]{arrow} {size}[/{colour}]"


def render(values: list[HeadlineValue], console: Console) -> None:
    months = sorted(
        {v.period_start for v in values if v.period_start is not None and not v.headline.lag_months}
    )
    title = "Headline KPIs"
    if months:
        title += f" — latest complete month: {months[-1]:%B %Y} (company)"
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("Area", style="cyan")
    table.add_column("KPI")
    table.add_column("Value", justify="right", style="bold")
    table.add_column("Previous month", justify="right", style="dim")
    table.add_column("Change", justify="right")
    last_area = ""
    for item in values:
        area = item.headline.area if item.headline.area != last_area else ""
        last_area = item.headline.area
        if item.note:
            value_text, previous_text = f"[yellow]n/a ({item.note})[/yellow]", ""
        else:
            value_text = "—" if item.value is None else item.headline.fmt(item.value)
            previous_text = "—" if item.previous is None else item.headline.fmt(item.previous)
        label = item.headline.label
        if item.headline.lag_months and item.period_start is not None:
            label += f" [dim](requests of {item.period_start:%b %Y})[/dim]"
        table.add_row(area, label, value_text, previous_text, _change(item))
    console.print(table)
    console.print(
        "[dim]— = no data in the period (a rate with a zero denominator is null). "
        "All marts: schema main_marts. Dashboard: `make dashboard`.[/dim]"
    )


def run(warehouse: str | None = None, console: Console | None = None) -> int:
    console = console or Console(width=max(Console().width, 110))
    path = warehouse_path(warehouse)
    try:
        con = connect_read_only(path)
    except WarehouseMissingError as error:
        console.print(f"[red]{error}[/red]")
        return 2
    with con:
        values = [read_headline(con, headline) for headline in HEADLINES]
    render(values, console)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "summary", help="print the headline KPIs of the latest complete month"
    )
    parser.add_argument(
        "--warehouse", help="DuckDB file (default: $SALESFX_DUCKDB_PATH or warehouse/)"
    )
    parser.set_defaults(func=lambda args: run(args.warehouse))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
