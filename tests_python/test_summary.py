"""The KPI summary: the registry's headline measures, each read from its mart's company row.

Marts and registries here are hand-made (synthetic), so that the tests pin the rules, not the
demo's numbers: latest complete month and the month before; a maturing measure (registry
`matures_with`) shown for its latest settled month, and the latest complete month when the mart
has no flag column yet; labels, formats and arrows from the registry.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from salesfx import summary
from salesfx.formats import format_magnitude, format_value
from salesfx.registry import Mart, Measure, Registry

CHURN = Measure(
    mart="kpi_customer_churn_rate",
    column="churn_rate",
    label="Churn rate",
    format="rate",
    higher_is_better=False,
    headline=True,
    range=(0.0, 1.0),
    description="churned / customers at start.",
    matures_with=None,
    position=10,
)
CONVERSION = Measure(
    mart="kpi_follow_up_4p",
    column="conversion_rate",
    label="Conversion rate",
    format="rate",
    higher_is_better=True,
    headline=True,
    range=(0.0, 1.0),
    description="converted / requests.",
    matures_with="is_conversion_maturing",
    position=8,
)
REQUESTS = Measure(
    mart="kpi_follow_up_4p",
    column="lead_requests",
    label="Lead requests",
    format="count",
    higher_is_better=True,
    headline=True,
    range=(0.0, None),
    description="requests.",
    matures_with=None,
    position=7,
)
VOLUME = Measure(
    mart="kpi_units",
    column="units_sold",
    label="Units sold",
    format="count",
    higher_is_better=True,
    headline=True,
    range=(0.0, None),
    description="units.",
    matures_with=None,
    position=7,
)
REGISTRY = Registry(
    (
        Mart("kpi_follow_up_4p", "The 4 P's", 20, "4P.", (REQUESTS, CONVERSION)),
        Mart("kpi_units", "Units", 50, "Units.", (VOLUME,)),
        Mart("kpi_customer_churn_rate", "Customer churn", 70, "Churn.", (CHURN,)),
    )
)


@pytest.fixture()
def tiny_warehouse(tmp_path: Path) -> Path:
    """Churn (no maturing) and 4P marts (conversion matures for two months); no volume mart."""
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
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
        con.execute(
            """
            create table main_marts.kpi_follow_up_4p as
            select * from (values
                ('month', date '2025-08-01', true, 'company', 'all', 'Company', 100, 0.21, false),
                ('month', date '2025-09-01', true, 'company', 'all', 'Company', 110, 0.20, false),
                ('month', date '2025-10-01', true, 'company', 'all', 'Company', 120, 0.12, true),
                ('month', date '2025-11-01', true, 'company', 'all', 'Company', 130, 0.05, true),
                ('month', date '2025-12-01', false, 'company', 'all', 'Company', 20, 0.0, true)
            ) as t(period_grain, period_start, is_complete_period, segment_type, segment_value,
                   segment_label, lead_requests, conversion_rate, is_conversion_maturing)
            """
        )
    return path


def _text(path: Path, registry: Registry | None = REGISTRY, **kwargs: str) -> tuple[int, str]:
    console = Console(record=True, width=200)
    code = summary.run(str(path), console, registry, **kwargs)
    return code, console.export_text()


def test_reads_latest_complete_month_and_previous(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        value = summary.read_headline(con, CHURN)
    assert str(value.period_start) == "2025-11-01"
    assert value.value == pytest.approx(0.05)
    assert value.previous == pytest.approx(0.02)
    assert not value.matured


def test_a_maturing_measure_shows_its_latest_settled_month(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        conversion = summary.read_headline(con, CONVERSION)
        requests = summary.read_headline(con, REQUESTS)
    assert str(conversion.period_start) == "2025-09-01" and conversion.matured
    assert (conversion.value, conversion.previous) == (pytest.approx(0.20), pytest.approx(0.21))
    assert str(requests.period_start) == "2025-11-01" and not requests.matured


def test_without_the_flag_column_the_latest_complete_month_is_shown(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute("alter table main_marts.kpi_follow_up_4p drop column is_conversion_maturing")
        value = summary.read_headline(con, CONVERSION)
    assert str(value.period_start) == "2025-11-01" and not value.matured
    assert value.value == pytest.approx(0.05)


def test_every_month_maturing_is_said(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute("update main_marts.kpi_follow_up_4p set is_conversion_maturing = true")
        value = summary.read_headline(con, CONVERSION)
    assert value.value is None and value.note == "every complete month still maturing"


def test_the_table_follows_the_registry(tiny_warehouse: Path) -> None:
    code, text = _text(tiny_warehouse)
    assert code == 0
    assert "latest complete month: November 2025" in text
    lines = text.splitlines()
    order = [
        next(i for i, line in enumerate(lines) if label in line)
        for label in ("Lead requests", "Conversion rate", "Units sold", "Churn rate")
    ]
    assert order == sorted(order)  # mart order, then column order
    conversion = next(line for line in lines if "Conversion rate" in line)
    assert "(Sep 2025)" in conversion
    assert "later months are still maturing" in text
    assert "20.0%" in conversion and "21.0%" in conversion and "▼ 1.0 pts" in conversion
    assert "kpi_units not built" in text
    churn = next(line for line in lines if "Churn rate" in line)
    assert "5.0%" in churn and "▲ 3.0 pts" in churn


def test_arrows_follow_higher_is_better(tiny_warehouse: Path) -> None:
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        churn = summary.read_headline(con, CHURN)
        requests = summary.read_headline(con, REQUESTS)
    assert summary._change(churn).startswith("[red]▲")  # churn went up: bad
    assert summary._change(requests).startswith("[green]▲")  # more requests: good
    neutral = summary.HeadlineValue(
        Measure(**{**REQUESTS.__dict__, "higher_is_better": None}), "", None, 2.0, 1.0
    )
    assert summary._change(neutral) == "▲ 1"


def test_the_registry_is_read_from_the_warehouse(tiny_warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(tiny_warehouse)) as con:
        con.execute(
            """create table main_marts.dim_kpi_measures as select
            'kpi_customer_churn_rate' as mart, 'Churn' as mart_title, 70 as mart_order,
            'Churn.' as mart_description, 'churn_rate' as column_name, 10 as column_position,
            'Share of customers lost' as label, 'rate' as value_format,
            false as higher_is_better, true as is_headline, 0.0 as range_min, 1.0 as range_max,
            null as matures_with, 'churned / at start.' as description"""
        )
    code, text = _text(tiny_warehouse, None, target=str(tmp_path / "no_target"))
    assert code == 0, text
    assert "Share of customers lost" in text and "5.0%" in text


def test_no_registry_exits_2(tiny_warehouse: Path, tmp_path: Path) -> None:
    code, text = _text(tiny_warehouse, None, target=str(tmp_path / "no_target"))
    assert code == 2
    assert "dim_kpi_measures" in text and "make demo" in text


def test_missing_warehouse_exits_2(tmp_path: Path) -> None:
    code, text = _text(tmp_path / "absent.duckdb")
    assert code == 2
    assert "make demo" in text


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("minutes", 7, "7 min"),
        ("minutes", 180, "3.0 h"),
        ("minutes", 4320, "3.0 days"),
        ("rate", 0.123, "12.3%"),
        ("growth", 0.05, "+5.0%"),
        ("usd", 1234.4, "$1,234"),
        ("usd", -50, "-$50"),
        ("count", 11563.0, "11,563"),
        ("days", 26, "26.0 days"),
        ("number", 2.345, "2.35"),
        ("rate", None, "—"),
        ("rate", float("nan"), "—"),
    ],
)
def test_formats(fmt: str, value: float | None, expected: str) -> None:
    assert format_value(value, fmt) == expected


def test_changes_of_rates_are_in_points() -> None:
    assert format_magnitude(-0.046, "rate") == "4.6 pts"
    assert format_magnitude(-49.0, "minutes") == "49 min"
