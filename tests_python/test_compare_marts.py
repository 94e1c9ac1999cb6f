"""`salesfx compare-marts` finds equal marts equal and reports every kind of difference."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from salesfx import compare_marts
from salesfx.cli import main
from salesfx.compare_marts import TableData, compare_tables, values_equal

COLUMNS = ("period_grain", "period_start", "segment_type", "segment_value", "rate", "label")


def kpi_rows() -> list[tuple[object, ...]]:
    return [
        ("month", date(2025, 1, 1), "company", "all", 0.25, "Company"),
        ("month", date(2025, 2, 1), "company", "all", None, "Company"),
        ("month", date(2025, 1, 1), "sales_rep", "u1", 1 / 3, "Ana"),
    ]


def test_values_equal_rules() -> None:
    assert values_equal(None, None, 1e-9)
    assert not values_equal(None, 0, 1e-9)
    assert values_equal(1 / 3, 0.3333333333333333 * (1 + 1e-12), 1e-9)
    assert not values_equal(1 / 3, 0.3334, 1e-9)
    assert values_equal(2, 2.0, 1e-9)
    assert values_equal(0.0, 0.0, 1e-9)
    assert values_equal("a", "a", 1e-9)
    assert not values_equal("a", "a ", 1e-9)
    assert not values_equal(True, 1, 1e-9)
    assert values_equal(date(2025, 1, 1), date(2025, 1, 1), 1e-9)


def test_same_rows_in_another_order_are_equal() -> None:
    left = TableData(COLUMNS, kpi_rows())
    right = TableData(COLUMNS, list(reversed(kpi_rows())))
    diff = compare_tables("kpi_x", left, right, key=COLUMNS[:4])
    assert diff.ok


def test_differences_are_reported() -> None:
    rows = kpi_rows()
    changed = [rows[0][:4] + (0.26, "Company"), rows[2]]  # value changed, one row missing
    changed.append(("month", date(2025, 3, 1), "company", "all", 0.1, "Company"))  # extra row
    diff = compare_tables(
        "kpi_x", TableData(COLUMNS, rows), TableData(COLUMNS, changed), key=COLUMNS[:4]
    )
    assert not diff.ok
    assert diff.value_diff_counts == {"rate": 1}
    assert len(diff.only_left_keys) == 1 and len(diff.only_right_keys) == 1
    lines = "\n".join(compare_marts.report([diff], "left", "right"))
    assert "rate: 1 values differ" in lines and "1 keys only on right" in lines


def test_default_key_is_the_non_float_columns() -> None:
    assert compare_marts.default_key(TableData(COLUMNS, kpi_rows())) == (
        "period_grain",
        "period_start",
        "segment_type",
        "segment_value",
        "label",
    )


def make_warehouse(path: Path, rate: float) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema main_marts")
    con.execute(
        f"""
        create table main_marts.kpi_demo as
        select * from (values
            ('month', date '2025-01-01', 'company', 'all', {rate}, 'Company'),
            ('month', date '2025-02-01', 'company', 'all', null, 'Company')
        ) as t({", ".join(COLUMNS)})
        """
    )
    con.execute("create table main_marts.fct_ignored as select 1 as id")
    con.close()


def test_command_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no manifest here: the key is every non-float column
    make_warehouse(tmp_path / "a.duckdb", 0.5)
    make_warehouse(tmp_path / "b.duckdb", 0.5 * (1 + 1e-12))
    make_warehouse(tmp_path / "c.duckdb", 0.6)
    assert (
        main(
            ["compare-marts", f"duckdb:{tmp_path / 'a.duckdb'}", f"duckdb:{tmp_path / 'b.duckdb'}"]
        )
        == 0
    )
    assert "1 of 1 marts equal" in capsys.readouterr().out
    assert (
        main(
            ["compare-marts", f"duckdb:{tmp_path / 'a.duckdb'}", f"duckdb:{tmp_path / 'c.duckdb'}"]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "DIFF  kpi_demo" in out and "rate: 1 values differ" in out
