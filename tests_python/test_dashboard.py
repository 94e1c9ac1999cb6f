"""The dashboard, used as a person would: started with `salesfx dashboard`, opened in headless
Chromium (Playwright), every page checked for errors, numbers compared with the marts, the grain
and segment selectors used, screenshots saved to reports/screenshots/.

Needs the built warehouse and a Chromium (scripts/install_browser.sh installs Debian's); skips,
saying why, when either is missing. Set SALESFX_CHROMIUM to use another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from salesfx import registry
from salesfx.dashboard.charts import time_chart
from salesfx.dashboard.command import streamlit_command
from salesfx.dashboard.config import (
    AREAS,
    LAYOUTS,
    Layout,
    MartView,
    all_mart_views,
    areas,
    layout_problems,
)
from salesfx.dashboard.data import company_periods, load_mart, load_registry, period_label
from salesfx.formats import format_value
from salesfx.manifest import Manifest
from salesfx.registry import Registry
from salesfx.warehouse import MARTS_SCHEMA, connect_read_only, table_columns, warehouse_path

PROJECT = Path(__file__).resolve().parents[1]
SCREENSHOTS = PROJECT / "reports" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 90_000


def _warehouse() -> Path:
    path = warehouse_path()
    return (path if path.is_absolute() else PROJECT / path).resolve()


def _chromium() -> str | None:
    explicit = os.environ.get("SALESFX_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(command: list[str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start the dashboard in its own process group and wait until it answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the dashboard exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    _stop(process)
    pytest.fail(f"the dashboard did not answer on port {port}:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def warehouse() -> Path:
    path = _warehouse()
    if not path.exists():
        pytest.skip(f"no warehouse at {path}: build it first (make demo / make test)")
    return path


@pytest.fixture(scope="module")
def kpis(warehouse: Path) -> Registry:
    """The KPI registry as the dashboard reads it (the warehouse's dim_kpi_measures)."""
    return load_registry(warehouse)


@pytest.fixture(scope="module")
def base_url(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard started with its CLI subcommand on a free localhost port."""
    port = _free_port()
    salesfx = Path(sys.executable).with_name("salesfx")
    command = (
        [str(salesfx)]
        if salesfx.exists()
        else [sys.executable, "-c", "import sys; from salesfx.cli import main; sys.exit(main())"]
    )
    command += [
        "dashboard",
        "--warehouse",
        str(warehouse),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    process = _start(command, port, tmp_path_factory.mktemp("dashboard") / "server.log")
    yield f"http://127.0.0.1:{port}"
    _stop(process)


@pytest.fixture(scope="module")
def browser_context() -> Iterator[BrowserContext]:
    executable = _chromium()
    if executable is None:
        pytest.skip(
            "no Chromium found (looked for chromium, chromium-browser, google-chrome and "
            "$SALESFX_CHROMIUM): run scripts/install_browser.sh"
        )
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1440, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser_context: BrowserContext) -> Iterator[Page]:
    new_page = browser_context.new_page()
    new_page.set_default_timeout(TIMEOUT_MS)
    yield new_page
    new_page.close()


def _wait_idle(page: Page) -> None:
    """Wait until the script run is over and no element is stale (a rerun has finished)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testScriptState === 'notRunning'
                && document.querySelectorAll('[data-stale="true"]').length === 0;
        }""",
        timeout=TIMEOUT_MS,
    )


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"], [data-testid="stAlert"]')
    _wait_idle(page)


def _assert_no_errors(page: Page, where: str) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()}"
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "is not in this warehouse" not in body, f"{where}: a mart is missing"


def _screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": min(max(int(height), 1000), 6000)})
    _wait_idle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1440, "height": 1000})
    return path


def _card_value(page: Page, mart: str, label: str) -> str:
    card = page.locator(f".st-key-mart-{mart} [data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label)
    )
    assert card.count() >= 1, f"no card {label!r} in {mart}"
    return str(card.first.locator("[data-testid='stMetricValue']").inner_text()).strip()


def _mart_row(
    warehouse: Path,
    mart: str,
    grain: str,
    segment_type: str,
    segment_value: str,
    matures_with: str | None = None,
) -> pd.Series:
    """The row a card shows: the latest complete (for a maturing measure: settled) period."""
    frame = load_mart(warehouse, mart)
    assert frame is not None, f"{mart} is not built"
    latest = company_periods(frame, grain, matures_with).latest
    assert latest is not None, f"{mart} has no complete {grain}"
    rows = frame[
        (frame["period_grain"] == grain)
        & (frame["segment_type"] == segment_type)
        & (frame["segment_value"] == segment_value)
        & (frame["period_start"] == latest)
    ]
    assert len(rows) == 1, f"{mart}: {len(rows)} rows for {grain} {segment_type}={segment_value}"
    return rows.iloc[0]


# --- the layout against the registry, no browser -------------------------------------------------


def test_the_layout_matches_the_projects_registry(project_manifest: Manifest) -> None:
    """Every registry mart is on one page; every charted column is a registry measure."""
    assert layout_problems(registry.from_manifest(project_manifest)) == []


def test_layout_problems_name_a_renamed_column(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    mart = next(m for m in found.marts if LAYOUTS[m.name].charts)
    charted = LAYOUTS[mart.name].charts[0].columns[0]
    measures = tuple(
        replace(m, column=f"{m.column}_renamed") if m.column == charted else m
        for m in mart.measures
    )
    broken = Registry(
        tuple(m if m.name != mart.name else replace(m, measures=measures) for m in found.marts)
    )
    assert f"{mart.name}.{charted}: charted but not a registry measure" in layout_problems(broken)


def test_every_configured_column_is_in_its_mart(warehouse: Path, kpis: Registry) -> None:
    """The registry, the layout and the built marts agree (a renamed column fails here)."""
    missing: list[str] = []
    with connect_read_only(warehouse) as con:
        for view in all_mart_views(kpis):
            columns = table_columns(con, MARTS_SCHEMA, view.mart)
            if not columns:
                missing.append(f"{view.mart} (not built)")
                continue
            wanted = [measure.column for measure in view.measures]
            wanted += [column for chart in view.charts for column in chart.columns]
            wanted += [c for c in (view.series_column, view.series_order_column) if c]
            missing += [f"{view.mart}.{column}" for column in wanted if column not in columns]
    assert not missing, f"configured but not in the warehouse: {missing}"


def _synthetic_frame() -> pd.DataFrame:
    """Company months Jul-Dec 2025; December running, October and November still maturing."""
    starts = pd.to_datetime(
        ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01"]
    )
    return pd.DataFrame(
        {
            "period_grain": "month",
            "period_start": starts,
            "is_complete_period": [True] * 5 + [False],
            "segment_type": "company",
            "segment_value": "all",
            "segment_label": "Company",
            "lead_requests": [100, 110, 120, 130, 140, 20],
            "conversion_rate": [0.21, 0.20, 0.19, 0.10, 0.04, 0.0],
            "is_conversion_maturing": [False, False, False, True, True, True],
        }
    )


def test_company_periods_skip_maturing_periods() -> None:
    frame = _synthetic_frame()
    plain = company_periods(frame, "month")
    assert (plain.latest, plain.previous) == (
        pd.Timestamp("2025-11-01"),
        pd.Timestamp("2025-10-01"),
    )
    settled = company_periods(frame, "month", "is_conversion_maturing")
    assert (settled.latest, settled.previous) == (
        pd.Timestamp("2025-09-01"),
        pd.Timestamp("2025-08-01"),
    )
    assert settled.maturing == (pd.Timestamp("2025-10-01"), pd.Timestamp("2025-11-01"))
    # the flag column is not built yet: the latest complete period
    assert company_periods(frame.drop(columns="is_conversion_maturing"), "month", "x") == plain


def test_maturing_periods_are_dashed_in_line_charts(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    view = MartView("kpi_follow_up_4p", found.mart("kpi_follow_up_4p"), LAYOUTS["kpi_follow_up_4p"])
    chart = view.charts[0]
    frame = _synthetic_frame()
    for column in chart.columns:
        frame[column] = frame.get(column, 0.1)
    rows = frame[frame["is_complete_period"]]
    maturing = {
        "conversion_rate": company_periods(frame, "month", "is_conversion_maturing").maturing
    }
    spec = time_chart(rows, view, chart, "month", maturing).to_dict()
    assert len(spec["layer"]) == 3
    assert spec["layer"][0]["mark"]["strokeDash"] == [5, 4]
    assert spec["title"] == view.chart_title(chart)
    plain = time_chart(rows, view, chart, "month").to_dict()
    assert "layer" not in plain


def test_a_page_of_one_mart_takes_the_mart_title(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    pages = {area.slug: area for area in areas(found)}
    single = [area for area in AREAS if len(area.marts) == 1 and not area.title]
    assert single, "no page of one mart without its own title"
    for area in single:
        assert pages[area.slug].title == found.mart(area.marts[0]).title
    assert Layout(()) not in [view.layout for area in pages.values() for view in area.views]


def test_every_view_renders_without_errors(page: Page, base_url: str, kpis: Registry) -> None:
    _open(page, base_url)
    _assert_no_errors(page, "overview")
    _screenshot(page, "overview")
    for area in areas(kpis):
        _open(page, f"{base_url}/{area.slug}")
        _assert_no_errors(page, area.slug)
        for view in area.views:
            section = page.locator(f".st-key-mart-{view.mart}")
            assert section.count() == 1, f"{area.slug}: no section for {view.mart}"
            assert section.locator("[data-testid='stMetric']").count() >= 1, view.mart
            charts = section.locator("[data-testid='stVegaLiteChart']")
            assert charts.count() == len(view.charts), f"{view.mart}: charts missing"
        _screenshot(page, area.slug)


def _view(kpis: Registry, mart: str) -> MartView:
    return next(view for view in all_mart_views(kpis) if view.mart == mart)


@pytest.mark.parametrize("slug", [area.slug for area in AREAS])
def test_headline_cards_show_the_marts_company_values(
    page: Page, base_url: str, warehouse: Path, kpis: Registry, slug: str
) -> None:
    """Every headline card of a page shows its mart's company value of the latest complete
    month, or for a maturing measure of its latest settled month (labels and formats from the
    registry)."""
    area = next(area for area in areas(kpis) if area.slug == slug)
    _open(page, f"{base_url}/{slug}")
    checked = 0
    for view in area.views:
        if view.series_column:
            continue
        for measure in view.headlines:
            row = _mart_row(warehouse, view.mart, "month", "company", "all", measure.matures_with)
            expected = format_value(row[measure.column], measure.format)
            assert _card_value(page, view.mart, measure.label) == expected, measure
            checked += 1
    assert checked or all(view.series_column for view in area.views)


def test_grain_selector_switches_to_quarters(
    page: Page, base_url: str, warehouse: Path, kpis: Registry
) -> None:
    area = next(area for area in areas(kpis) if area.slug == "volume")
    view = area.views[0]
    measure = view.headlines[0]
    _open(page, f"{base_url}/{area.slug}")
    page.locator("[data-testid='stButtonGroup'] button", has_text="Quarter").click()
    section = page.locator(f".st-key-mart-{view.mart}")
    section.get_by_text("latest complete quarter").wait_for()
    _wait_idle(page)
    row = _mart_row(warehouse, view.mart, "quarter", "company", "all", measure.matures_with)
    assert period_label(pd.Timestamp(row["period_start"]), "quarter") in section.inner_text()
    assert _card_value(page, view.mart, measure.label) == format_value(
        row[measure.column], measure.format
    )
    _assert_no_errors(page, "volume by quarter")


def test_segment_selector_shows_a_team(
    page: Page, base_url: str, warehouse: Path, kpis: Registry
) -> None:
    mart = "kpi_lead_response_time"
    measure = _view(kpis, mart).measure("response_rate")
    frame = load_mart(warehouse, mart)
    assert frame is not None
    latest = company_periods(frame, "month", measure.matures_with).latest
    teams = frame[
        (frame["segment_type"] == "sales_team")
        & (frame["period_grain"] == "month")
        & (frame["period_start"] == latest)
    ].sort_values("segment_label")
    if teams.empty:
        pytest.skip(f"{mart} has no sales_team row in the latest complete month")
    _open(page, f"{base_url}/lead-response")
    section = page.locator(f".st-key-mart-{mart}")
    section.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Sales team", exact=True).click()
    _wait_idle(page)
    team = teams.iloc[0]
    value_box = section.locator("[data-testid='stSelectbox']").nth(1)
    if team["segment_label"] not in value_box.inner_text():
        value_box.click()
        page.get_by_role("option", name=str(team["segment_label"]), exact=True).click()
        _wait_idle(page)
    section.get_by_text(f"Sales team: {team['segment_label']}").wait_for()
    expected = format_value(team["response_rate"], measure.format)
    assert _card_value(page, mart, measure.label) == expected
    _assert_no_errors(page, "lead response by team")
    _screenshot(page, "lead-response-by-team")


def test_missing_warehouse_says_how_to_build_it(page: Page, tmp_path: Path) -> None:
    port = _free_port()
    process = _start(
        streamlit_command(tmp_path / "absent.duckdb", port, "127.0.0.1"), port, tmp_path / "log"
    )
    try:
        page.goto(f"http://127.0.0.1:{port}")
        alert = page.locator("[data-testid='stAlert']")
        alert.wait_for()
        assert "No warehouse at" in alert.inner_text()
        assert "make demo" in alert.inner_text()
    finally:
        _stop(process)
