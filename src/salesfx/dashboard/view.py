"""The generic view of one kpi_ mart: segment selector, headline cards, charts, segment table.

Driven only by the KPI registry (labels, formats, directions, headlines, maturing flags), the
mart's layout in config.py and the uniform KPI shape.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from salesfx.dashboard.charts import time_chart
from salesfx.dashboard.config import MartView
from salesfx.dashboard.data import (
    COMPANY,
    Periods,
    company_periods,
    period_label,
    row_at,
    segment_table,
    segment_type_label,
    segment_types,
    segment_values,
    series,
)
from salesfx.formats import PERCENT, format_delta, format_value, is_missing, table_format
from salesfx.registry import Measure

SPARKLINE_PERIODS = 12
CARDS_PER_ROW = 4


def render_mart(
    view: MartView, frame: pd.DataFrame | None, grain: str, include_running: bool
) -> None:
    """One mart: title, selectors, cards for the latest complete period, charts, table."""
    with st.container(border=True, key=f"mart-{view.mart}"):
        st.subheader(view.title, anchor=view.mart)
        st.caption(f"{view.description}  \nSource: `main_marts.{view.mart}`")
        if frame is None:
            st.warning(f"`{view.mart}` is not in this warehouse yet: build it with `dbt build`.")
            return
        segment_type, segment_value, segment_name = _segment_selector(view, frame)
        periods = company_periods(frame, grain)
        rows = series(frame, grain, segment_type, segment_value, include_running)
        complete_rows = rows[rows["is_complete_period"].astype(bool)]
        if periods.latest is None:
            st.info(f"No complete {grain} yet.")
        else:
            st.markdown(
                f"**{segment_name}** · latest complete {grain}: "
                f"**{period_label(periods.latest, grain)}**"
                + (
                    f" · change vs {period_label(periods.previous, grain)}"
                    if periods.previous is not None
                    else ""
                )
            )
            if view.series_column:
                _series_cards(view, complete_rows, periods.latest, periods.previous)
            else:
                _headline_cards(view, frame, complete_rows, grain, periods)
        if rows.empty:
            st.info("No rows for this segment at this grain.")
        else:
            _charts(view, frame, rows, grain)
        if segment_type != COMPANY and periods.latest is not None and not view.series_column:
            _segment_leaderboard(view, frame, grain, segment_type, periods.latest)


def _segment_selector(view: MartView, frame: pd.DataFrame) -> tuple[str, str, str]:
    left, right = st.columns(2)
    types = segment_types(frame)
    segment_type = left.selectbox(
        "Segment", types, format_func=segment_type_label, key=f"{view.mart}-segment-type"
    )
    if segment_type == COMPANY:
        right.selectbox("Value", ["All"], disabled=True, key=f"{view.mart}-segment-all")
        return COMPANY, "all", "Company"
    values = segment_values(frame, segment_type)
    segment_value = right.selectbox(
        segment_type_label(segment_type),
        list(values),
        format_func=lambda value: values.get(value, value),
        key=f"{view.mart}-segment-value-{segment_type}",
    )
    return (
        segment_type,
        str(segment_value),
        f"{segment_type_label(segment_type)}: {values.get(segment_value, segment_value)}",
    )


def _card(
    container: st.delta_generator.DeltaGenerator,
    measure: Measure,
    label: str,
    current: object,
    previous: object,
    history: list[float],
) -> None:
    delta = None
    unchanged = False
    if not is_missing(current) and not is_missing(previous):
        change = float(current) - float(previous)  # type: ignore[arg-type]
        unchanged = abs(change) < 1e-12
        delta = format_delta(0.0 if unchanged else change, measure.format)
    if unchanged or measure.higher_is_better is None:
        color = "off"
    else:
        color = "normal" if measure.higher_is_better else "inverse"
    container.metric(
        label,
        format_value(current, measure.format),
        delta=delta,
        delta_color=color,
        delta_arrow="off" if unchanged else "auto",
        help=measure.description or None,
        border=True,
        chart_data=history or None,
        chart_type="bar" if measure.format == "count" else "area",
    )


def _history(rows: pd.DataFrame, column: str, until: pd.Timestamp | None = None) -> list[float]:
    if until is not None:
        rows = rows[rows["period_start"] <= until]
    values = pd.to_numeric(rows[column], errors="coerce").dropna().tail(SPARKLINE_PERIODS)
    return [float(value) for value in values]


def measure_periods(
    frame: pd.DataFrame, grain: str, measure: Measure, mart_periods: Periods
) -> Periods:
    """The periods a measure's card compares: for a maturing measure, its latest settled period
    (a maturing rate never shows as a drop), else the mart's latest complete period."""
    if not measure.matures_with:
        return mart_periods
    return company_periods(frame, grain, measure.matures_with)


