"""`salesfx summary`: the headline KPIs of the latest complete month, one line each.

Printed at the end of `make demo` so that a newcomer sees results without opening anything.
Which measures, their labels, formats and which way is better come from the KPI registry
(`salesfx.registry`: the headline measures, in mart order then column order), read from the
warehouse's dim_kpi_measures (else dbt's manifest). Every number is read from a kpi_ mart's
company row; nothing is recomputed here.

A measure that needs time to mature (registry `matures_with`: a boolean column of its mart, true
while the period's outcome window is still open) is shown for the latest complete month whose
flag is false, compared with the month before, and its label says which month. When the mart
does not have the flag column (yet), the latest complete month is shown.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from datetime import date

import duckdb
from rich.console import Console
from rich.table import Table

from salesfx import registry as kpi_registry
from salesfx.formats import format_magnitude, format_value
from salesfx.registry import COMPANY, Measure, Registry, RegistryError
from salesfx.warehouse import (
    MARTS_SCHEMA,
    WarehouseMissingError,
    connect_read_only,
    table_columns,
    warehouse_path,
)

GRAIN = "month"


@dataclass(frozen=True)
class HeadlineValue:
    """One line of the summary: a measure of a mart's company row in one month."""

    measure: Measure
    area: str  # the mart's title
    period_start: date | None
    value: float | None
    previous: float | None
    note: str = ""
    matured: bool = False  # an earlier month than the latest complete one (matures_with)


def _as_float(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def read_headline(
    con: duckdb.DuckDBPyConnection, measure: Measure, area: str = ""
) -> HeadlineValue:
    """The company value of one measure in its latest settled complete month, and the month
    before it (see the module docstring for measures that mature)."""
    columns = table_columns(con, MARTS_SCHEMA, measure.mart)
    if not columns:
        return HeadlineValue(measure, area, None, None, None, f"{measure.mart} not built")
    if measure.column not in columns:
        return HeadlineValue(measure, area, None, None, None, f"no column {measure.column}")
    flag = measure.matures_with if measure.matures_with in columns else None
    flag_sql = f"coalesce({flag}, false)" if flag else "false"
    rows = con.execute(
        f"select period_start, {measure.column}, {flag_sql} "
        f"from {MARTS_SCHEMA}.{measure.mart} "
        "where period_grain = ? and segment_type = ? and is_complete_period "
        "order by period_start desc",
        [GRAIN, COMPANY],
    ).fetchall()
    if len({row[0] for row in rows}) != len(rows):
        return HeadlineValue(measure, area, None, None, None, "several company rows per month")
    settled = next((index for index, row in enumerate(rows) if not row[2]), None)
    if settled is None:
        note = "no complete month" if not rows else "every complete month still maturing"
        return HeadlineValue(measure, area, None, None, None, note)
    month, value = rows[settled][0], _as_float(rows[settled][1])
    previous = _as_float(rows[settled + 1][1]) if settled + 1 < len(rows) else None
    return HeadlineValue(measure, area, month, value, previous, matured=settled > 0)


def read_headlines(con: duckdb.DuckDBPyConnection, registry: Registry) -> list[HeadlineValue]:
    """Every headline measure of the registry, in mart order then column order."""
    return [
        read_headline(con, measure, mart.title)
        for mart in registry.marts
        for measure in mart.headlines
    ]


def _change(item: HeadlineValue) -> str:
    if item.value is None or item.previous is None:
        return ""
    delta = item.value - item.previous
    if abs(delta) < 1e-12:
        return "[dim]=[/dim]"
    arrow = "▲" if delta > 0 else "▼"
    size = format_magnitude(delta, item.measure.format)  # rates move by points, not percent
    if item.measure.higher_is_better is None:
        return f"{arrow} {size}"
    good = (delta > 0) == item.measure.higher_is_better
    colour = "green" if good else "red"
    return f"[{colour}]{arrow} {size}[/{colour}]"


def render(values: list[HeadlineValue], console: Console) -> None:
    months = sorted(
        {v.period_start for v in values if v.period_start is not None and not v.matured}
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
        area = item.area if item.area != last_area else ""
        last_area = item.area
        fmt = item.measure.format
        if item.note:
            value_text, previous_text = f"[yellow]n/a ({item.note})[/yellow]", ""
        else:
            value_text = format_value(item.value, fmt)
            previous_text = format_value(item.previous, fmt)
        label = item.measure.label
        if item.matured and item.period_start is not None:
            label += f" [dim]({item.period_start:%b %Y})[/dim]"
        table.add_row(area, label, value_text, previous_text, _change(item))
    console.print(table)
    if any(item.matured for item in values):
        console.print(
            "[dim](Mon YYYY) = the latest month whose outcome window has closed, compared with "
            "the month before: later months are still maturing.[/dim]"
        )
    console.print(
        "[dim]— = no data in the period (a rate with a zero denominator is null). "
        "All marts: schema main_marts; labels: main_marts.dim_kpi_measures. "
        "Dashboard: `make dashboard`.[/dim]"
    )


def run(
    warehouse: str | None = None,
    console: Console | None = None,
    registry: Registry | None = None,
    target: str | None = None,
) -> int:
    """Print the summary. `registry`: default the warehouse's dim_kpi_measures, else the
    manifest in `target` ($DBT_TARGET_PATH or target/)."""
    console = console or Console(width=max(Console().width, 120))
    path = warehouse_path(warehouse)
    try:
        con = connect_read_only(path)
    except WarehouseMissingError as error:
        console.print(f"[red]{error}[/red]")
        return 2
    with con:
        try:
            registry = registry or kpi_registry.load(con, MARTS_SCHEMA, target)
        except RegistryError as error:
            console.print(f"[red]{error}[/red] Build the warehouse with `make demo`.")
            return 2
        values = read_headlines(con, registry)
    render(values, console)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "summary", help="print the headline KPIs of the latest complete month"
    )
    parser.add_argument(
        "--warehouse", help="DuckDB file (default: $SALESFX_DUCKDB_PATH or warehouse/)"
    )
    parser.add_argument(
        "--target-path",
        default=None,
        help="dbt artifacts folder, used when the warehouse has no dim_kpi_measures "
        "(default: $DBT_TARGET_PATH or target/)",
    )
    parser.set_defaults(func=lambda args: run(args.warehouse, target=args.target_path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
