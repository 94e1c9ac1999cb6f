"""The KPI summary reads the latest complete month of each mart's company row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from salesfx import summary


@pytest.fixture()
def tiny_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema main_marts")
    con.execute(
        """
        create table main_marts.kpi_customer_churn_rate as
        select * from (values
            ('month', date '2025-10-01', true, 'company', 'all', 'All', 0.02),
            ('month', date '2025-11-01', true, 'company', 'all', 'All', 0.05),
            ('month', date '2025-12-01', false, 'company', 'all', 'All', 0.50),
            ('month', date '2025-11-01', true, 'product', 'SEC-STD', 'Security', 0.30)
        ) as t(period_grain, period_start, is_complete_period, segment_type, segment_value,
               segment_label, churn_rate)
        """
    )
    con.close()
    return path


def test_reads_latest_complete_month_and_previous(tiny_warehouse: Path) -> None:
    headline = next(h for h in summary.HEADLINES if h.column == "churn_rate")
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        value = summary.read_headline(con, headline)
    assert str(value.period_start) == "2025-11-01"
    assert value.value == pytest.approx(0.05)
    assert value.previous == pytest.approx(0.02)


def test_missing_marts_are_reported_not_fatal(tiny_warehouse: Path) -> None:
    console = Console(record=True, width=160)
    assert summary.run(str(tiny_warehouse), console) == 0
    text = console.export_text()
    assert "5.0%" in text
    assert "kpi_sales_volume not built" in text


def test_missing_warehouse_exits_2(tmp_path: Path) -> None:
    console = Console(record=True, width=160)
    assert summary.run(str(tmp_path / "absent.duckdb"), console) == 2
    assert "make demo" in console.export_text()


@pytest.mark.parametrize(
    ("formatter", "value", "expected"),
    [
        (summary.fmt_minutes, 7, "7 min"),
        (summary.fmt_minutes, 180, "3.0 h"),
        (summary.fmt_minutes, 4320, "3.0 days"),
        (summary.fmt_rate, 0.123, "12.3%"),
        (summary.fmt_usd, 1234.4, "$1,234"),
    ],
)
def test_formats(formatter: summary.Formatter, value: float, expected: str) -> None:
    assert formatter(value) == expected
