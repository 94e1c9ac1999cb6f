"""The Streamlit app: one page per KPI area. Run it with `salesfx dashboard`.

Streamlit runs this file as a script: `streamlit run app.py -- --warehouse PATH`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from salesfx.dashboard.config import Area, MartView, all_mart_views, areas
from salesfx.dashboard.data import (
    COMPANY,
    GRAINS,
    WarehouseBusyError,
    company_periods,
    load_mart,
    load_registry,
    period_label,
)
from salesfx.dashboard.view import render_mart, render_overview
from salesfx.registry import Registry, RegistryError
from salesfx.warehouse import warehouse_path


def _warehouse_from_argv(argv: list[str]) -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--warehouse")
    args, _ = parser.parse_known_args(argv)
    return warehouse_path(args.warehouse)


@st.cache_resource(show_spinner=False)
def _cached_registry(path: str, modified: float) -> Registry:
    """The KPI registry (labels, formats...), reloaded when the warehouse file changes."""
    del modified
    return load_registry(Path(path))


@st.cache_data(show_spinner=False)
def _cached_mart(path: str, modified: float, mart: str) -> pd.DataFrame | None:
    """A mart's rows, reloaded when the warehouse file changes (its mtime is in the cache key)."""
    del modified
    return load_mart(Path(path), mart)


def _grain_control(container: st.delta_generator.DeltaGenerator, key: str) -> str:
    grain = container.segmented_control(
        "Grain",
        list(GRAINS),
        default="month",
        required=True,
        key=key,
        format_func=str.capitalize,
        width="stretch",
    )
    return str(grain or "month")


def _frames(path: Path, marts: list[str]) -> dict[str, pd.DataFrame | None] | None:
    """The marts' rows; None (after showing why) when the warehouse cannot be read."""
    modified = path.stat().st_mtime
    try:
        return {mart: _cached_mart(str(path), modified, mart) for mart in marts}
    except WarehouseBusyError as error:
        st.error(str(error))
        return None


def _overview_page(path: Path, all_views: tuple[MartView, ...]) -> Callable[[], None]:
    def overview() -> None:
        header, control = st.columns([3, 2], vertical_alignment="bottom")
        header.title("Sales effectiveness")
        grain = _grain_control(control, "overview-grain")
        views = tuple(view for view in all_views if not view.series_column)
        frames = _frames(path, [view.mart for view in views])
        if frames is None:
            return
        latest = [
            company_periods(frame, grain).latest for frame in frames.values() if frame is not None
        ]
        latest_known = [start for start in latest if start is not None]
        period = period_label(max(latest_known), grain) if latest_known else "none yet"
        header.caption(
            f"{COMPANY.capitalize()} headline KPIs of the latest complete {grain}: **{period}**. "
            "Change vs the period before. A measure whose outcome window is still open shows its "
            "latest settled period, named on its card. Open an area on the left for charts and "
            "segments."
        )
        render_overview(views, frames, grain)

    return overview


def _area_page(area: Area, path: Path) -> Callable[[], None]:
    def page() -> None:
        header, control = st.columns([3, 2], vertical_alignment="bottom")
        header.title(area.title)
        header.caption(area.intro)
        grain = _grain_control(control, f"{area.slug}-grain")
        include_running = control.toggle(
            "Include the running (incomplete) period in charts", key=f"{area.slug}-running"
        )
        frames = _frames(path, [view.mart for view in area.views])
        if frames is None:
            return
        for view in area.views:
            render_mart(view, frames[view.mart], grain, include_running)

    return page


def main() -> None:
    st.set_page_config(
        page_title="Sales effectiveness", page_icon=":material/insights:", layout="wide"
    )
    path = _warehouse_from_argv(sys.argv[1:])
    if not path.exists():
        st.title("Sales effectiveness")
        st.error(
            f"No warehouse at `{path}`. Build it first with `make demo`, or start the dashboard "
            "with `salesfx dashboard --warehouse PATH` pointing at a built DuckDB file."
        )
        st.stop()
    try:
        registry = _cached_registry(str(path), path.stat().st_mtime)
    except (RegistryError, WarehouseBusyError) as error:
        st.title("Sales effectiveness")
        st.error(
            f"Cannot read the KPI registry: {error}. Build the warehouse with `make demo` "
            "(it publishes `main_marts.dim_kpi_measures`)."
        )
        st.stop()
    all_views = all_mart_views(registry)
    pages = [
        st.Page(
            _overview_page(path, all_views),
            title="Overview",
            icon=":material/dashboard:",
            default=True,
        ),
        *(
            st.Page(_area_page(area, path), title=area.title, icon=area.icon, url_path=area.slug)
            for area in areas(registry)
        ),
    ]
    navigation = st.navigation(pages, position="sidebar", expanded=True)
    with st.sidebar:
        st.markdown("### Sales effectiveness")
        built = datetime.fromtimestamp(path.stat().st_mtime)
        st.caption(
            f"Warehouse `{path.name}`, built {built:%Y-%m-%d %H:%M}. Read-only. Every number "
            "comes from a `kpi_` mart (schema `main_marts`); rates are recomputed per period "
            "and segment, never averaged."
        )
    navigation.run()


main()