def _headline_cards(
    view: MartView, frame: pd.DataFrame, rows: pd.DataFrame, grain: str, periods: Periods
) -> None:
    headlines = view.headlines
    for start in range(0, len(headlines), CARDS_PER_ROW):
        chunk = headlines[start : start + CARDS_PER_ROW]
        for column, measure in zip(st.columns(CARDS_PER_ROW), chunk, strict=False):
            own = measure_periods(frame, grain, measure, periods)
            current_row = row_at(rows, own.latest)
            previous_row = row_at(rows, own.previous)
            current = None if current_row is None else current_row.get(measure.column)
            before = None if previous_row is None else previous_row.get(measure.column)
            label = measure.label
            if own.latest is not None and own.latest != periods.latest:
                label += f" · {period_label(own.latest, grain)}"
            _card(
                column,
                measure,
                label,
                current,
                before,
                _history(rows, measure.column, own.latest),
            )


def _series_cards(
    view: MartView, rows: pd.DataFrame, latest: pd.Timestamp, previous: pd.Timestamp | None
) -> None:
    """A card per value of the extra key (e.g. per stage) for the layout's series measure."""
    assert view.series_column is not None and view.layout.series_measure is not None
    measure = view.measure(view.layout.series_measure)
    order_column = view.series_order_column or view.series_column
    names = list(dict.fromkeys(rows.sort_values(order_column)[view.series_column].astype(str)))
    if not names:
        st.info("Nothing to show in this period.")
        return
    st.caption(measure.label)
    columns = st.columns(min(len(names), 6))
    for index, name in enumerate(names):
        stage_rows = rows[rows[view.series_column].astype(str) == name]
        current_row = row_at(stage_rows, latest)
        previous_row = row_at(stage_rows, previous)
        current = None if current_row is None else current_row.get(measure.column)
        before = None if previous_row is None else previous_row.get(measure.column)
        _card(
            columns[index % len(columns)],
            measure,
            name,
            current,
            before,
            _history(stage_rows, measure.column),
        )


def _charts(view: MartView, frame: pd.DataFrame, rows: pd.DataFrame, grain: str) -> None:
    for start in range(0, len(view.charts), 2):
        pair = view.charts[start : start + 2]
        for column, chart in zip(st.columns(2), pair, strict=False):
            maturing = {
                measure.column: company_periods(frame, grain, measure.matures_with).maturing
                for measure in (view.measure(c) for c in chart.columns)
                if measure.matures_with
            }
            column.altair_chart(time_chart(rows, view, chart, grain, maturing), width="stretch")


def _segment_leaderboard(
    view: MartView, frame: pd.DataFrame, grain: str, segment_type: str, latest: pd.Timestamp
) -> None:
    table = segment_table(frame, grain, segment_type, latest)
    if table.empty:
        return
    measures = view.headlines or view.measures[:4]
    shown = pd.DataFrame(
        {segment_type_label(segment_type): table["segment_label"].fillna(table["segment_value"])}
    )
    titles: dict[str, str] = {}
    for measure in measures:
        title = measure.label
        if (
            measure.matures_with
            and latest in company_periods(frame, grain, measure.matures_with).maturing
        ):
            title += " (maturing)"
        titles[measure.column] = title
        values = pd.to_numeric(table[measure.column], errors="coerce")
        shown[title] = values * 100 if measure.format in PERCENT else values
    config = {
        titles[measure.column]: st.column_config.NumberColumn(
            format=table_format(measure.format), help=measure.description or None
        )
        for measure in measures
    }
    first = measures[0]
    with st.expander(
        f"All {segment_type_label(segment_type).lower()} values · {period_label(latest, grain)}"
    ):
        st.dataframe(
            shown.sort_values(titles[first.column], ascending=first.higher_is_better is False),
            hide_index=True,
            column_config=config,
        )


def render_overview(
    views: tuple[MartView, ...], frames: dict[str, pd.DataFrame | None], grain: str
) -> None:
    """The company's headline cards of every mart, latest complete (settled) period."""
    for view in views:
        frame = frames.get(view.mart)
        with st.container(key=f"overview-{view.mart}"):
            st.markdown(f"##### {view.title}")
            if frame is None:
                st.caption(f"`{view.mart}` is not built yet.")
                continue
            periods = company_periods(frame, grain)
            rows = series(frame, grain, COMPANY, "all")
            if periods.latest is None or view.series_column:
                continue
            _headline_cards(view, frame, rows, grain, periods)
