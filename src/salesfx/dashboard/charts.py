"""Altair charts of a mart's measures over time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from salesfx.dashboard.config import Chart, MartView
from salesfx.dashboard.data import period_label
from salesfx.formats import axis_format, format_value

PALETTE: tuple[str, ...] = ("#2563eb", "#f97316", "#10b981", "#a855f7", "#ef4444", "#64748b")


def time_chart(
    rows: pd.DataFrame,
    view: MartView,
    chart: Chart,
    grain: str,
    maturing: Mapping[str, Sequence[pd.Timestamp]] | None = None,
) -> alt.Chart | alt.LayerChart:
    """A line or grouped bar chart of the chart's measures, one series per measure (or per
    value of the mart's extra key, e.g. stage). The running period is faded, and so are the
    periods in which a measure is still maturing (`maturing`: column -> its maturing periods,
    registry `matures_with`): their lines are dashed, so that a maturing rate never reads as a
    drop."""
    fmt = view.measure(chart.columns[0]).format
    maturing = maturing or {}
    series_column = view.series_column
    id_columns = ["period_start", "is_complete_period"]
    if series_column:
        id_columns.append(series_column)
    long = rows.melt(
        id_vars=id_columns, value_vars=list(chart.columns), var_name="column", value_name="value"
    )
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long["measure"] = long["column"].map(lambda column: view.measure(column).label)
    long["period"] = long["period_start"].map(lambda start: period_label(start, grain))
    long["shown"] = long["value"].map(lambda value: format_value(value, fmt))
    long["is_complete_period"] = long["is_complete_period"].astype(bool)
    long["is_maturing"] = [
        pd.Timestamp(start) in set(maturing.get(column, ()))
        for column, start in zip(long["column"], long["period_start"], strict=True)
    ]
    long["settled"] = long["is_complete_period"] & ~long["is_maturing"]
    long["status"] = [
        "running" if not complete else "maturing" if flag else ""
        for complete, flag in zip(long["is_complete_period"], long["is_maturing"], strict=True)
    ]
    if series_column:
        long["series"] = long[series_column].astype(str)
        series_order = _series_order(rows, view)
    else:
        long["series"] = long["measure"]
        series_order = [view.measure(column).label for column in chart.columns]
    periods = [period_label(start, grain) for start in sorted(rows["period_start"].unique())]

    x = alt.X(
        "period:O",
        sort=periods,
        title=None,
        axis=alt.Axis(labelAngle=-45 if grain == "month" else 0),
    )
    y = alt.Y(
        "value:Q",
        title=None,
        axis=alt.Axis(format=axis_format(fmt)),
        scale=alt.Scale(type="log") if chart.log_scale else alt.Undefined,
    )
    color = alt.Color(
        "series:N",
        sort=series_order,
        title=None,
        scale=alt.Scale(domain=series_order, range=list(PALETTE) * 3),
        legend=alt.Legend(
            orient="bottom",
            columns=2 if len(series_order) > 2 else alt.Undefined,
            labelLimit=260,
            symbolOpacity=1,
        ),
    )
    tooltip = [
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("shown:N", title="Value"),
        alt.Tooltip("status:N", title="Status"),
    ]
    opacity = alt.condition("datum.settled", alt.value(1.0), alt.value(0.4))
    plotted = long.dropna(subset=["value"])
    if chart.log_scale:
        plotted = plotted[plotted["value"] > 0]
    base = alt.Chart(plotted)
    if chart.kind == "bar":
        mark = base.mark_bar(cornerRadiusTopLeft=3, cornerRadiusTopRight=3).encode(
            x=x,
            xOffset=alt.XOffset("series:N", sort=series_order),
            y=y,
            color=color,
            opacity=opacity,
            tooltip=tooltip,
        )
    elif not (~plotted["settled"]).any():
        mark = base.mark_line(point=alt.OverlayMarkDef(size=40), strokeWidth=2.5).encode(
            x=x, y=y, color=color, tooltip=tooltip
        )
    else:
        # a dashed, faded line through every period under a solid one through the settled ones
        dashed = base.mark_line(strokeWidth=2, strokeDash=[5, 4], opacity=0.5).encode(
            x=x, y=y, color=color
        )
        solid = (
            base.transform_filter("datum.settled")
            .mark_line(strokeWidth=2.5)
            .encode(x=x, y=y, color=color)
        )
        points = base.mark_point(size=40, filled=True).encode(
            x=x, y=y, color=color, opacity=opacity, tooltip=tooltip
        )
        mark = alt.layer(dashed, solid, points)
    # fit the width to the column; the height is the plot area (axes and legend come on top)
    return mark.properties(
        title=view.chart_title(chart),
        height=240,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _series_order(rows: pd.DataFrame, view: MartView) -> list[str]:
    assert view.series_column is not None
    if view.series_order_column and view.series_order_column in rows.columns:
        ordered = rows.sort_values(view.series_order_column)
    else:
        ordered = rows.sort_values(view.series_column)
    return list(dict.fromkeys(ordered[view.series_column].astype(str)))
