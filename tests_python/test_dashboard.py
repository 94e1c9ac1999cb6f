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
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from salesfx.dashboard.command import streamlit_command
from salesfx.dashboard.config import AREAS, MartView, all_mart_views
from salesfx.dashboard.data import company_periods, load_mart, period_label
from salesfx.dashboard.formats import format_value
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
    warehouse: Path, mart: str, grain: str, segment_type: str, segment_value: str
) -> pd.Series:
    frame = load_mart(warehouse, mart)
    assert frame is not None, f"{mart} is not built"
    latest = company_periods(frame, grain).latest
    assert latest is not None, f"{mart} has no complete {grain}"
    rows = frame[
        (frame["period_grain"] == grain)
        & (frame["segment_type"] == segment_type)
        & (frame["segment_value"] == segment_value)
        & (frame["period_start"] == latest)
    ]
    assert len(rows) == 1, f"{mart}: {len(rows)} rows for {grain} {segment_type}={segment_value}"
    return rows.iloc[0]


def test_every_configured_column_is_in_its_mart(warehouse: Path) -> None:
    """The dashboard's config and the marts agree (a renamed column fails here, not in a demo)."""
    missing: list[str] = []
    with connect_read_only(warehouse) as con:
        for view in all_mart_views():
            columns = table_columns(con, MARTS_SCHEMA, view.mart)
            if not columns:
                missing.append(f"{view.mart} (not built)")
                continue
            wanted = [measure.column for measure in view.measures]
            wanted += [column for chart in view.charts for column in chart.columns]
            wanted += [c for c in (view.series_column, view.series_order_column) if c]
            missing += [f"{view.mart}.{column}" for column in wanted if column not in columns]
    assert not missing, f"configured but not in the warehouse: {missing}"


def test_every_view_renders_without_errors(page: Page, base_url: str) -> None:
    _open(page, base_url)
    _assert_no_errors(page, "overview")
    _screenshot(page, "overview")
    for area in AREAS:
        _open(page, f"{base_url}/{area.slug}")
        _assert_no_errors(page, area.slug)
        for view in area.marts:
            section = page.locator(f".st-key-mart-{view.mart}")
            assert section.count() == 1, f"{area.slug}: no section for {view.mart}"
            assert section.locator("[data-testid='stMetric']").count() >= 1, view.mart
            charts = section.locator("[data-testid='stVegaLiteChart']")
            assert charts.count() == len(view.charts), f"{view.mart}: charts missing"
        _screenshot(page, area.slug)


HEADLINE_CARDS: tuple[tuple[str, str, str, str], ...] = (
    # page, mart, column, card label
    ("lead-response", "kpi_lead_response_time", "response_rate", "Response rate"),
    ("lead-response", "kpi_lead_response_time", "lead_requests", "Lead requests"),
    ("volume", "kpi_sales_volume", "units_sold", "Units sold"),
    ("customers", "kpi_customer_acquisition_cost", "cac_usd", "CAC"),
    ("customers", "kpi_customer_churn_rate", "churn_rate", "Churn rate"),
    ("productivity", "kpi_sales_productivity", "win_rate", "Win rate"),
    ("revenue", "kpi_revenue_growth", "recognized_revenue_usd", "Recognized revenue"),
)


def _view(mart: str) -> MartView:
    return next(view for view in all_mart_views() if view.mart == mart)


@pytest.mark.parametrize(("slug", "mart", "column", "label"), HEADLINE_CARDS, ids=lambda v: str(v))
def test_headline_card_shows_the_marts_company_value(
    page: Page, base_url: str, warehouse: Path, slug: str, mart: str, column: str, label: str
) -> None:
    _open(page, f"{base_url}/{slug}")
    row = _mart_row(warehouse, mart, "month", "company", "all")
    expected = format_value(row[column], _view(mart).measure(column).fmt)
    assert _card_value(page, mart, label) == expected


def test_grain_selector_switches_to_quarters(page: Page, base_url: str, warehouse: Path) -> None:
    _open(page, f"{base_url}/volume")
    page.locator("[data-testid='stButtonGroup'] button", has_text="Quarter").click()
    section = page.locator(".st-key-mart-kpi_sales_volume")
    section.get_by_text("latest complete quarter").wait_for()
    _wait_idle(page)
    row = _mart_row(warehouse, "kpi_sales_volume", "quarter", "company", "all")
    assert period_label(pd.Timestamp(row["period_start"]), "quarter") in section.inner_text()
    assert _card_value(page, "kpi_sales_volume", "Units sold") == format_value(
        row["units_sold"], "count"
    )
    _assert_no_errors(page, "volume by quarter")


def test_segment_selector_shows_a_team(page: Page, base_url: str, warehouse: Path) -> None:
    mart = "kpi_lead_response_time"
    frame = load_mart(warehouse, mart)
    assert frame is not None
    latest = company_periods(frame, "month").latest
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
    expected = format_value(team["response_rate"], "rate")
    assert _card_value(page, mart, "Response rate") == expected
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
