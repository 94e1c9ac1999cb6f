"""The parts of `salesfx bench` that need no dbt: the day-earlier copy, the lake, the report."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from salesfx import bench


def write_table(folder: Path, source: str, table: str, select: str) -> None:
    out = folder / source / table
    out.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute(f"copy ({select}) to '{out / 'part-00000.parquet'}' (format parquet)")


def company(folder: Path) -> Path:
    # tasks synced over three days; the last sync is 2025-03-03 12:00
    write_table(
        folder,
        "salesforce",
        "task",
        "select * from (values ('t1', timestamp '2025-03-01 09:00'), "
        "('t2', timestamp '2025-03-02 11:59'), ('t3', timestamp '2025-03-02 12:30'), "
        "('t4', timestamp '2025-03-03 12:00')) as t(id, _fivetran_synced)",
    )
    write_table(
        folder,
        "marketing",
        "form_submission",
        "select * from (values ('f1', timestamp '2025-03-03 08:00'), "
        "('f2', timestamp '2025-03-01 08:00'), ('f3', null)) as t(id, submitted_at)",
    )
    write_table(
        folder, "billing", "subscription", "select 's1' as id, null::timestamp as created_at"
    )
    write_table(folder, "finance", "spend", "select 'x' as id, 10.0 as amount")
    return folder


def ids(folder: Path, source: str, table: str) -> list[str]:
    with duckdb.connect() as con:
        rows = con.execute(
            "select id from read_parquet(?) order by id",
            [str(folder / source / table / "*.parquet")],
        ).fetchall()
    return [row[0] for row in rows]


def test_without_last_day_drops_the_rows_of_the_last_day_only(tmp_path: Path) -> None:
    full = company(tmp_path / "full")
    earlier = bench.without_last_day(full, tmp_path / "earlier")

    # a day before the last task sync (2025-03-02 12:00) on every source's arrival column
    assert ids(earlier, "salesforce", "task") == ["t1", "t2"]
    assert ids(earlier, "marketing", "form_submission") == ["f2", "f3"]  # no arrival: kept
    assert ids(earlier, "billing", "subscription") == ["s1"]
    assert ids(earlier, "finance", "spend") == ["x"]  # reference data
    assert bench.raw_row_count(full) == 4 + 3 + 1 + 1
    assert bench.raw_row_count(earlier) == 2 + 2 + 1 + 1
    # cached: a second call reuses the copy
    assert bench.without_last_day(full, tmp_path / "earlier") == earlier


def test_point_lake_switches_the_folder_a_build_reads(tmp_path: Path) -> None:
    full = company(tmp_path / "full")
    earlier = bench.without_last_day(full, tmp_path / "earlier")
    lake = tmp_path / "lake"

    bench.point_lake(lake, earlier)
    assert ids(lake, "salesforce", "task") == ["t1", "t2"]
    bench.point_lake(lake, full)
    assert ids(lake, "salesforce", "task") == ["t1", "t2", "t3", "t4"]


def test_slowest_nodes_reads_run_results(tmp_path: Path) -> None:
    results = [
        {"unique_id": "model.p.kpi_a", "execution_time": 1.0},
        {"unique_id": "test.p.not_null_kpi_a_x.abc123", "execution_time": 3.456},
        {"unique_id": "model.p.int_b", "execution_time": 2.0},
    ]
    (tmp_path / "run_results.json").write_text(
        json.dumps({"results": results, "generated_at": str(datetime(2025, 1, 1))}),
        encoding="utf-8",
    )

    count, slowest = bench.slowest_nodes(tmp_path, count=2)

    assert count == 3
    assert [(node.name, node.seconds) for node in slowest] == [
        ("not_null_kpi_a_x", 3.46),
        ("int_b", 2.0),
    ]
