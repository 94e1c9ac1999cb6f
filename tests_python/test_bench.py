"""The parts of `salesfx bench` that need no dbt: the day-earlier copy, the lake, the report."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR

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


def test_without_last_days_drops_the_rows_of_the_last_day_only(tmp_path: Path) -> None:
    full = company(tmp_path / "full")
    earlier = bench.without_last_days(full, tmp_path / "earlier")

    # a day before the last task sync (2025-03-02 12:00) on every source's arrival column
    assert ids(earlier, "salesforce", "task") == ["t1", "t2"]
    assert ids(earlier, "marketing", "form_submission") == ["f2", "f3"]  # no arrival: kept
    assert ids(earlier, "billing", "subscription") == ["s1"]
    assert ids(earlier, "finance", "spend") == ["x"]  # reference data
    assert bench.raw_row_count(full) == 4 + 3 + 1 + 1
    assert bench.raw_row_count(earlier) == 2 + 2 + 1 + 1
    # cached: a second call reuses the copy
    assert bench.without_last_days(full, tmp_path / "earlier") == earlier


def test_without_last_days_goes_back_two_days(tmp_path: Path) -> None:
    full = company(tmp_path / "full")
    earlier = bench.without_last_days(full, tmp_path / "earlier", days=2)

    # two days before the last task sync: before 2025-03-01 12:00
    assert ids(earlier, "salesforce", "task") == ["t1"]
    assert ids(earlier, "marketing", "form_submission") == ["f2", "f3"]
    assert ids(earlier, "finance", "spend") == ["x"]


def test_point_lake_switches_the_folder_a_build_reads(tmp_path: Path) -> None:
    full = company(tmp_path / "full")
    earlier = bench.without_last_days(full, tmp_path / "earlier")
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


def test_build_runs_one_duckdb_thread_per_model_with_the_current_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dbt builds --threads models at once, each on --duckdb-threads DuckDB threads (two models
    of two threads each ran out of a 3 GB memory_limit at scale 250); a cached work folder gets
    the project's profile again, not the one it kept from an earlier run."""
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_dbt(args: list[str], env: dict[str, str], target: Path) -> tuple[float, float, int]:
        calls.append((args, env))
        (target / "target").mkdir(exist_ok=True)
        (target / "target" / "run_results.json").write_text('{"results": []}', encoding="utf-8")
        return 1.0, 100.0, 0

    monkeypatch.setattr(bench, "dbt", fake_dbt)
    monkeypatch.chdir(PROJECT_DIR)
    work = tmp_path / "work"
    work.mkdir()
    (work / "profiles.yml").write_text("stale: true\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    bench.register(parser.add_subparsers())
    args = parser.parse_args(["bench", "--scale", "1"])

    bench.build(tmp_path / "company", tmp_path / "w.duckdb", work, args, fresh=True)

    assert [args_[0] for args_, _ in calls] == ["seed", "build"]
    build_args, env = calls[-1]
    assert build_args[build_args.index("--threads") + 1] == "2"
    assert env["SALESFX_DUCKDB_THREADS"] == "1"
    assert env["SALESFX_DUCKDB_MEMORY_LIMIT"] == "3GB"
    assert (work / "profiles.yml").read_text(encoding="utf-8") == (
        PROJECT_DIR / "profiles.example.yml"
    ).read_text(encoding="utf-8")


def test_incremental_bench_times_a_daily_build_that_follows_a_daily_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The company two days back is built from scratch, then a day later incrementally (the
    first daily build, which pays DuckDB's compaction of a table built from scratch), then with
    the last day: that last build is the daily build reported, its share of the full build's."""
    full = company(tmp_path / "company-seed42-scale1")
    builds: list[tuple[list[str], bool]] = []

    def fake_build(
        folder: Path, warehouse: Path, work: Path, args: argparse.Namespace, fresh: bool
    ) -> bench.Run:
        builds.append((ids(folder, "salesforce", "task"), fresh))
        seconds = {0: 100.0, 1: 60.0, 2: 40.0, 3: 10.0}[len(builds) - 1]
        return bench.Run(seconds, 1.0, 1, [], seconds - 1)

    monkeypatch.setattr(bench, "build", fake_build)
    monkeypatch.setattr(bench, "ensure_company", lambda cache, seed, scale: full)
    parser = argparse.ArgumentParser()
    bench.register(parser.add_subparsers())
    args = parser.parse_args(
        ["bench", "--scale", "1", "--incremental", "--cache-dir", str(tmp_path)]
    )

    result = bench.bench_scale(1.0, args)

    assert builds == [
        (["t1", "t2", "t3", "t4"], True),  # the full build
        (["t1"], True),  # two days back, from scratch
        (["t1", "t2"], False),  # the first daily build
        (["t1", "t2", "t3", "t4"], False),  # the daily build reported
    ]
    assert result.first_daily is not None and result.first_daily.wall_seconds == 40.0
    assert result.daily is not None and result.daily.wall_seconds == 10.0
    assert (result.first_daily_share, result.daily_share) == (0.4, 0.1)


def test_dbt_elapsed_reads_run_results(tmp_path: Path) -> None:
    (tmp_path / "run_results.json").write_text(
        json.dumps({"results": [], "elapsed_time": 229.4041}), encoding="utf-8"
    )
    assert bench.dbt_elapsed(tmp_path) == 229.4
    (tmp_path / "run_results.json").write_text('{"results": []}', encoding="utf-8")
    assert bench.dbt_elapsed(tmp_path) is None


def test_node_time_by_kind_splits_a_build_as_the_readme_reports_it(tmp_path: Path) -> None:
    def model(path: str, materialized: str) -> dict[str, object]:
        return {
            "resource_type": "model",
            "name": Path(path).stem,
            "original_file_path": f"models/{path}",
            "config": {"materialized": materialized},
        }

    nodes = {
        "model.p.kpi_a": model("marts/core/kpi_a.sql", "table"),
        "model.p.fct_b": model("marts/core/fct_b.sql", "incremental"),  # incremental mart
        "model.p.fct_g": model("semantic/fct_g.sql", "table"),  # a semantic fact: a mart
        "model.p.int_c": model("intermediate/common/int_c.sql", "table"),
        "model.p.stg_d": model("staging/x/stg_d.sql", "view"),
        "model.p.int_e": model("intermediate/common/int_e.sql", "ephemeral"),
        "seed.p.f": {"resource_type": "seed", "name": "f", "config": {"materialized": "seed"}},
        "test.p.unique_kpi_a_x.abc": {"resource_type": "test", "name": "unique_kpi_a_x"},
    }
    results = [
        {"unique_id": "model.p.kpi_a", "execution_time": 2.0},
        {"unique_id": "model.p.fct_g", "execution_time": 0.5},
        {"unique_id": "model.p.fct_b", "execution_time": 1.24},
        {"unique_id": "model.p.int_c", "execution_time": 3.0},
        {"unique_id": "model.p.stg_d", "execution_time": 0.5},
        {"unique_id": "model.p.int_e", "execution_time": 0.0},
        {"unique_id": "seed.p.f", "execution_time": 0.3},
        {"unique_id": "test.p.unique_kpi_a_x.abc", "execution_time": 0.75},
        {"unique_id": "test.p.not_in_manifest.def", "execution_time": 0.25},
        {"unique_id": "operation.p.p-on-run-end-0", "execution_time": 0.1},
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"results": results}), encoding="utf-8")
    assert bench.node_time_by_kind(tmp_path) == []  # no manifest: no split

    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": nodes}), encoding="utf-8")

    assert [(k.kind, k.nodes, k.seconds) for k in bench.node_time_by_kind(tmp_path)] == [
        ("table marts", 2, 2.5),
        ("other tables", 1, 3.0),
        ("incremental models", 1, 1.2),
        ("views", 1, 0.5),
        ("seeds", 1, 0.3),
        ("data tests", 2, 1.0),
        ("other nodes", 2, 0.1),
    ]
